"""The review dashboard: page registry, global sidebar controls, run the chosen page.
Run with `streamlit run app.py` (scripts/run.sh builds the database first)."""
from __future__ import annotations

import streamlit as st

from analysis.i18n import t
from ui import layout, selection

st.set_page_config(page_title="Chỉ số CCHC", page_icon="📊", layout="wide", initial_sidebar_state="expanded")

# (file, url slug, catalogue key, icon); the first one is the default page.
# The scripts live in app_pages/, not pages/: with a pages/ folder beside app.py, Streamlit runs the
# first session after a start as an old-style multipage app and answers a shared link with
# "Page not found" (issue 13; tests/e2e/test_deep_link.py).
PAGES = [
    ("app_pages/1_tong_quan.py", "tong-quan", "overview", ":material/dashboard:"),
    ("app_pages/2_phan_tich.py", "phan-tich", "drilldown", ":material/account_tree:"),
    ("app_pages/3_don_vi_chu_tri.py", "don-vi-chu-tri", "agencies", ":material/apartment:"),
    ("app_pages/4_so_sanh.py", "so-sanh", "compare", ":material/compare_arrows:"),
    ("app_pages/5_muc_tieu.py", "muc-tieu", "targets", ":material/flag:"),
    ("app_pages/6_khoi_so_huyen.py", "khoi-so-huyen", "internal", ":material/groups:"),
    ("app_pages/present.py", "trinh-chieu", "present", ":material/slideshow:"),
    ("app_pages/7_du_lieu.py", "du-lieu", "data", ":material/upload_file:"),
    ("app_pages/8_gioi_thieu.py", "gioi-thieu", "about", ":material/info:"),
]

lang = selection.current_lang()
pages = [st.Page(path, title=t("page." + key, lang), url_path=slug, icon=icon)
         for path, slug, key, icon in PAGES[1:]]
# The default page is served at "/" whatever its url_path, so the overview is registered twice:
# at the root (shown in the menu) and, hidden, at /tong-quan so shared links with the slug work.
path, slug, key, icon = PAGES[0]
home = st.Page(path, title=t("page." + key, lang), url_path="home", icon=icon, default=True)
alias = st.Page(path, title=t("page." + key, lang), url_path=slug, icon=icon, visibility="hidden")
pg = st.navigation([home, *pages, alias])
selection.global_controls()
with layout.guard(lang):  # what a page's own frame did not catch (the presentation page)
    pg.run()
