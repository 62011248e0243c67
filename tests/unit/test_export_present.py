"""The presentation page (app_pages/present.py) on the demo workspace, through Streamlit's AppTest:
the slide in the URL is shown, Next/Previous move and keep the URL in step, and the slides are
the deck's (same titles, same order)."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import db
from analysis.demo import build_demo_database
from analysis.export.slides import story
from ui.layout import md_escape

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "present.py")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return build_demo_database(tmp_path_factory.mktemp("present") / "demo.duckdb")


def _run(demo_db: Path, monkeypatch, **params) -> AppTest:
    monkeypatch.setenv("PARDASH_DEMO_DB", str(demo_db))
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.query_params.update({"ws": "demo", **params})
    return at.run()


def _expected_titles(at: AppTest, demo_db: Path) -> list[str]:
    q = at.query_params
    with db.open_read(demo_db) as con:
        s = story(con, {"index_code": q["index"], "year": int(q["year"]), "unit_code": q["unit"],
                        "peers": tuple(q["peers"].split(",")) if q.get("peers") else ()})
    return [md_escape(x.title) for x in s.slides]  # the page escapes names (never Markdown)


def test_slide_from_url_then_next_and_previous(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch, slide="3")
    assert not at.exception
    titles = _expected_titles(at, demo_db)
    assert at.header[0].value == titles[2]
    assert at.markdown[0].value == "Trang 3/9"
    assert "Dữ liệu minh họa" in at.warning[0].value
    at.button(key="present_next").click().run()
    assert at.header[0].value == titles[3] and at.query_params["slide"] == "4"
    at.button(key="present_previous").click().run()
    at.button(key="present_previous").click().run()
    assert at.header[0].value == titles[1] and at.query_params["slide"] == "2"
    assert at.caption[-1].value == "Xong: trình chiếu"


def test_slide_number_is_clamped_and_buttons_disable_at_the_ends(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch, slide="99")
    assert at.markdown[0].value == "Trang 9/9"
    assert at.button(key="present_next").disabled and not at.button(key="present_previous").disabled
    at = _run(demo_db, monkeypatch, slide="abc")
    assert at.markdown[0].value == "Trang 1/9"
    assert at.button(key="present_previous").disabled


def test_the_map_annex_shows_its_map(demo_db, monkeypatch):
    # The last slide is the map annex: a chart alone (the page drew nothing for such a slide).
    import json

    at = _run(demo_db, monkeypatch, slide="9")
    assert not at.exception
    assert at.markdown[0].value == "Trang 9/9"
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert any("geoshape" in json.dumps(s) and "QĐ. Hoàng Sa" in json.dumps(s, ensure_ascii=False)
               for s in specs)
