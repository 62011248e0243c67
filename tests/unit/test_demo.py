"""The demo workspace generator: reproducible files in contract form, a sound methodology, full
coverage of provinces, labelled as illustrative everywhere, and (with the importer) a database."""
from __future__ import annotations

import datetime as dt

import csv
import hashlib
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from analysis.demo import DEFAULT_SEED, SOURCE_LABEL, main_demo, write_demo_files
from analysis.demo import scores as demo_scores

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference" / "units.csv"


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("demo")
    return {p.name: p for p in write_demo_files(folder)}


def _read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    delimiter = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delimiter))


def _reference_codes(geography: str) -> set[str]:
    with open(REFERENCE, encoding="utf-8-sig") as fh:
        return {r["unit_code"] for r in csv.DictReader(fh)
                if r["geography"] == geography and r["level"] == "province"}


def _sha(folder_files: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder_files}


def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path):
    first = _sha(write_demo_files(tmp_path / "a", seed=7))
    time.sleep(1.1)  # a clock-stamped byte (zip times, workbook properties) would now differ
    second = _sha(write_demo_files(tmp_path / "b", seed=7))
    other = _sha(write_demo_files(tmp_path / "c", seed=8))
    assert first == second
    assert len(first) == 17
    assert first["scores_par_index_2024.csv"] != other["scores_par_index_2024.csv"]
    assert first["chi_so_noi_bo_lang_son.xlsx"] != other["chi_so_noi_bo_lang_son.xlsx"]
    # the criteria do not depend on the seed
    assert first["criteria_par_index.csv"] == other["criteria_par_index.csv"]


def _par_tree(demo_files, valid_from: int) -> dict[str, Decimal]:
    return {r["criterion_code"]: Decimal(r["max_score"])
            for r in _read_csv(demo_files["criteria_par_index.csv"])
            if int(r["valid_from"]) == valid_from}


@pytest.mark.parametrize("valid_from", [2021, 2022])
def test_par_index_tree_maxima_sum_to_100_at_every_level(demo_files, valid_from):
    tree = _par_tree(demo_files, valid_from)
    fields = {c: m for c, m in tree.items() if "." not in c}
    assert sorted(fields) == [str(i) for i in range(1, 9)]
    assert sum(fields.values()) == Decimal(100)
    for code, max_score in tree.items():
        kids = [m for c, m in tree.items() if c.rpartition(".")[0] == code]
        if kids:
            assert sum(kids) == max_score, code


def test_par_index_periods_differ_like_a_method_change(demo_files):
    rows = _read_csv(demo_files["criteria_par_index.csv"])
    names = {(int(r["valid_from"]), r["criterion_code"]): r["name"] for r in rows}
    old, new = _par_tree(demo_files, 2021), _par_tree(demo_files, 2022)
    assert {r["valid_to"] for r in rows if r["valid_from"] == "2021"} == {"2021"}
    assert {r["valid_to"] for r in rows if r["valid_from"] == "2022"} == {""}
    # renumbered: the one-stop-shop criterion is 3.4 in 2021 and 3.3 from 2022
    assert names[(2021, "3.4")] == names[(2022, "3.3")]
    assert names[(2021, "3.3")] != names[(2022, "3.3")]
    # dropped and added
    assert names[(2021, "3.3")] not in {n for (y, _), n in names.items() if y == 2022}
    assert "7.4" in new and "7.4" not in old
    # same criterion, new maximum
    assert names[(2021, "1.1")] == names[(2022, "1.1")] and old["1.1"] != new["1.1"]
    # the eight field names are the ministry's
    assert names[(2022, "7")] == "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"


def _units_by_year(demo_files, prefix: str) -> dict[int, set[str]]:
    units: dict[int, set[str]] = defaultdict(set)
    for name, path in demo_files.items():
        if name.startswith(prefix):
            for r in _read_csv(path):
                year = r.get("year") or r.get("Năm")
                units[int(year)].add(r.get("unit_code") or r.get("Mã đơn vị"))
    return units


def test_every_province_is_scored_except_the_one_left_out(demo_files):
    vn63, vn34 = _reference_codes("vn63"), _reference_codes("vn34")
    par = _units_by_year(demo_files, "scores_par_index")
    sipas = _units_by_year(demo_files, "Diem SIPAS")
    assert (len(vn63), len(vn34)) == (63, 34)
    for year in (2021, 2023, 2024):
        assert par[year] == vn63
    assert par[2022] == vn63 - {"12"}  # the province with no score that year
    assert par[2025] == vn34
    for year in (2021, 2022, 2023, 2024):
        assert sipas[year] == vn63
    assert sipas[2025] == vn34


def test_par_index_scores_are_plausible_and_published_ranks_match_them(demo_files):
    rows = _read_csv(demo_files["scores_par_index_2024.csv"])
    leaves = [r for r in rows if r["criterion_code"]]
    overall = {r["unit_code"]: r for r in rows if r["criterion_code"] == ""}
    assert len(overall) == 63
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for r in leaves:
        totals[r["unit_code"]] += Decimal(r["score"])
    for unit, r in overall.items():
        assert Decimal(r["score"]) == totals[unit]
        assert 75 <= totals[unit] <= 95
    best = max(totals, key=totals.get)
    assert overall[best]["rank"] == "1"
    ranks = sorted(int(r["rank"]) for r in overall.values())
    assert ranks[0] == 1 and ranks[-1] <= 63
    # years without published ranks give leaves only (the overall is derived)
    assert all(r["criterion_code"] for r in _read_csv(demo_files["scores_par_index_2022.csv"]))


def test_competition_ranks_share_the_best_rank_on_ties():
    assert demo_scores.competition_ranks({"a": 9000, "b": 8950, "c": 8950, "d": 8000}) == \
        {"a": 1, "b": 2, "c": 2, "d": 4}


def test_every_source_cell_says_illustrative(demo_files):
    seen = 0
    for name, path in demo_files.items():
        if path.suffix == ".csv":
            for r in _read_csv(path):
                for col in ("source", "Nguồn"):
                    if col in r:
                        assert SOURCE_LABEL in r[col], (name, r)
                        seen += 1
    wb = load_workbook(demo_files["chi_so_noi_bo_lang_son.xlsx"], read_only=True)
    sheet = list(wb["diem_so"].iter_rows(values_only=True))
    col = sheet[0].index("source")
    assert all(SOURCE_LABEL in row[col] for row in sheet[1:])
    assert SOURCE_LABEL in wb["Ghi chú"]["A1"].value
    seen += len(sheet) - 1
    # 63*4 + 34 = 286 SIPAS overall rows alone; the PAR INDEX leaf rows are many more
    assert seen > 10_000


def test_sipas_is_a_percentage_index_with_the_overall_given(demo_files):
    crit = _read_csv(demo_files["tieu_chi_sipas.csv"])
    assert {r["Điểm tối đa"] for r in crit} == {""}
    fields = [r["Tên tiêu chí"] for r in crit if "." not in r["Mã tiêu chí"]]
    assert fields[0] == "Tiếp cận dịch vụ hành chính công" and len(fields) == 5
    rows = _read_csv(demo_files["Diem SIPAS 2023.csv"])
    overall = [r for r in rows if r["Mã tiêu chí"] == ""]
    assert len(overall) == 63
    assert all(r["Điểm"].endswith("%") and "," in r["Điểm"] for r in rows)


def test_internal_index_follows_the_2025_restructuring(demo_files):
    wb = load_workbook(demo_files["chi_so_noi_bo_lang_son.xlsx"], read_only=True)
    dept = list(wb["diem_so"].iter_rows(values_only=True))
    by_year: dict[int, set[str]] = defaultdict(set)
    for row in dept[1:]:
        by_year[row[1]].add(row[2])
    assert "20.SKHDT" in by_year[2024] and "20.SKHDT" not in by_year[2025]
    assert "20.SNNMT" in by_year[2025] and "20.SNNMT" not in by_year[2024]
    assert len(by_year[2024]) == 19 and len(by_year[2025]) == 14
    wide = list(wb["diem_huyen"].iter_rows(values_only=True))
    years = {row[2] for row in wide[1:]}
    assert years == {2021, 2022, 2023, 2024}  # no district level from 2025
    assert len(wide) - 1 == 11 * 4
    assert wide[0][5].startswith("1.1")


def test_responsibilities_use_known_criteria_and_change_lead_in_2025(demo_files):
    rows = _read_csv(demo_files["phan_cong_lang_son.csv"])
    criteria = {r["criterion_code"] for r in _read_csv(demo_files["criteria_par_index.csv"])}
    criteria |= {r["Mã tiêu chí"] for r in _read_csv(demo_files["tieu_chi_sipas.csv"])}
    assert all(r["Mã tiêu chí"] in criteria for r in rows)
    field7 = {(r["Từ năm"], r["Đến năm"]): r["Đơn vị chủ trì"]
              for r in rows if r["Chỉ số"] == "PAR_INDEX" and r["Mã tiêu chí"] == "7"}
    assert field7 == {("", "2024"): "Sở Thông tin và Truyền thông",
                      ("2025", ""): "Sở Khoa học và Công nghệ"}
    assert any(";" in r["Đơn vị phối hợp"] for r in rows)


def test_main_demo_with_out_only_writes_files(tmp_path, capsys):
    assert main_demo(["--out", str(tmp_path / "files"), "--seed", str(DEFAULT_SEED)]) == 0
    assert len(list((tmp_path / "files").iterdir())) == 17
    assert "Dữ liệu minh họa" in capsys.readouterr().out



# --- the demo database, built through the importer ---

@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from analysis.demo import build_demo_database

    return build_demo_database(tmp_path_factory.mktemp("demo_db") / "demo.duckdb")


def _meta(path: Path, key: str) -> str | None:
    from analysis import db
    from analysis.queries import demo as q

    with db.open_read(path) as con:
        rows = con.execute(q.META_VALUE, [key]).fetchall()
    return rows[0][0] if rows else None


def test_build_demo_database_loads_every_index_through_the_importer(demo_db):
    from analysis.demo import coverage

    cov = {(i, y, g, lv): (n, pub) for i, y, g, lv, n, pub in coverage(demo_db)}
    assert cov[("PAR_INDEX", 2024, "vn63", "province")] == (63, 63)  # published ranks kept
    assert cov[("PAR_INDEX", 2023, "vn63", "province")] == (63, 63)
    assert cov[("PAR_INDEX", 2022, "vn63", "province")] == (62, 0)
    assert cov[("PAR_INDEX", 2021, "vn63", "province")] == (63, 0)
    assert cov[("PAR_INDEX", 2025, "vn34", "province")] == (34, 0)
    for year in (2021, 2022, 2023, 2024):
        assert cov[("SIPAS", year, "vn63", "province")] == (63, 0)
        assert cov[("PAR_HUYEN", year, "vn63", "district")] == (11, 0)
        assert cov[("PAR_SO", year, "vn34", "department")] == (19, 0)
    assert cov[("SIPAS", 2025, "vn34", "province")] == (34, 0)
    assert cov[("PAR_SO", 2025, "vn34", "department")] == (14, 0)
    assert not any(i == "PAR_HUYEN" and y == 2025 for i, y, *_ in cov)


def test_demo_database_is_marked_and_every_score_is_labelled(demo_db):
    from analysis import db
    from analysis.demo import demo_version
    from analysis.queries import demo as q

    assert _meta(demo_db, "workspace") == "demo"
    assert _meta(demo_db, "demo_seed") == str(DEFAULT_SEED)
    assert _meta(demo_db, "demo_version") == demo_version()
    with db.open_read(demo_db) as con:
        sources = dict(con.execute(q.SCORE_SOURCES).fetchall())
    assert set(sources) == {"Dữ liệu minh họa — tạo tự động (seed 2025), không phải số liệu thật"}


def test_demo_database_holds_the_generated_figures(demo_db):
    from analysis import db, headline

    sipas = {r.unit_code: r.text for r in demo_scores.sipas_scores(DEFAULT_SEED)[2023]
             if r.criterion_code == ""}
    with db.open_read(demo_db) as con:
        h = headline.headline(con, "SIPAS", 2023, "20")
    assert f"{h.score:.2f}" == sipas["20"]
    assert h.rank_of == 63


def test_demo_database_carries_plans_for_one_year_with_every_state(demo_db):
    from analysis import db, plans
    from analysis.demo import plans as demo_plans

    with db.open_read(demo_db) as con:
        assert plans.plan_years(con, "PAR_INDEX", "20") == [demo_plans.RESULT_YEAR]
        follow = plans.follow_up(con, "PAR_INDEX", demo_plans.RESULT_YEAR, "20", on=dt.date(2024, 6, 1))
    assert len(plans_of := follow[follow["plans"] > 0]) == len(demo_plans.plans(DEFAULT_SEED))
    assert {"done", "overdue", "in_progress", "missing"} <= set(follow["state"])
    assert plans_of["next_year"].eq(demo_plans.RESULT_YEAR + 1).all()  # the 2024 result shows the movement


def test_ensure_demo_database_builds_only_when_missing_or_outdated(demo_db, tmp_path):
    import shutil

    from analysis import db
    from analysis.demo import demo_version, ensure_demo_database
    from analysis.queries import demo as q

    fresh = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, fresh)
    before = db.database_version(fresh)
    assert ensure_demo_database(fresh) == fresh
    assert db.database_version(fresh) == before  # up to date: untouched
    with db.write_transaction(fresh) as con:
        con.execute(q.FORGET_META, ["demo_version"])
        con.execute(q.SET_META, ["demo_version", "0+old"])
    ensure_demo_database(fresh)
    assert _meta(fresh, "demo_version") == demo_version()
    assert _meta(fresh, "workspace") == "demo"
    assert not list(tmp_path.glob(".*building*"))


def test_the_demo_never_overwrites_a_database_that_is_not_a_demo(empty_db, capsys):
    from analysis.demo import NotADemoDatabase, build_demo_database, ensure_demo_database

    before = hashlib.sha256(empty_db.read_bytes()).hexdigest()
    with pytest.raises(NotADemoDatabase):
        build_demo_database(empty_db)
    with pytest.raises(NotADemoDatabase):
        ensure_demo_database(empty_db)
    assert main_demo(["--db", str(empty_db)]) == 1
    assert "not a demo database" in capsys.readouterr().out
    assert hashlib.sha256(empty_db.read_bytes()).hexdigest() == before
    from analysis import paths
    with pytest.raises(NotADemoDatabase):
        build_demo_database(paths.app_db_path())  # even before the real database exists
