"""Trình chiếu: the current selection as full-width slides with large type, in the meeting deck's
order (the same `analysis.export.slides.story`, so screen and .pptx show the same figures).
Previous/Next buttons (← → keys), the slide number kept in the URL (`?slide=3`), and the
deck as .pptx to download. Register in app.py as url_path "trinh-chieu"."""
import streamlit as st

from analysis.export.slides import Request
from analysis.i18n import t
from ui import data, layout, selection, tables

# Large type for the slide only (the frame below), never the sidebar: a meeting room reads it
# from the back. The sidebar starts folded on this page so the slide has the full width.
LARGE_TYPE = """<style>
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li {font-size: 1.4rem; line-height: 1.5;}
[data-testid="stMain"] [data-testid="stMetricValue"],
[data-testid="stMain"] [data-testid="stMetricValue"] div {font-size: 3rem; line-height: 1.2;}
[data-testid="stMain"] [data-testid="stMetricLabel"] p {font-size: 1.2rem;}
[data-testid="stMain"] [data-testid="stTable"] th, [data-testid="stMain"] [data-testid="stTable"] td,
[data-testid="stMain"] [data-testid="stTable"] td p, [data-testid="stMain"] [data-testid="stTable"] th p
    {font-size: 1.15rem; line-height: 1.35;}
[data-testid="stMain"] h2 {font-size: 2.4rem;}
</style>"""


def slide_number(total: int) -> int:
    """The slide asked for in the URL, kept within 1..total."""
    try:
        wanted = int(selection.extra("slide", 1))
    except (TypeError, ValueError):
        wanted = 1
    return min(max(wanted, 1), total)


def go(n: int) -> None:
    selection.set_extra("slide", n)


def slide_table(table) -> None:
    tables.static_table(table.headers, table.rows)


def show_slide(s, lang: str) -> None:
    st.header(layout.md_escape(s.title), anchor=False)
    if s.subtitle:
        st.subheader(layout.md_escape(s.subtitle), anchor=False)
    if s.empty:
        st.info(layout.md_escape(s.empty), icon="ℹ️")
        return
    if s.kpis:
        for column, kpi in zip(st.columns(len(s.kpis)), s.kpis):
            layout.metric(layout.md_escape(kpi.label), kpi.value, kpi.note or None, delta_color="off",
                          container=column)
    text_and_chart = s.key == "headline" and s.chart is not None
    # Slide text and cells hold unit, criterion and agency names: shown as text, never Markdown.
    if s.text and not text_and_chart:
        st.markdown(layout.md_escape(s.text).replace("\n", "  \n"))
    if text_and_chart:
        left, right = st.columns([1, 1])
        left.markdown(layout.md_escape(s.text))
        with right:
            layout.chart(s.chart.make(lang, export=False))
    elif s.chart is not None and s.table is not None:
        left, right = st.columns([2, 3])
        with left:
            layout.chart(s.chart.make(lang, export=False))
        with right:
            slide_table(s.table)
    elif s.table is not None:
        slide_table(s.table)
    elif s.chart is not None:  # the map annex: a chart alone
        layout.chart(s.chart.make(lang, export=False))
    if s.table is not None and s.table.more:
        st.caption(layout.md_escape(s.table.more))


def main() -> None:
    st.set_page_config(initial_sidebar_state="collapsed")
    lang, workspace = selection.current_lang(), selection.current_workspace()
    st.title(t("page.present", lang))
    layout.demo_banner(lang, workspace)
    sel = selection.sidebar(peers=True)
    if sel is None or sel.unit_code is None:
        layout.empty_state(lang, "empty.no_data")
        st.caption(t("done.present", lang))
        return
    request = Request(sel.index_code, int(sel.year), sel.unit_code, tuple(sel.peers), lang)
    story = data.ask(workspace, "export.slides", "story", request)
    if story.refusal:  # the unit has no score: say what is missing and how to load it
        st.info(layout.md_escape(story.refusal), icon="ℹ️")
        st.caption(t("done.present", lang))
        return
    total = len(story.slides)
    n = slide_number(total)
    st.html(LARGE_TYPE)
    back, where, forward, download = st.columns([1, 1, 1, 3], vertical_alignment="center")
    back.button(t("present.previous", lang), on_click=go, args=(n - 1,), disabled=n <= 1, shortcut="Left",
                icon=":material/arrow_back:", key="present_previous")
    where.markdown(t("present.position", lang, n=n, total=total))
    forward.button(t("present.next", lang), on_click=go, args=(n + 1,), disabled=n >= total, shortcut="Right",
                   icon=":material/arrow_forward:", key="present_next")
    download.download_button(
        t("present.download", lang),
        data=lambda: data.ask(workspace, "export.deck", "build_deck", request, lang=lang),
        file_name=f"{sel.index_code}-{sel.year}-{sel.unit_code}.pptx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", key="present_download")
    download.download_button(t("present.download_html", lang), data=lambda: data.ask(workspace, "export.html", "build_html", request, lang=lang), file_name=f"{sel.index_code}-{sel.year}-{sel.unit_code}.html", on_click="ignore", mime="text/html", icon=":material/offline_pin:", key="present_download_html")
    with st.container(border=True):
        show_slide(story.slides[n - 1], lang)
    st.caption(layout.md_escape(story.version_label))
    st.caption(t("done.present", lang))


main()
