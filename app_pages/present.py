"""Trình chiếu: the current selection as full-width slides with large type, in the meeting deck's
order (the same `analysis.export.slides.story`, so screen and .pptx show the same figures).
Presentation mode (ui/present_mode.py): no chrome, the sidebar hidden, KPI figures at 80 px,
Previous/Next in a bar fixed to the bottom (← → and a clicker's PageUp/PageDown), the slide
number kept in the URL (`?slide=3`), and the deck as .pptx / offline .html to download. Register in app.py as url_path "trinh-chieu"."""
import streamlit as st

from analysis.export import html, slides
from analysis.export.slides import Request
from analysis.i18n import t
from ui import data, layout, present_mode, selection, tables


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
    sel = selection.sidebar(peers=True)
    if sel is None or sel.unit_code is None:
        st.title(t("page.present", lang))
        layout.demo_banner(lang, workspace)
        layout.empty_state(lang, "empty.no_data")
        st.caption(t("done.present", lang))
        return
    request = Request(sel.index_code, int(sel.year), sel.unit_code, tuple(sel.peers), lang)
    story = data.ask(workspace, slides.story, request)
    if story.refusal:  # the unit has no score: say what is missing and how to load it
        st.title(t("page.present", lang))
        layout.demo_banner(lang, workspace)
        st.info(layout.md_escape(story.refusal), icon="ℹ️")
        st.caption(t("done.present", lang))
        return
    total = len(story.slides)
    n = slide_number(total)
    # Presentation mode (ui/present_mode.py): no chrome, the sidebar hidden, the navigation in a
    # bar fixed to the bottom edge, so the slide starts at the top and nothing moves between slides.
    present_mode.install()
    with present_mode.bar():
        navigation(lang, workspace, sel, request, n, total, story.version_label)
    with st.container(border=True, key=present_mode.SLIDE_KEY):
        show_slide(story.slides[n - 1], lang)
    present_mode.done(t("done.present", lang))


def _deck():
    """analysis.export.deck, imported when the deck is first downloaded: python-pptx takes about
    a second to import, and a presentation is mostly shown, not downloaded."""
    from analysis.export import deck

    return deck


def navigation(lang, workspace, sel, request, n: int, total: int, version_label: str) -> None:
    """Previous / position / next, the downloads, the banners and the way out, in one row."""
    back, where, forward, download, offline, leave = st.columns([1, 1, 1, 2, 2, 1], vertical_alignment="center")
    back.button(t("present.previous", lang), on_click=go, args=(n - 1,), disabled=n <= 1, shortcut="Left",
                icon=":material/arrow_back:", key=present_mode.PREVIOUS_KEY)
    where.markdown(t("present.position", lang, n=n, total=total))
    forward.button(t("present.next", lang), on_click=go, args=(n + 1,), disabled=n >= total, shortcut="Right",
                   icon=":material/arrow_forward:", key=present_mode.NEXT_KEY)
    download.download_button(
        t("present.download", lang),
        data=lambda: data.ask(workspace, _deck().build_deck, request, lang=lang),
        file_name=f"{sel.index_code}-{sel.year}-{sel.unit_code}.pptx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", key="present_download")
    offline.download_button(
        t("present.download_html", lang),
        data=lambda: data.ask(workspace, html.build_html, request, lang=lang),
        file_name=f"{sel.index_code}-{sel.year}-{sel.unit_code}.html", on_click="ignore", mime="text/html",
        icon=":material/offline_pin:", key="present_download_html")
    # The sidebar is hidden here: the way back to the overview, in the same tab, same selection.
    if leave.button(t("present.exit", lang), icon=":material/close:", key="present_exit"):
        st.switch_page("app_pages/1_tong_quan.py", query_params=st.query_params.to_dict())
    layout.demo_banner(lang, workspace)
    st.caption(layout.md_escape(version_label))


main()
