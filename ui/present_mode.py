"""Presentation mode for pages/present.py: what a projector at 1920×1080 needs, and nothing else.

- no app chrome: Streamlit's header, toolbar, charts' hover toolbars and sidebar (with its expand button) are hidden on
  this page, so the sidebar stays closed and the slide starts at the top of the screen;
- the navigation (previous / position / next, downloads, exit) lives in a bar fixed to the bottom
  edge, so it never moves between slides and never pushes the slide down;
- large type: KPI figures at 5rem (80 px), body text at 1.5rem;
- keys: ← / → are the buttons' own shortcuts; PageUp / PageDown (what a presentation clicker
  sends) are caught on the document by a small script that clicks the same buttons.
"""
from __future__ import annotations

import streamlit as st

SLIDE_KEY = "present_slide"      # the slide's frame
BAR_KEY = "present_bar"          # st.container key: Streamlit gives it the class st-key-present_bar
DONE_KEY = "present_done"        # the test sentinel ("Xong: …"), kept in the page but never shown
PREVIOUS_KEY, NEXT_KEY = "present_previous", "present_next"

# Selectors are Streamlit 1.67's data-testid values (TOOLCHAIN §4).
STYLE = f"""<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stElementToolbar"], .st-key-{DONE_KEY} {{display: none !important;}}
[data-testid="stMain"] [data-testid="stMainBlockContainer"] {{padding: 1.5rem 3rem 11rem 3rem; max-width: 100%;}}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {{font-size: 1.5rem; line-height: 1.5;}}
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] div,
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p
    {{font-size: 5rem; line-height: 1.15;}}
[data-testid="stMain"] [data-testid="stMetricLabel"] p {{font-size: 1.4rem;}}
[data-testid="stMain"] [data-testid="stTable"] th, [data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] td p, [data-testid="stMain"] [data-testid="stTable"] th p
    {{font-size: 1.2rem; line-height: 1.35;}}
[data-testid="stMain"] h2 {{font-size: 2.6rem; padding-top: 0;}}
.st-key-{BAR_KEY} {{position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990; padding: 0.4rem 3rem;
    background: var(--background-color, #fff); border-top: 1px solid rgba(49, 51, 63, 0.2);}}
.st-key-{BAR_KEY} [data-testid="stMarkdownContainer"] p {{font-size: 1rem; margin: 0;}}
.st-key-{BAR_KEY} [data-testid="stAlert"] {{padding: 0; margin: 0;}}
.st-key-{BAR_KEY} [data-testid="stAlertContainer"] {{padding: 0.35rem 0.75rem;}}
</style>"""

# Installed once per browser tab (a flag on window), however many reruns add the element again.
# The buttons are looked up at key time, since each rerun may replace them.
KEYS = f"""<script>
(function () {{
  if (window.__presentKeys) return;
  window.__presentKeys = true;
  document.addEventListener("keydown", function (e) {{
    var key = {{PageDown: "{NEXT_KEY}", PageUp: "{PREVIOUS_KEY}"}}[e.key];
    if (!key) return;
    var button = document.querySelector(".st-key-" + key + " button");
    if (!button) return;  // another page: leave the key alone
    e.preventDefault();
    if (!button.disabled) button.click();
  }});
}})();
</script>"""


def install() -> None:
    """The page's style and the clicker keys; call before the slide is drawn."""
    st.html(STYLE)
    st.html(KEYS, unsafe_allow_javascript=True)


def bar():
    """The fixed bottom bar (a container); lay out the navigation inside it."""
    return st.container(key=BAR_KEY)


def done(text: str) -> None:
    """The page's "Xong: …" sentinel: in the page for tests, never on the projector."""
    with st.container(key=DONE_KEY):
        st.caption(text)
