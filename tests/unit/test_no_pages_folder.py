"""Streamlit treats a folder named `pages/` beside the entry script as an old-style multipage app
until the first session has run app.py's st.navigation: the first visit after a start resolved a
shared link (/so-sanh) against the folder's file names and showed "Page not found" (issue 13).
The page scripts therefore live in app_pages/."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_pages_folder_beside_app():
    assert (ROOT / "app.py").exists()
    assert not (ROOT / "pages").exists(), "rename it: Streamlit would run the first session as a v1 multipage app"
    assert (ROOT / "app_pages" / "1_tong_quan.py").exists()
