"""`summary --json` takes the records path of the overview's one derivation: the process never
imports pandas, numpy, pyarrow, Altair or Streamlit (most of a second, issue 14), and what it
says is what the screens' DataFrames say, for every unit, index and year of the test databases
(fixtures: fixtures.review_db, fixtures_org.org_db with a merged province, fixtures_plans.plans_db
with plans; the bundled real data for a unit scored on some fields only)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import bundle, db, ledger as lg, plans
from analysis.overview import overview
from analysis.summary import NoScore, summary
from tests.unit import fixtures as fx
from tests.unit.fixtures_org import org_db
from tests.unit.fixtures_plans import plans_db

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "numpy", "pyarrow", "altair", "streamlit")

# Runs the command line in this process, then says which modules it imported.
RUNNER = """
import contextlib, io, json, sys
from analysis.__main__ import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    status = main(sys.argv[1:])
print(json.dumps({"status": status, "answer": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def run_summary(path: Path, index_code: str, year: int, unit: str, prelude: str = "") -> dict:
    done = subprocess.run([sys.executable, "-c", prelude + RUNNER, "summary", "--db", str(path),
                           "--index", index_code, "--year", str(year), "--unit", unit, "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def databases(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("summary-paths")
    return {"review": fx.review_db(folder / "review.duckdb"),
            "org": org_db(folder / "org.duckdb"),
            "plans": plans_db(folder / "plans.duckdb")}


@pytest.mark.parametrize("name, index_code, year, unit", [
    ("review", "PAR_INDEX", 2023, "20"),  # a target, lead agencies
    ("review", "PAR_INDEX", 2025, "20"),  # the merger year
    ("org", "TEST", 2025, "08"),          # a merged province: predecessors
    ("plans", "TEST", 2023, "20"),        # a province that sent plans
])
def test_summary_json_imports_no_frames_or_charts(databases, name, index_code, year, unit):
    got = run_summary(databases[name], index_code, year, unit)
    assert got["status"] == 0
    answer = json.loads(got["answer"])
    assert answer["unit"]["code"] == unit
    heavy = sorted(m for m in got["modules"] if m.split(".")[0] in HEAVY)
    assert heavy == [], heavy[:5]


def test_the_import_check_sees_a_frame_library(databases):
    got = run_summary(databases["review"], "PAR_INDEX", 2023, "20", prelude="import pandas\n")
    assert {"pandas", "numpy"} <= {m.split(".")[0] for m in got["modules"]}


def _plain(value):
    """A frame cell's missing value (None, NaN, pd.NA) as None."""
    return None if value is None or pd.isna(value) else value


def _r(value):
    """A frame cell as the JSON gives it: two decimals, missing as None."""
    value = _plain(value)
    return None if value is None else round(float(value), 2)


def _lead(row) -> dict | None:
    code = _plain(row.get("lead_code"))
    return None if code is None else {"code": code, "name": _plain(row.get("lead_name"))}


def screens_say(con, index_code: str, year: int, unit_code: str) -> dict:
    """The summary's figures read off the overview's DataFrames (what the screens show)."""
    view = overview(con, index_code, year, unit_code, every_index=False)
    ledger = view.ledger.to_dict("records")
    leads = {r["criterion_code"]: _lead(r) for r in ledger}
    weakest = lg.weakest_of(view.ledger, 10).to_dict("records")
    h = view.headline
    said = {
        "components": [{"code": r["criterion_code"], "name": r["name"], "score": _r(r["score"]),
                        "max_score": _r(r["max_score"]), "pct": _r(r["pct"]),
                        "rank": _r(r["rank"]), "of": _r(r["rank_of"]),
                        "delta_rank": _r(r["delta_rank"]), "lead_unit": leads.get(r["criterion_code"])}
                       for r in view.fields.to_dict("records")],
        "weakest": [{"code": r["criterion_code"], "name": r["name"], "score": _r(r["score"]),
                     "max_score": _r(r["max_score"]), "pct": _r(r["pct"]),
                     "points_lost": _r(r["points_lost"]), "lead_unit": _lead(r)} for r in weakest],
        "predecessors": view.predecessors,
        "narrative": view.narrative("vi"),
    }
    if h is not None:
        said.update(score=_r(h.score), pct=_r(h.pct), rank=h.rank, of=h.rank_of,
                    delta_rank=h.delta_rank, delta_score=_r(h.delta_score))
        status = view.status
        said["target"] = None if status is None else (_r(status["target_score"]), status["met"])
    return said


def summary_says(answer: dict) -> dict:
    said = {k: answer[k] for k in ("components", "weakest", "predecessors", "narrative")}
    if answer["score"] is not None:
        said.update({k: answer[k] for k in ("score", "pct", "rank", "of", "delta_rank",
                                            "delta_score")})
        t = answer["target"]
        said["target"] = None if t is None else (t["target_score"], t["met"])
    return said


def every_unit_year(con) -> list[tuple[str, int, str]]:
    return con.execute("SELECT DISTINCT index_code, year, unit_code FROM fact ORDER BY ALL").fetchall()


def assert_same_as_screens(con, index_code, year, unit_code):
    try:
        answer = summary(con, index_code, year, unit_code)
    except NoScore:
        pytest.fail(f"{index_code} {year} {unit_code} has facts but no summary")
    json.dumps(answer)
    assert summary_says(answer) == screens_say(con, index_code, year, unit_code), \
        (index_code, year, unit_code)
    return answer


@pytest.mark.parametrize("name", ["review", "org", "plans"])
def test_summary_says_what_the_screens_say(databases, name):
    with db.open_read(databases[name]) as con:
        units = every_unit_year(con)
        assert units
        levels = set()
        for index_code, year, unit_code in units:
            answer = assert_same_as_screens(con, index_code, year, unit_code)
            levels.add(con.execute("SELECT level FROM fact WHERE index_code = ? AND year = ? "
                                   "AND unit_code = ? LIMIT 1",
                                   [index_code, year, unit_code]).fetchall()[0][0])
            if answer["plans"] is not None:  # the plans are the plans section's own summary
                assert answer["plans"]["current"] == plans.plan_summary(con, index_code, year,
                                                                        unit_code)
    assert "province" in levels
    if name == "org":
        assert "department" in levels  # a province's departments (PAR_SO), ranked among them


def test_summary_of_a_unit_without_a_total_says_what_the_screens_say(tmp_path_factory):
    # PAPI 2018 Quảng Ninh (22): dimensions 2 and 4 missing, so no total (tests/unit/test_figures.py)
    path = tmp_path_factory.mktemp("real") / "app.duckdb"
    bundle.ensure_app_database(path)
    with db.open_read(path) as real:
        answer = assert_same_as_screens(real, "PAPI", 2018, "22")
        assert answer["score"] is None and answer["components"]
        assert answer["narrative"] == overview(real, "PAPI", 2018, "22").narrative("vi")
        for unit in ("20", "01", "79"):
            assert_same_as_screens(real, "PAPI", 2024, unit)
