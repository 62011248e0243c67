"""What the overview's first render costs, counted: connections opened (`analysis.db.reading`,
one per question the page asks) and statements run on them, with the figures it shows unchanged.

Measured before the overview was derived in one pass (main at 63afc2c, demo workspace, PAR
INDEX 2025, unit 20): **16 connections and 56 statements**, 17 of them exact repeats (the same SQL
with the same parameters): the unit's fact geography five times for PAR INDEX alone, the
headline twice (the cards, then again inside the narrative), the predecessors' scores twice.
The page must cost at most half of that, repeat nothing, and show the same figures as the
analysis functions compute one by one.
"""
from __future__ import annotations

import collections
import contextlib

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analysis import catalog, db, fmt, headline, history, narrative, targets
from analysis.demo.org import PROVINCE
from analysis.i18n import t
from analysis.selection import geography_of_year
from tests.app.conftest import APP
from tests.counting import CountingConnection
from ui import cards, tables
from ui.layout import md_escape, score_text

CONNECTIONS_BEFORE = 16
STATEMENTS_BEFORE = 56


def overview(lang: str = "vi", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in {"ws": "demo", "lang": lang, **params}.items():
        at.query_params[key] = str(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture(scope="module")
def counted(workspaces, monkeypatch_module):
    """The overview rendered once with every cache of analysis answers empty (the demo database
    itself already built), and what that render opened and ran."""
    overview()  # builds the workspace databases and imports the modules, outside the count
    st.cache_data.clear()
    opened, statements = [], []
    real_reading = db.reading

    @contextlib.contextmanager
    def reading_counted(instance):
        opened.append(instance)
        with real_reading(instance) as con:
            yield CountingConnection(con, statements)

    monkeypatch_module.setattr(db, "reading", reading_counted)
    at = overview()
    monkeypatch_module.undo()
    return at, opened, statements


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_first_render_costs_half(counted):
    _at, opened, statements = counted
    n_opened, n_run = len(opened), len(statements)
    assert n_opened <= CONNECTIONS_BEFORE // 2, f"{n_opened} connections"
    assert n_run <= STATEMENTS_BEFORE // 2, f"{n_run} statements"


def test_first_render_repeats_no_statement(counted):
    _at, _opened, statements = counted
    repeats = {k: n for k, n in collections.Counter(statements).items() if n > 1}
    assert not repeats, [(sql.split("\n")[1:3], args, n) for (sql, args), n in repeats.items()]


@pytest.fixture(scope="module", params=["latest", "earlier"])
def shown(request, counted, workspaces) -> tuple[AppTest, int]:
    """The overview of the demo province and the year it was shown for: the latest year (the
    counted first render; no change, the province was merged in 2025) and the year before it
    (changes in score and rank)."""
    with db.open_read(workspaces["demo"]) as con:
        years = catalog.years(con, "PAR_INDEX")
    if request.param == "latest":
        return counted[0], max(years)
    year = sorted(years)[-2]
    return overview(year=year), year


def _cards(con, year: int) -> list[tuple]:
    """(index_code, Headline, target status) of every index scoring the unit, one call each."""
    found = []
    for code in catalog.indices(con)["index_code"]:
        h = headline.headline(con, code, year, PROVINCE)
        if h is not None:
            found.append((code, h, targets.target_status(con, code, year, PROVINCE)))
    return found


def test_cards_show_the_headlines(shown, workspaces):
    at, year = shown
    with db.open_read(workspaces["demo"]) as con:
        found = _cards(con, year)
    assert len(found) >= 2
    shown = sorted((m.label, m.value, m.delta or None) for m in at.metric)  # no change: no delta
    expected = []
    for _code, h, _target in found:
        delta = (t("ov.delta_points", "vi", delta=fmt.signed(h.delta_score), year=h.previous_year)
                 if h.delta_score is not None else None)
        expected.append((t("ov.score", "vi"), score_text(h.score, h.is_percent), delta))
        expected.append((t("ov.rank", "vi"), cards.rank_text(h.rank, h.rank_of), cards.places_text(h.delta_rank, "vi")))
    assert shown == sorted(expected)
    captions = "\n".join(c.value for c in at.caption)
    for _code, h, target in found:
        assert cards.target_text(target, h.is_percent, "vi") in captions
        assert (cards.national_line(h, "vi") or "") in captions


def test_narrative_fields_and_predecessors_unchanged(shown, workspaces):
    at, year = shown
    with db.open_read(workspaces["demo"]) as con:
        text = narrative.narrative(con, "PAR_INDEX", year, PROVINCE, lang="vi")
        fields = headline.component_changes(con, "PAR_INDEX", year, PROVINCE)
        before = history.predecessors(con, "PAR_INDEX", PROVINCE, geography_of_year(year))
    assert text and md_escape(text) in [m.value for m in at.markdown]
    table = at.dataframe[0].value
    assert list(table[tables.title("criterion_code", "vi")]) == list(fields["criterion_code"])
    for column, kind in (("score", "num"), ("rank", "int"), ("delta_rank", "signed_int"), ("delta_score", "signed")):
        assert list(table[tables.title(column, "vi")]) == [tables.FORMATS[kind]("vi")(v) for v in fields[column]], column
    if year < 2025:
        assert before is None and len(at.dataframe) == 1  # predecessors only after the merger
        return
    assert before, "the demo province is a merged one: its predecessors are listed"
    listed = at.dataframe[1].value
    assert list(listed[tables.title("code", "vi")]) == [p["code"] for p in before]
    assert list(listed[tables.title("score", "vi")]) == [tables.FORMATS["num"]("vi")(p["score"]) for p in before]


def test_english_narrative_unchanged(workspaces):
    at = overview("en")
    with db.open_read(workspaces["demo"]) as con:
        year = max(catalog.years(con, "PAR_INDEX"))
        text = narrative.narrative(con, "PAR_INDEX", year, PROVINCE, lang="en")
    assert text and md_escape(text) in [m.value for m in at.markdown]
