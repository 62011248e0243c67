"""Trình chiếu: the current selection as full-width slides with large type, in the meeting deck's
order (the same `analysis.export.slides.story`, so screen and .pptx show the same figures).
Previous/Next buttons (← → keys), the slide number kept in the URL (`?slide=3`), and the
deck as .pptx to download. Register in app.py as url_path "trinh-chieu"."""
import pandas as pd
import streamlit as st

from analysis.export.slides import Request
from ui import data, layout, selection

# Page words not yet in analysis/i18n.py (keys "page.present", "done.present", "present.*" asked for).
WORDS = {
    "title": ("Trình chiếu", "Presentation"),
    "done": ("Xong: trình chiếu", "Done: presentation"),
    "previous": ("Trước", "Previous"),
    "next": ("Tiếp", "Next"),
    "download": ("Tải bản trình chiếu (.pptx)", "Download the deck (.pptx)"),
    "position": ("Trang {n}/{total}", "Slide {n} of {total}"),
}
LARGE_TYPE = """<style>
section.main p, section.main li, [data-testid="stMarkdownContainer"] p {font-size: 1.35rem; line-height: 1.5;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
[data-testid="stMetricLabel"] p {font-size: 1.1rem;}
</style>"""


def word(key: str, lang: str, **values) -> str:
    text = WORDS[key][1 if lang == "en" else 0]
    return text.format(**values) if values else text


def slide_number(total: int) -> int:
    """The slide asked for in the URL, kept within 1..total."""
    try:
        wanted = int(selection.extra("slide", 1))
    except (TypeError, ValueError):
        wanted = 1
    return min(max(wanted, 1), total)


def go(n: int) -> None:
    selection.set_extra("slide", n)


def show_slide(s, lang: str) -> None:
    st.header(s.title, anchor=False)
    if s.subtitle:
        st.subheader(s.subtitle, anchor=False)
    if s.empty:
        st.info(s.empty, icon="ℹ️")
        return
    if s.kpis:
        for column, kpi in zip(st.columns(len(s.kpis)), s.kpis):
            layout.metric(kpi.label, kpi.value, kpi.note or None, delta_color="off", container=column)
    text_and_chart = s.key == "headline" and s.chart is not None
    if s.text and not text_and_chart:
        st.markdown(s.text.replace("\n", "  \n"))
    if text_and_chart:
        left, right = st.columns([1, 1])
        left.markdown(s.text)
        with right:
            layout.chart(s.chart.make(lang, export=False))
    elif s.chart is not None and s.table is not None:
        left, right = st.columns([2, 3])
        with left:
            layout.chart(s.chart.make(lang, export=False))
        right.dataframe(pd.DataFrame(list(s.table.rows), columns=list(s.table.headers)), hide_index=True)
    elif s.table is not None:
        st.dataframe(pd.DataFrame(list(s.table.rows), columns=list(s.table.headers)), hide_index=True)
    if s.table is not None and s.table.more:
        st.caption(s.table.more)


def main() -> None:
    lang, workspace = selection.current_lang(), selection.current_workspace()
    st.title(word("title", lang))
    layout.demo_banner(lang, workspace)
    sel = selection.sidebar(peers=True)
    if sel is None or sel.unit_code is None:
        layout.empty_state(lang, "empty.no_data")
        st.caption(word("done", lang))
        return
    request = Request(sel.index_code, int(sel.year), sel.unit_code, tuple(sel.peers), lang)
    story = data.ask(workspace, "export.slides", "story", request)
    total = len(story.slides)
    n = slide_number(total)
    st.html(LARGE_TYPE)
    back, where, forward, download = st.columns([1, 2, 1, 3], vertical_alignment="center")
    back.button(word("previous", lang), on_click=go, args=(n - 1,), disabled=n <= 1, shortcut="Left",
                icon=":material/arrow_back:", key="present_previous")
    where.markdown(word("position", lang, n=n, total=total))
    forward.button(word("next", lang), on_click=go, args=(n + 1,), disabled=n >= total, shortcut="Right",
                   icon=":material/arrow_forward:", key="present_next")
    download.download_button(
        word("download", lang),
        data=lambda: data.ask(workspace, "export.deck", "build_deck", request, lang=lang),
        file_name=f"{sel.index_code}-{sel.year}-{sel.unit_code}.pptx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", key="present_download")
    with st.container(border=True):
        show_slide(story.slides[n - 1], lang)
    st.caption(story.version_label)
    st.caption(word("done", lang))


main()
