"""A deck or export with nothing to show is refused with a sentence naming what is missing and
how to load it (issue 13); nothing is written. Runs on the session's app database (the bundled
data: PAPI in full, only some provinces' PAR INDEX) and a new empty --db."""
from __future__ import annotations

from analysis.__main__ import main

LOAD_VI = "Tải điểm lên bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại."


def refused(capsys, argv, output):
    status = main(argv)
    err = capsys.readouterr().err.strip()
    assert status == 1
    assert not output.exists()
    return err


def test_deck_for_a_province_with_no_score_is_refused(tmp_path, capsys):
    out = tmp_path / "hop.pptx"
    err = refused(capsys, ["deck", "--index", "PAR_INDEX", "--year", "2024", "--unit", "Lạng Sơn", "-o", str(out)], out)
    assert err == ("error: Không có gì để trình bày: Lạng Sơn chưa có điểm Chỉ số CCHC (PAR INDEX) năm 2024 "
                   "trong cơ sở dữ liệu này. " + LOAD_VI)


def test_deck_on_a_new_empty_database_is_refused_in_english(tmp_path, capsys):
    out = tmp_path / "deck.pdf"
    err = refused(capsys, ["deck", "--index", "PAPI", "--year", "2024", "--unit", "20", "--lang", "en",
                           "--db", str(tmp_path / "new.duckdb"), "-o", str(out)], out)
    assert err == ("error: Nothing to show: Lang Son has no PAPI score for 2024 in this database. "
                   "Load the scores with «python -m analysis load FILE» or on the Data page, then try again.")


def test_agency_workbook_without_assignments_is_refused(tmp_path, capsys):
    out = tmp_path / "giai_trinh.xlsx"
    err = refused(capsys, ["export", "--what", "agencies", "--index", "PAPI", "--year", "2024", "--unit", "Lạng Sơn",
                           "-o", str(out)], out)
    assert err == ("error: Không có gì để xuất: Lạng Sơn chưa có phân công đơn vị chủ trì cho PAPI năm 2024. "
                   "Tải tệp phân công (responsibilities, ví dụ phan_cong.csv) bằng «python -m analysis load TỆP» "
                   "hoặc ở trang Dữ liệu, rồi tạo lại.")


def test_league_of_a_year_without_scores_is_refused(tmp_path, capsys):
    out = tmp_path / "bxh.csv"
    err = refused(capsys, ["export", "--what", "league", "--index", "SIPAS", "--year", "2009", "-o", str(out)], out)
    assert err == ("error: Không có gì để xuất: chưa có điểm Chỉ số hài lòng (SIPAS) năm 2009 của đơn vị nào "
                   "trong cơ sở dữ liệu này. " + LOAD_VI)


def test_follow_up_without_a_previous_year_is_refused(tmp_path, capsys):
    out = tmp_path / "theo_doi.csv"
    err = refused(capsys, ["export", "--what", "follow_up", "--index", "PAPI", "--year", "2011", "--unit", "20",
                           "-o", str(out)], out)
    assert err.startswith("error: Không có gì để xuất: bảng «follow_up» của Lạng Sơn, PAPI năm 2011 không có dòng nào")


def test_a_deck_with_a_score_never_prints_template_slots():
    from analysis import bundle, db
    from analysis.export.slides import story

    with db.open_read(bundle.ensure_app_database().path) as con:
        s = story(con, ("PAPI", 2024, "20"), "vi")
        refused_story = story(con, ("PAR_INDEX", 2024, "20"), "vi")
    assert len(s.slides) == 9 and not s.refusal
    shown = [x.title + x.empty + x.text for x in s.slides]
    assert not [text for text in shown if "{" in text]
    assert refused_story.slides == () and "Lạng Sơn chưa có điểm" in refused_story.refusal
