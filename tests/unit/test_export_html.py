"""The offline copy of the meeting (issue 13): one self-contained HTML file with the deck's
slides, charts as inline SVG, Vietnamese number formats and nothing fetched from anywhere."""
from __future__ import annotations

import re

import pytest

from analysis import bundle, db
from analysis.__main__ import main
from analysis.export.html import build_html
from analysis.export.slides import story


@pytest.fixture(scope="module")
def page_and_story():
    with db.open_read(bundle.ensure_app_database().path) as con:
        return build_html(con, ("PAPI", 2024, "20"), "vi").decode("utf-8"), story(con, ("PAPI", 2024, "20"), "vi")


def test_html_has_the_decks_slides_in_order_with_inline_svg_charts(page_and_story):
    page, s = page_and_story
    keys = re.findall(r'<section class="slide" data-key="(\w+)"', page)
    assert keys == [x.key for x in s.slides] == ["title", "headline", "fields", "weakest", "peers", "targets",
                                                  "follow_up", "plans", "map"]
    assert page.count("<svg") == sum(1 for x in s.slides if x.chart is not None) == 4
    for x in s.slides:
        assert x.title in page
    assert "45,00" in page and "12/61" in page  # Vietnamese number format, as on the slide


def test_html_fetches_nothing(page_and_story):
    page, _ = page_and_story
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\'' in page
    addresses = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>)]*", page))
    assert addresses <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, addresses
    assert not re.search(r"<(?:link|img|iframe)\b|\bsrc=|@import|url\((?!#)", page)  # url(#id): a gradient defined in the same SVG


def test_cli_writes_html_and_refuses_like_the_deck(tmp_path, capsys):
    out = tmp_path / "hop.html"
    assert main(["deck", "--index", "PAPI", "--year", "2024", "--unit", "Lạng Sơn", "--format", "html",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    missing = tmp_path / "khong.html"
    assert main(["deck", "--index", "PAR_INDEX", "--year", "2024", "--unit", "20", "-o", str(missing)]) == 1
    assert "Không có gì để trình bày" in capsys.readouterr().err and not missing.exists()


def test_the_data_version_is_named_once(page_and_story):
    page, _ = page_and_story
    assert "Phiên bản dữ liệu: lô" in page and "Phiên bản dữ liệu: Phiên bản dữ liệu" not in page
