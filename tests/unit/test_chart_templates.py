"""The charts a page shows through `maker.spec(...)` (a drawing made once per shape, the rows
filled in) are exactly the charts Altair builds: the same Vega-Lite dict, key order included,
for real inputs of both bundled workspaces: several provinces, indices and years, both
languages, with and without predecessors or a change of criteria tree, each ledger level with
and without a chosen row, a criterion's history and distribution by score and by pct, the
fields and ranks of one unit, a peer group and every unit, with and without a highlight."""
from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pytest

from analysis import bundle, catalog, charts, compare, db, demo, overview
from analysis import ledger as lg
from ui import views

LANGS = ("vi", "en")
PEERS = {"vn63": ("01", "79", "48"), "vn34": ("01", "79", "04")}  # peer groups of So sánh


@pytest.fixture(scope="module")
def dbs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("templates")
    real, fake = folder / "dashboard.duckdb", folder / "demo.duckdb"
    bundle.ensure_app_database(real)
    demo.build_demo_database(fake)
    return {"real": real, "demo": fake}


# (workspace, index, year, unit): demo 2025 is the merged provinces (predecessors' lines), demo
# 2024 has a new criteria tree in 2022 (a rule), PAPI has several trees and years without a
# survey (gaps), PAR INDEX on the real data has years missing and no tree change.
UNITS = [("demo", "PAR_INDEX", 2025, "01"), ("demo", "PAR_INDEX", 2025, "79"), ("demo", "SIPAS", 2025, "20"),
         ("demo", "PAR_INDEX", 2024, "48"), ("demo", "SIPAS", 2023, "20"), ("real", "PAPI", 2024, "24"),
         ("real", "PAPI", 2016, "20"), ("real", "PAR_INDEX", 2024, "01"), ("real", "SIPAS", 2024, "01")]


@pytest.fixture(scope="module")
def cases(dbs) -> list[tuple[str, object, tuple, dict]]:
    out = []
    for ws, index, year, unit in UNITS:
        tag = f"{ws}-{index}-{year}-{unit}"
        with db.open_read(dbs[ws]) as con:
            view = overview.overview(con, index, year, unit)
            ledger = lg.ledger(con, index, year, unit)
            details = lg.criteria_details(con, index, year, unit)
            geography = catalog.fact_geography(con, index, year, unit)
            groups = [(unit,), (unit, *PEERS[geography]), tuple(compare.league_table(con, index, year)["unit_code"])]
            fields = [compare.compare_components(con, index, year, group) for group in groups]
            ranks = [compare.rank_history(con, index, group, geography) for group in groups]
        for lang, group_fields, group_ranks, highlight in zip(LANGS * 2, fields, ranks, (unit, None, unit)):
            out.append((f"{tag}-compare_fields-{lang}-{len(group_fields)}", charts.compare_fields, (group_fields,),
                        dict(lang=lang, highlight=highlight)))
            if not views.is_empty(group_ranks):
                out.append((f"{tag}-bump-{lang}-{len(group_ranks)}", charts.bump, (group_ranks,),
                            dict(lang=lang, highlight=highlight)))
        for lang in LANGS:
            out.append((f"{tag}-trend-{lang}", charts.trend, (view.trend,),
                        dict(lang=lang, predecessors=view.predecessor_series)))
            if not views.is_empty(view.fields):
                out.append((f"{tag}-rank_changes-{lang}", charts.rank_changes, (view.fields,), dict(lang=lang)))
        for depth in views.depths(ledger) if not views.is_empty(ledger) else []:
            for field in [None, *list(views.fields(ledger))[:1]]:
                rows = views.ledger_level(ledger, depth, field)
                for lang, selected in (("vi", None), ("en", None), ("vi", rows["criterion_code"].iloc[-1])):
                    out.append((f"{tag}-points_lost-{depth}-{field}-{lang}-{selected}", charts.points_lost, (rows,),
                                dict(lang=lang, selected=selected)))
        codes = list(ledger["criterion_code"]) if not views.is_empty(ledger) else []
        for code, lang in ((codes[0], "vi"), (codes[-1], "en")) if codes else ():
            detail = lg.detail_of(details, code)
            for value in ("pct", "score"):
                out.append((f"{tag}-history-{code}-{value}", charts.history, (detail["history"],),
                            dict(lang=lang, value=value)))
                out.append((f"{tag}-distribution-{code}-{value}", charts.distribution, (detail["distribution"], unit),
                            dict(lang=lang, value=value)))
    return out


def test_every_shape_of_the_cases_is_covered(cases):
    # the cases reach each layer a trend may have, and selected and unselected bars
    shapes = {tuple(charts.trend.__wrapped__(a[0], **k).frames) for _, m, a, k in cases if m is charts.trend}
    assert {("data",), ("data", "starts"), ("data", "old")} <= shapes
    # a heat table of fields, and the sentence where no unit has a field value
    heat = {tuple(charts.compare_fields.__wrapped__(a[0], **k).frames) for _, m, a, k in cases
            if m is charts.compare_fields}
    assert heat == {("data",), ()}


def test_filled_templates_are_the_altair_charts(cases):
    # the pages' shapes come from the stored file (the next test keeps it current), others are
    # drawn at first use: both are checked, on screen and for export
    assert len(cases) > 100
    assert charts._stored_templates()
    for n, (label, make, args, kwargs) in enumerate(cases):
        for export in (False, True) if n % 3 == 0 else (False,):
            full = make(*args, **kwargs, export=export).to_dict(validate=False)
            fast = make.spec(*args, **kwargs, export=export)
            assert fast == full, label
            assert json.dumps(fast) == json.dumps(full), label  # key order too: the same text is sent


def test_the_stored_templates_are_current():
    assert charts.TEMPLATE_FILE.read_text(encoding="utf-8") == charts.stored_templates_text(), \
        "run scripts/build_chart_templates.py"


def test_every_shape_a_page_draws_is_stored(cases):
    stored = charts._stored_templates()
    for label, make, args, kwargs in cases:
        parts = make.__wrapped__(*args, **kwargs)
        assert charts._template_key(make.draw, parts) in stored, label


def test_stored_screen_maps_are_the_built_ones(dbs, monkeypatch):
    # both geographies, both languages, a highlighted province or none, and provinces without
    # a score (PAPI 2014 surveyed 61 of 63): each set of the map's layers
    with db.open_read(dbs["demo"]) as con:
        leagues = [("vn63", compare.league_table(con, "PAR_INDEX", 2024)),
                   ("vn34", compare.league_table(con, "PAR_INDEX", 2025))]
    with db.open_read(dbs["real"]) as con:
        leagues.append(("vn63", compare.league_table(con, "PAPI", 2014)))

    def maps() -> list[dict]:
        charts._screen_map_template.cache_clear()
        return [charts.screen_map(league, geography=geography, lang=lang, highlight=highlight)
                for geography, league in leagues for lang in LANGS for highlight in (None, "01")]
    assert charts._stored_map_templates()
    try:
        stored = maps()
        monkeypatch.setattr(charts, "_stored_map_templates", lambda: {})
        assert maps() == stored
    finally:
        charts._screen_map_template.cache_clear()


def test_a_stale_file_is_not_used(cases, monkeypatch):
    # another fingerprint (code, catalogue or Altair changed since the file was written): every
    # template is drawn at first use, and the charts are still Altair's
    monkeypatch.setattr(charts, "template_fingerprint", lambda: "other")
    monkeypatch.setattr(charts, "_TEMPLATES", {})
    charts._stored_templates.cache_clear()
    try:
        assert charts._stored_templates() == {}
        for label, make, args, kwargs in cases[::7]:
            assert make.spec(*args, **kwargs) == make(*args, **kwargs).to_dict(validate=False), label
    finally:
        charts._stored_templates.cache_clear()


def test_a_filled_template_builds_no_altair_object(dbs, monkeypatch):
    with db.open_read(dbs["demo"]) as con:
        first, second = (overview.overview(con, "PAR_INDEX", 2024, unit) for unit in ("01", "79"))
    charts.trend.spec(first.trend, lang="vi")  # the template of this shape

    def refuse(*args, **kwargs):
        raise AssertionError("Altair called")
    monkeypatch.setattr(alt, "Chart", refuse)
    monkeypatch.setattr(alt, "layer", refuse)
    spec = charts.trend.spec(second.trend, lang="vi")
    assert [row["year"] for row in next(iter(spec["datasets"].values()))] == list(second.trend["year"])


def test_props_are_set_per_call():
    # the height follows the number of bars whatever the template was built with
    few = pd.DataFrame({"criterion_code": ["1", "2"], "name": ["A", "B"], "points_lost": [1.0, 2.0],
                        "pct": [50.0, 60.0], "score": [1.0, 3.0], "max_score": [2.0, 5.0]})
    many = pd.concat([few.assign(criterion_code=few["criterion_code"] + f".{i}") for i in range(10)])
    assert charts.points_lost.spec(few)["height"] == charts.points_lost(few).to_dict()["height"] == 120
    assert charts.points_lost.spec(many)["height"] == charts.points_lost(many).to_dict()["height"] == 440


def test_rows_are_inlined_as_altair_inlines_them():
    # every dtype the analysis returns, with its missing values; dates and categories go
    # through Altair itself
    frame = pd.DataFrame({
        "code": pd.Series(["1", None, "3"], dtype="str"),
        "name": pd.Series(["Hà Nội", "Huế", pd.NA], dtype="string"),
        "score": [1.5, math.nan, math.inf],
        "year": pd.Series([2021, 2022, 2023], dtype="int32"),
        "rank": pd.Series([1, None, 3], dtype="Int64"),
        "ours": [True, False, True],
        "flag": pd.Series([True, None, False], dtype="boolean"),
        "note": ["a", None, math.nan],
        "mixed": [1, "b", None],
    })
    expected = alt.data_transformers.get()(frame)["values"]
    assert charts._values(frame) == expected
    assert json.dumps(charts._values(frame)) == json.dumps(expected)
    dated = frame.assign(day=pd.to_datetime(["2024-01-01", "2024-06-30", None]),
                         band=pd.Categorical(["A", "B", None]))
    assert charts._values(dated) == alt.data_transformers.get()(dated)["values"]
    assert charts._values(frame.head(0)) == []


def test_dataset_names_are_altairs():
    from altair.vegalite.v6.api import _dataset_name

    for values in ([], [{}], [{"a": 1, "b": None}], [{"b": "Hà Nội", "a": 1.5}]):
        assert charts._dataset_name(values) == _dataset_name(values)
