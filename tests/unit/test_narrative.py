"""The report paragraph (fixture: fixtures.review_db)."""
from __future__ import annotations

import pytest

from analysis import db, fmt
from analysis.headline import headline
from analysis.narrative import narrative, unit_phrase
from tests.unit import fixtures as fx


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fx.review_db(tmp_path_factory.mktemp("narr") / "review.duckdb")
    with db.open_read(path) as connection:
        yield connection


def test_full_paragraph(con):
    assert narrative(con, "PAR_INDEX", 2023, "20") == (
        "Năm 2023, Chỉ số CCHC (PAR INDEX) của tỉnh Lạng Sơn đạt 91,25/100 điểm (91,25%), xếp thứ 2/4 "
        "tỉnh, thành phố, tăng 8,75 điểm và tăng 1 bậc so với năm 2022. Kết quả thuộc nhóm A. "
        "Lĩnh vực đạt cao nhất là 2 “Cải cách thể chế” (97,50%), thấp nhất là 1 “Công tác chỉ "
        "đạo, điều hành CCHC” (85,00%). Các tiêu chí đạt thấp nhất: 1.1 “Kế hoạch CCHC” (62,50%, "
        "mất 7,50 điểm; chủ trì: Sở Nội vụ); 2.2 “Kiểm tra, rà soát văn bản” (95,00%, mất 1,25 "
        "điểm; chủ trì: Văn phòng UBND tỉnh). Chưa đạt mục tiêu đề ra (≥ 95,00 điểm, trong nhóm "
        "2 đứng đầu), còn thiếu 3,75 điểm.")


def test_english(con):
    text = narrative(con, "PAR_INDEX", 2023, "20", lang="en")
    assert text.startswith("In 2023, Lang Son province scored 91.25 of 100 points (91.25%) on PAR INDEX, "
                           "ranked 2/4, up 8.75 points and up 1 place compared with 2022.")
    assert text.endswith("The target (≥ 95.00 points, top 2) was not met, 3.75 points short.")


def test_fall_and_kept_rank(con):
    assert narrative(con, "PAR_INDEX", 2023, "48").startswith(
        "Năm 2023, Chỉ số CCHC (PAR INDEX) của thành phố Đà Nẵng đạt 80,00/100 điểm (80,00%), xếp "
        "thứ 4/4 tỉnh, thành phố, giảm 5,00 điểm và giảm 2 bậc so với năm 2022. Kết quả thuộc nhóm B.")
    assert "giữ nguyên thứ hạng so với năm 2022" in narrative(con, "PAR_INDEX", 2023, "01")


def test_no_previous_year_and_no_published_rank(con):
    assert narrative(con, "PAR_INDEX", 2021, "79").startswith(
        "Năm 2021, Chỉ số CCHC (PAR INDEX) của thành phố Hồ Chí Minh đạt 82,50/100 điểm "
        "(82,50%), xếp thứ 2/4 tỉnh, thành phố, chưa có kết quả năm trước để so sánh.")
    # SIPAS: no tree, a rank published only for Hà Nội -> no rank sentence for Lạng Sơn
    assert narrative(con, "SIPAS", 2023, "20") == (
        "Năm 2023, Chỉ số SIPAS của tỉnh Lạng Sơn đạt 79,30%, tăng 3,86 điểm % so với năm 2022.")


def test_merger_year(con):
    assert narrative(con, "PAR_INDEX", 2025, "20") == (
        "Năm 2025, Chỉ số CCHC (PAR INDEX) của tỉnh Lạng Sơn đạt 88,00/100 điểm (88,00%), xếp "
        "thứ 2/2 tỉnh, thành phố, chưa so sánh với các năm trước do sắp xếp đơn vị hành chính cấp tỉnh năm "
        "2025. Kết quả thuộc nhóm B.")


@pytest.mark.parametrize("index_code, unit_code", [("PAR_INDEX", "20"), ("SIPAS", "20")])
def test_the_paragraph_reports_the_score_in_the_unit_of_its_cards(con, index_code, unit_code):
    """PAR INDEX is out of 100 points: points (its % of the maximum beside them), as on its cards;
    SIPAS is a percentage. Never 'đạt 91,25%' beside a card that reads 91,25 points."""
    h = headline(con, index_code, 2023, unit_code)
    text = narrative(con, index_code, 2023, unit_code)
    as_percent = f"đạt {fmt.percent(h.score)}, "
    as_points = f"đạt {fmt.number(h.score)}/{fmt.number(h.max_score, 0)} điểm" if h.max_score else None
    if h.is_percent:
        assert as_percent in text and "điểm %" in text
    else:
        assert as_points and as_points in text and as_percent not in text and "điểm %" not in text


def test_no_score_is_empty(con):
    assert narrative(con, "PAR_INDEX", 2022, "79") == ""


@pytest.mark.parametrize("name, expected", [
    ("Lạng Sơn", "tỉnh Lạng Sơn"), ("Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ("Hà Nội", "thành phố Hà Nội"), ("Huế", "thành phố Huế"),
    ("Thừa Thiên Huế", "tỉnh Thừa Thiên Huế"), ("Tỉnh Cao Bằng", "tỉnh Cao Bằng"),
])
def test_unit_phrase(name, expected):
    assert unit_phrase(name) == expected


def _two_provinces(tmp_path, crit):
    """Lạng Sơn (5,5 + 6,25) and Hà Nội (7 + 7) scored on PAPI 2020's two fields."""
    scores = [{"index_code": "PAPI", "year": 2020, "unit_code": u, "criterion_code": c,
               "score": s} for u, c, s in (("20", "1", 5.5), ("20", "2", 6.25),
                                           ("01", "1", 7), ("01", "2", 7))]
    return fx.build(tmp_path / "p.duckdb", units=[{"unit_code": "20", "name": "Lạng Sơn"},
                                                  {"unit_code": "01", "name": "Hà Nội"}],
                    criteria=crit, scores=scores)


def test_points_index_says_diem(tmp_path):
    crit = [{"index_code": "PAPI", "valid_from": 2020, "criterion_code": c, "name": c,
             "max_score": 10} for c in ("1", "2")]
    path = _two_provinces(tmp_path, crit)
    with db.open_read(path) as con:
        assert narrative(con, "PAPI", 2020, "20").startswith(
            "Năm 2020, Chỉ số PAPI của tỉnh Lạng Sơn đạt 11,75/20 điểm, xếp thứ 2/2 tỉnh, "
            "thành phố, chưa có kết quả năm trước để so sánh. Chỉ số nội dung đạt cao nhất là 2 “2” "
            "(62,50%), thấp nhất là 1 “1” (55,00%).")


def test_english_names_criteria_in_english_where_the_tree_does(tmp_path):
    """English mode: the tree's `name_en` where it has one, the Vietnamese name where not;
    decimal points; the province's name as the unit table gives it."""
    crit = [{"index_code": "PAPI", "valid_from": 2020, "criterion_code": "1", "name": "Tham gia",
             "name_en": "Participation", "max_score": 10},
            {"index_code": "PAPI", "valid_from": 2020, "criterion_code": "2", "name": "Công khai",
             "max_score": 10}]
    path = _two_provinces(tmp_path, crit)
    with db.open_read(path) as con:
        text = narrative(con, "PAPI", 2020, "20", lang="en")
    assert text.startswith("In 2020, Lạng Sơn province scored 11.75 of 20 points on PAPI, ranked 2/2, "
                           "with no earlier result to compare with. The strongest dimension is 2 “Công khai” "
                           "(62.50%), the weakest 1 “Participation” (55.00%).")
