"""Remediation plans: overdue from the deadline and a given day, the follow-up per agency and
weak item, the movement of planned items between two results, the reminder list and the summary.
Expected values are worked out by hand from tests/unit/fixtures_plans.py."""
from __future__ import annotations

import datetime as dt
import json

import duckdb
import pytest

from analysis import db, plans
from tests.unit.fixtures_plans import INDEX, plans_db

JUNE = dt.date(2023, 6, 1)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = plans_db(tmp_path_factory.mktemp("plans") / "plans.duckdb")
    with db.open_read(path) as c:
        yield c


def test_plans_of_a_result_with_overdue_as_of_a_day(con):
    got = plans.plans(con, INDEX, 2022, "20", on=JUNE)
    assert list(got.columns) == plans.PLAN_COLUMNS
    assert [(r.criterion_code, r.name, r.agency_name, r.status, r.overdue) for r in got.itertuples()] == [
        ("1.1", "Kế hoạch CCHC", "Sở Nội vụ", "hoan_thanh", False),      # done: never overdue
        ("1.2", "Kiểm tra CCHC", "Sở Nội vụ", "dang_thuc_hien", True),   # 31/3 has passed
        ("2.2", "Thanh toán trực tuyến", "Sở Tư pháp", "chua_thuc_hien", False)]  # no deadline
    # on the deadline itself it has not passed yet
    assert list(plans.plans(con, INDEX, 2022, "20", on=dt.date(2023, 3, 31))["overdue"]) == [False] * 3
    assert list(plans.plans(con, INDEX, 2022, "20", on=dt.date(2023, 4, 1))["overdue"]) == [False, True, False]
    assert plans.plans(con, INDEX, 2022, "20", on=JUNE)["deadline"].iloc[1] == dt.date(2023, 3, 31)


def test_follow_up_per_agency_and_weak_item_with_movement(con):
    got = plans.follow_up(con, INDEX, 2022, "20", on=JUNE, n=2)
    assert list(got.columns) == plans.FOLLOW_UP_COLUMNS
    rows = [(r.agency_code, r.criterion_code, r.weak, r.pct, r.plans, r.done, r.overdue, r.state,
             r.next_year, r.next_pct, r.delta_pct, r.rank, r.next_rank, r.delta_rank)
            for r in got.itertuples()]
    assert rows == [
        ("20.SNV", "1.1", True, 50.0, 1, 1, 0, "done", 2023, 87.5, 37.5, 2, 1, 1),
        ("20.SNV", "1.2", True, 50.0, 1, 0, 1, "overdue", 2023, 40.0, -10.0, 1, 2, -1),
        ("20.STP", "2.1", True, 60.0, 0, 0, 0, "missing", 2023, 80.0, 20.0, 2, 2, 0),
        ("20.STP", "2.2", False, 80.0, 1, 0, 0, "in_progress", 2023, 80.0, 0.0, 1, 1, 0)]
    assert got["deadline"].iloc[1] == dt.date(2023, 3, 31)


def test_no_movement_before_the_next_result_is_in(con):
    got = plans.follow_up(con, INDEX, 2023, "20", on=JUNE, n=1)
    assert got["next_year"].isna().all() and got["delta_rank"].isna().all()
    assert ("20.STP", "2.1", 1) in [(r.agency_code, r.criterion_code, r.plans) for r in got.itertuples()]


def test_progress_by_agency_and_the_reminder_list(con):
    progress = plans.agency_progress(con, INDEX, 2022, "20", on=JUNE, n=2)
    assert progress.values.tolist() == [
        ["20.SNV", "Sở Nội vụ", 2, 2, 1, 1, 0, 1, 1],
        ["20.STP", "Sở Tư pháp", 1, 0, 0, 0, 1, 1, 0]]
    missing = plans.plans_missing(con, INDEX, 2022, "20", n=2)
    assert missing.values.tolist() == [
        ["20.STP", "Sở Tư pháp", "2.1", "Dịch vụ công trực tuyến", 60.0, 2.0, dt.date(2023, 5, 31)]]


def test_summary_counts_items_once(con):
    got = plans.plan_summary(con, INDEX, 2022, "20", on=JUNE, n=2)
    assert {k: v for k, v in got.items() if k != "items"} == {
        "result_year": 2022, "due": "2023-05-31", "weak_items": 3, "with_plan": 2, "done": 1,
        "overdue": 1, "missing": 1, "next_year": 2023, "improved": 2, "declined": 1}
    assert got["items"][1] == {
        "criterion_code": "1.2", "name": "Kiểm tra CCHC", "agency": {"code": "20.SNV", "name": "Sở Nội vụ"},
        "weak": True, "state": "overdue", "plans": 1, "done": 0, "overdue": 1, "deadline": "2023-03-31",
        "pct": 50.0, "next_pct": 40.0, "delta_pct": -10.0, "rank": 1, "next_rank": 2, "delta_rank": -1}
    assert plans.plan_summary(con, INDEX, 2021, "20") is None


def test_state_of_an_item():
    assert plans.state_of([], []) == "missing"
    assert plans.state_of(["hoan_thanh", "dang_thuc_hien"], [False, True]) == "overdue"
    assert plans.state_of(["hoan_thanh", "hoan_thanh"], [False, False]) == "done"
    assert plans.state_of(["hoan_thanh", "chua_thuc_hien"], [False, False]) == "in_progress"


def test_a_database_without_the_plan_table_has_no_plans(tmp_path):
    path = plans_db(tmp_path / "old.duckdb", plans=[])
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE plan")
    con.close()
    with db.open_read(path) as c:
        assert plans.plans(c, INDEX, 2022, "20").empty
        assert list(plans.plans_missing(c, INDEX, 2022, "20", n=2)["criterion_code"]) == ["1.1", "1.2", "2.1"]


def test_summary_json_carries_the_plans_of_a_province(con):
    from analysis.summary import summary

    got = summary(con, INDEX, 2023, "20")["plans"]
    json.dumps(got)  # plain JSON types only
    # answering 2023: one plan (2.1); answering 2022: the items above, moved in 2023
    assert got["current"]["result_year"] == 2023 and got["current"]["with_plan"] == 1
    assert (got["previous"]["result_year"], got["previous"]["next_year"]) == (2022, 2023)
    other = summary(con, INDEX, 2023, "01")["plans"]  # Hà Nội's own plan, nothing of Lạng Sơn's
    assert (other["previous"]["with_plan"], other["current"]["with_plan"]) == (1, 0)


def test_the_meeting_slide_counts_by_agency(con):
    from types import SimpleNamespace

    from analysis.export.plan_slide import plans_slide

    req = SimpleNamespace(lang="vi", index_code=INDEX, year=2022, unit_code="20")
    slide = plans_slide(con, req, ["nguồn"])
    assert slide.title == "Kết quả thực hiện kế hoạch khắc phục (kết quả năm 2022)"
    assert [(k.label, k.value) for k in slide.kpis] == [
        ("Tiêu chí yếu", "4"), ("Đã có kế hoạch", "3/4"), ("Đã hoàn thành", "1"), ("Quá hạn", "1")]
    assert slide.text == "Năm 2023: 2/4 tiêu chí yếu tăng tỷ lệ đạt, 1 giảm."
    assert slide.table.rows == (("Sở Nội vụ", "2", "2", "1", "1", "0", "1", "1"),
                                ("Sở Tư pháp", "2", "1", "0", "0", "1", "1", "0"))
    # a meeting follows the newest result with plans up to its year: 2023's, no movement yet
    later = plans_slide(con, SimpleNamespace(lang="vi", index_code=INDEX, year=2024, unit_code="20"), [])
    assert later.title.endswith("(kết quả năm 2023)") and later.text == "Chưa có kết quả năm 2024 để đánh giá chuyển biến."
    other = plans_slide(con, SimpleNamespace(lang="vi", index_code=INDEX, year=2023, unit_code="01"), [])
    assert other.kpis[1].value == "1/4"  # Hà Nội has its one plan (2022): the slide shows it
