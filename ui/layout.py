"""Shared page furniture: the demo banner, empty states, the page frame with its end sentinel,
charts with the project theme, metric cards with Vietnamese numbers."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import streamlit as st

from analysis import fmt, paths, problems
from analysis.export import context as export_context
from analysis.i18n import t
from ui import data, downloads, recovery, selection
from ui.markup import md_escape

DATA_PAGE = "app_pages/7_du_lieu.py"


class Empty(Exception):
    """Raised by a page when there is nothing to show; carries the message key and values."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def demo_banner(lang: str, workspace: str) -> None:
    """The banners every page starts with (the presentation page too): demo data, and a rebuild
    refused because it would have lost imports."""
    if workspace == "demo":
        st.warning(t("demo.banner", lang), icon=":material/science:")
    recovery.refused_banner(lang, workspace)


def empty_state(lang: str, key: str, link: bool = True, **values) -> None:
    """Tell the user what is missing and where to load it (never a traceback)."""
    safe = {k: md_escape(v) for k, v in values.items()}  # unit names, index codes: user text
    st.info(t(key, lang, **safe), icon=":material/info:")
    if link:
        st.page_link(DATA_PAGE, label=t("empty.go_data", lang), icon=":material/upload_file:")


_log = logging.getLogger("pardash")


def workspace_database() -> Path:
    """The database file of the current workspace, as configured (without building it)."""
    return paths.demo_db_path() if selection.current_workspace() == "demo" else paths.app_db_path()


@contextlib.contextmanager
def guard(lang: str) -> Iterator[None]:
    """A problem of the surroundings (a damaged or edited database, a full disk, a folder that
    may not be written) becomes one sentence in the reader's language, naming files but not
    where they live on the server; the traceback goes to the server's log only. Anything else
    (a bug) passes through untouched."""
    try:
        yield
    except Exception as exc:
        problem = problems.explain(exc, workspace_database())
        if problem is None:
            raise
        _log.error("%s", problem.text("en"), exc_info=exc)
        st.error(problem.text(lang, full_paths=False, escape=md_escape), icon=":material/error:")


def page(name: str, body: Callable[[str, str], None]) -> None:
    """Run a page: banner, the page's body(lang, workspace), its empty states, then the sentinel
    caption the tests wait for ("Xong: tổng quan")."""
    lang, workspace = selection.current_lang(), selection.current_workspace()
    st.title(t("page." + name, lang))
    demo_banner(lang, workspace)
    try:
        with guard(lang):
            body(lang, workspace)
    except Empty as empty:
        empty_state(lang, empty.key, **empty.values)
    if name != "present":  # the presentation shows the version on its own
        version_caption(lang, workspace)
    st.caption(t("done." + name, lang))


def version_caption(lang: str, workspace: str) -> None:
    """The data version the page's figures come from, read through the same cache as they are,
    so a reader (and the load test, benchmarks/load_test.py) can tell which import they see."""
    try:
        version = data.ask(workspace, export_context.data_version)
    except Exception as exc:
        if problems.explain(exc, workspace_database()) is None:
            raise
        return  # a footer: the page's own frame has said what is wrong with the database
    if version is not None:
        st.caption(md_escape(version.label(lang)))


def require(sel, lang: str):
    """The selection, or the 'no data' empty state."""
    if sel is None or sel.unit_code is None:
        raise Empty("empty.no_data")
    return sel


def chart(c, *, key: str | None = None, on_select: str = "ignore", height: int | None = None,
          export: str | None = None):
    """Show an Altair chart, or a Vega-Lite spec (dict, e.g. `charts.screen_map`), keeping its own
    theme (Streamlit's would override the locale/font); with `export` (a file name), a PNG/SVG
    download menu follows it."""
    kwargs = {"width": "stretch", "theme": None}
    if key:
        kwargs["key"] = key
    if on_select != "ignore":
        kwargs["on_select"] = on_select
    event = st.vega_lite_chart(spec=c, **kwargs) if isinstance(c, dict) else st.altair_chart(c, **kwargs)
    if export:
        downloads.chart_downloads(c, export)
    return event


def figure(make: Callable, *args, **kwargs) -> dict:
    """The Vega-Lite spec of `make(*args, **kwargs)` (an analysis.charts maker). A maker with a
    template (`make.spec`: its drawing made once per shape, this call's rows filled in) takes
    0.3-8 ms, about what a cache hit takes (hashing the frames, unpickling the spec), and no
    more for a unit not yet seen, so it is not cached; any other maker's spec is built once per
    arguments (Altair's build, copy and schema validation cost more than the page's cached
    queries). Specs are not validated against the schema here (a third of a build's time): the
    makers' specs are, in the tests."""
    fast = getattr(make, "spec", None)
    if fast is not None:
        return fast(*args, **kwargs)
    name = f"{make.__module__}.{make.__qualname__}"
    return _figure(name, make, args, tuple(sorted(kwargs.items())))


@st.cache_data(show_spinner=False, max_entries=500)
def _figure(name: str, _make: Callable, args: tuple, kwargs: tuple) -> dict:
    # `name` stands for the unhashed `_make` in the cache key (as in ui.data.ask)
    return _make(*args, **dict(kwargs)).to_dict(validate=False)


def metric(label: str, value: str, delta: str | None = None, *, delta_color: str = "normal", help: str | None = None,
           container=None) -> None:
    (container or st).metric(label, value, delta=delta, delta_color=delta_color, help=help, border=True)


def score_text(value, is_percent: bool, lang: str = "vi") -> str:
    return fmt.percent(value, lang=lang) if is_percent else fmt.number(value, lang=lang)


def decimal_input(label: str, value: float, lang: str, *, key: str, minimum: float = 0.0,
                  maximum: float = 100.0) -> float:
    """A number typed the way the screen writes it ("1,08" in Vietnamese, "1.08" in English):
    st.number_input shows the browser's decimal point whatever the language. A text that is not
    a number in range says so and keeps `value`."""
    typed = st.text_input(label, value=fmt.number(value, lang=lang), key=key)
    number = fmt.parse(typed)
    if number is None or not minimum <= number <= maximum:
        st.caption(t("input.not_number", lang, text=md_escape(typed), low=fmt.number(minimum, lang=lang),
                     high=fmt.number(maximum, lang=lang), value=fmt.number(value, lang=lang)))
        return value
    return number


@st.cache_data(show_spinner=False)
def bundled_readme() -> str:
    """data/README.md and data/upstream/README.md, as shipped (sources and licences)."""
    parts = []
    for path in (paths.BUNDLED_DATA_DIR / "README.md", paths.BUNDLED_DATA_DIR / "upstream" / "README.md"):
        if path.exists():
            parts.append(path.read_text(encoding="utf-8"))
    return "\n\n---\n\n".join(parts)


def changed(name: str, value) -> bool:
    """True when `value` differs from the one seen under `name` on the previous run (so a page
    can tell which of two selections the user just made)."""
    key = "_seen_" + name
    before = st.session_state.get(key)
    st.session_state[key] = value
    return before != value
