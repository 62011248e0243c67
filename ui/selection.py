"""The sidebar: language, workspace, index, year, province and peers, returned as an
`analysis.selection.Selection` and kept in the URL so a link reopens the exact view.

State lives in one plain dict in `st.session_state` (the canonical selection). Widgets are
re-seeded from it on every run, because Streamlit drops a widget's state when the page that drew
it is left; the URL is read once per session (first run) and written whenever the view changes.
"""
from __future__ import annotations

import streamlit as st

from analysis import catalog, compare, config
from analysis.demo.org import PROVINCE as DEMO_PROVINCE
from analysis.i18n import DEFAULT_LANG, NATIONAL_INDICES, index_name, t
from analysis.selection import Selection
from ui import data

_STATE = "_selection"
_URL_READ = "_selection_url_read"
_CURRENT = "_selection_current"  # (run number, Selection) drawn by sidebar() in that run
_RUN_ID = "_selection_run"
# canonical key -> URL parameter
_PARAMS = {"lang": "lang", "workspace": "ws", "index_code": "index", "internal_index": "internal", "year": "year", "unit_code": "unit",
           "peers": "peers", "peer_mode": "peer_mode", "top_n": "top"}
PEER_MODES = ("region", "neighbours", "top", "custom")
TOP_N_MAX = 15
MAX_PEERS = 12  # a chosen peer group beyond this no longer fits the comparison charts


def _state() -> dict:
    if _STATE not in st.session_state:
        st.session_state[_STATE] = {}
    state = st.session_state[_STATE]
    if not st.session_state.get(_URL_READ):
        st.session_state[_URL_READ] = True
        params = st.query_params
        for key, param in _PARAMS.items():
            if param in params:
                state[key] = params[param]
        for param in params:  # page extras (e.g. the drill-down's criterion) stay as given
            if param not in _PARAMS.values():
                state["x:" + param] = params[param]
        if "peers" in state:
            state["peers"] = tuple(p for p in str(state["peers"]).split(",") if p)
    return state


def _choose(kind, label: str, key: str, options: list, default, *, fmt=str, container=None, **kwargs):
    """Draw one widget seeded from the canonical state; store and return its value."""
    state = _state()
    wkey = "w_" + key
    wanted = state.get(key, default)
    wanted = _coerce(wanted, options)
    if wanted is None and options:
        wanted = default if default in options else options[0]
    # Always re-seed: a widget drawn by another page is a different widget with a stale state.
    st.session_state[wkey] = wanted
    widget = getattr(container or st.sidebar, kind)
    value = widget(label, options, key=wkey, format_func=fmt, on_change=_copy, args=(key,), **kwargs)
    state[key] = value
    return value


def _coerce(value, options: list):
    """A URL gives strings; match them to the options' own type (years are ints)."""
    if value in options:
        return value
    for option in options:
        if str(option) == str(value):
            return option
    return None


def _copy(key: str) -> None:
    _state()[key] = st.session_state["w_" + key]


def _sync_url() -> None:
    state = _state()
    wanted: dict[str, str] = {}
    for key, param in _PARAMS.items():
        value = state.get(key)
        if value is None or value == () or value == "":
            continue
        wanted[param] = ",".join(value) if isinstance(value, tuple) else str(value)
    for key, value in state.items():
        if key.startswith("x:") and value not in (None, ""):
            wanted[key[2:]] = str(value)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def set_unit(unit_code: str) -> None:
    """Select another unit (a click on the map) and draw the page again with it."""
    state = _state()
    if state.get("unit_code") != unit_code:
        state["unit_code"] = unit_code
        _sync_url()
        st.rerun()


def extra(name: str, default=None):
    """A page's own URL-kept value (e.g. the criterion opened in the drill-down)."""
    return _state().get("x:" + name, default)


def set_extra(name: str, value) -> None:
    state = _state()
    if value in (None, ""):
        state.pop("x:" + name, None)
    else:
        state["x:" + name] = str(value)
    _sync_url()


def page_choice(kind: str, container, label: str, name: str, options: list, default, *, fmt=str, **kwargs):
    """A page's own widget (e.g. the drill-down's level) kept in the URL as `?name=value`, so a
    copied link reopens it; a value the options no longer hold falls back to `default`."""
    value = _choose(kind, label, "x:" + name, options, default, fmt=fmt, container=container, **kwargs)
    _sync_url()
    return value


def global_controls() -> tuple[str, str]:
    """Language and workspace (drawn by app.py on every page, before the navigation)."""
    state = _state()
    st.session_state[_RUN_ID] = st.session_state.get(_RUN_ID, 0) + 1
    lang = state.get("lang") if state.get("lang") in ("vi", "en") else DEFAULT_LANG
    lang = _choose("radio", t("side.language", lang), "lang", ["vi", "en"], DEFAULT_LANG,
                   fmt=lambda v: "Tiếng Việt" if v == "vi" else "English", horizontal=True)
    demo_on = str(state.get("workspace", "real")) == "demo"
    st.session_state["w_workspace"] = demo_on
    on = st.sidebar.toggle(t("side.demo", lang), key="w_workspace", help=t("side.demo_help", lang),
                           on_change=lambda: state.update(workspace="demo" if st.session_state["w_workspace"] else "real"))
    state["workspace"] = "demo" if on else "real"
    _sync_url()
    return lang, state["workspace"]


def current_lang() -> str:
    value = _state().get("lang")
    return value if value in ("vi", "en") else DEFAULT_LANG


def current_workspace() -> str:
    return "demo" if _state().get("workspace") == "demo" else "real"


def sidebar(*, unit: bool = True, peers: bool = False, level: str = "province",
            internal: bool = False) -> Selection | None:
    """Index, year, unit (and peers) in the sidebar; None when the workspace has no scores.
    With `internal`, the index list holds the province's own indices of departments/districts
    (kept under its own URL key, so the province pages keep their index)."""
    lang, workspace = current_lang(), current_workspace()
    indices = data.ask(workspace, catalog.indices)
    codes = _index_codes(indices, internal)
    if not codes:
        _sync_url()
        return None
    index_code = _choose("selectbox", t("in.index" if internal else "side.index", lang),
                         "internal_index" if internal else "index_code", codes, _preferred_index(codes),
                         fmt=lambda c: index_name(c, lang))
    years = sorted((int(y) for y in data.ask(workspace, catalog.years, index_code)), reverse=True)
    if not years:
        _sync_url()
        return None
    year = _choose("selectbox", t("side.year", lang), "year", years, years[0])
    unit_code = None
    if unit:
        units = data.ask(workspace, catalog.units, index_code, year, level=level)
        names = _names(units, lang)
        options = list(names)
        if options:
            unit_code = _choose("selectbox", t("side.unit", lang), "unit_code", options,
                                _home_unit(workspace, units, options, lang), fmt=lambda c: names.get(c, c))
    peer_codes: tuple[str, ...] = ()
    if peers and unit_code is not None:
        peer_codes = _peers(workspace, lang, index_code, year, unit_code, names)
    _sync_url()
    chosen = Selection(workspace=workspace, index_code=index_code, year=year, unit_code=unit_code,
                       peers=peer_codes, lang=lang)
    st.session_state[_CURRENT] = (st.session_state.get(_RUN_ID), chosen)
    return chosen


def current() -> Selection | None:
    """The selection the sidebar drew in this run (None before it, or on a page without one);
    downloads use it to title and source their files."""
    run, chosen = st.session_state.get(_CURRENT, (None, None))
    return chosen if run == st.session_state.get(_RUN_ID) else None


def _index_codes(indices, internal: bool) -> list[str]:
    """Indices of provinces, or (internal) of departments and districts: the four national
    indices are the provincial ones."""
    if indices is None or len(indices) == 0:
        return []
    codes = [str(c) for c in indices["index_code"]]
    national = [c for c in codes if c in NATIONAL_INDICES]
    if internal:
        return [c for c in codes if c not in NATIONAL_INDICES]
    return national or codes


def _home_unit(workspace: str, units, options: list[str], lang: str) -> str:
    """The province the app opens on when the URL names none: the deployment's home province
    (PARDASH_HOME_UNIT), else the demo province in the demo workspace, else the first in the list.
    A setting that names no province says so under the list rather than being silently ignored."""
    wanted = config.home().unit
    code = config.home_unit_among(wanted, _all_names(units))
    if wanted and code is None:
        st.sidebar.caption(t("side.home_unknown", lang, env=config.HOME_UNIT_ENV, value=wanted))
    if code is None and workspace == "demo":
        code = DEMO_PROVINCE
    return code if code in options else options[0]


def _all_names(units) -> dict[str, tuple[str, ...]]:
    cols = [c for c in ("name", "name_en") if c in units]
    return {str(row[0]): tuple(row[1:]) for row in zip(units["unit_code"], *(units[c] for c in cols))}


def _preferred_index(codes: list[str]) -> str:
    """The deployment's home index (PARDASH_HOME_INDEX) when the workspace has it, else PAR INDEX
    and the national indices in their usual order."""
    for code in (config.home().index_code, "PAR_INDEX", "SIPAS", "PAPI", "PCI", "PAR_SO", "PAR_HUYEN"):
        if code in codes:
            return code
    return codes[0]


def _names(units, lang: str) -> dict[str, str]:
    if units is None or len(units) == 0:
        return {}
    names = units["name_en"] if lang == "en" and "name_en" in units else units["name"]
    return {str(code): str(name if isinstance(name, str) and name else fallback)
            for code, name, fallback in zip(units["unit_code"], names, units["name"])}


def _peers(workspace, lang, index_code, year, unit_code, names) -> tuple[str, ...]:
    mode = _choose("radio", t("side.peer_mode", lang), "peer_mode", list(PEER_MODES), "region",
                   fmt=lambda m: t("peer." + m, lang))
    if mode == "custom":
        state = _state()
        chosen = tuple(c for c in state.get("peers", ()) if c in names and c != unit_code)
        # a hand-made link may name more peers than the list accepts (Streamlit raises on it)
        st.session_state["w_peers"] = list(chosen[:MAX_PEERS])
        value = st.sidebar.multiselect(t("side.peers", lang), [c for c in names if c != unit_code], key="w_peers",
                                       format_func=lambda c: names.get(c, c), max_selections=MAX_PEERS,
                                       on_change=lambda: state.update(peers=tuple(st.session_state["w_peers"])))
        if len(chosen) > MAX_PEERS:
            st.sidebar.caption(t("side.peers_capped", lang, n=MAX_PEERS, given=len(chosen)))
        state["peers"] = tuple(value)
        return tuple(value)
    # The index is needed for "top N" (ranked 1..N on it), and N up to the slider's maximum.
    groups = data.ask(workspace, compare.peer_groups, year, unit_code, index_code=index_code,
                      top_n=TOP_N_MAX) or {}
    codes = [c for c in groups.get(mode, []) if c != unit_code]
    if mode == "top":
        top_n = min(TOP_N_MAX, max(3, int(_state().get("top_n") or 5)))
        st.session_state["w_top_n"] = top_n
        top_n = st.sidebar.slider(t("side.top_n", lang), 3, TOP_N_MAX, key="w_top_n",
                                  on_change=lambda: _state().update(top_n=st.session_state["w_top_n"]))
        _state()["top_n"] = top_n
        codes = codes[:top_n]
    _state()["peers"] = tuple(codes)
    return tuple(codes)
