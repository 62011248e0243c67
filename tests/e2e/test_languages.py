"""One language at a time (issue 13): every page, opened in Vietnamese and in English, shows no
word of the other language from the lists below. Proper names (provinces, agencies, districts,
criteria the tree names only in Vietnamese, sources) stay as written: they are read from the
workspace's own database and taken out of the text before it is checked."""
from __future__ import annotations

import ast
import re

import pytest

from analysis import db
from tests.e2e.conftest import ARTIFACTS, ROOT
from tests.e2e.test_browser import wait_for_app_idle, wait_for_visuals

pytestmark = pytest.mark.e2e

# Words only a Vietnamese screen may show, and words only an English one may show.
VIETNAMESE_ONLY = ["Xếp hạng", "điểm", "bậc", "Tỉnh", "Năm", "Nhóm", "Lĩnh vực", "Tiêu chí", "Đơn vị", "Chưa",
                   "tăng", "giảm", "so với", "Tải", "Dữ liệu", "lần nhập", "dòng", "Tổng quan", "chủ trì",
                   "Không", "Có"]
ENGLISH_ONLY = ["rows added", "replaced", "Score", "Rank", "batch", "Points lost", "Lead agency", "Download",
                "Group", "Change", "not assigned", "Overview", "Browse files", "Drag and drop", "Upload",
                "per file", "bundled", "Target", "Field", "Criterion", "Yes", "No "]
# Written in both languages on purpose (the language switch, names of indices and sources).
BOTH = ["Ngôn ngữ / Language", "Tiếng Việt", "English", "PAR INDEX", "SIPAS", "PAPI", "PCI"]
# Numbers with two decimals, the way each language writes them.
VI_DECIMAL, EN_DECIMAL = re.compile(r"\b\d+,\d\d\b"), re.compile(r"\b\d+\.\d\d\b")


def proper_names(path) -> list[str]:
    """The names and notes a page shows as written (units, criteria the tree names only in
    Vietnamese, sources — also of bundled figures a user's import outranks, which the Dữ liệu
    page lists —, target notes, the files and sheets of the import history), longest first (a long name goes before its parts)."""
    with db.open_read(path) as con:
        rows = con.execute("""SELECT name FROM unit UNION SELECT name FROM criterion WHERE name_en IS NULL
                              UNION SELECT source FROM score WHERE source IS NOT NULL
                              UNION SELECT source FROM score_history WHERE source IS NOT NULL
                              UNION SELECT note FROM target WHERE note IS NOT NULL
                              UNION SELECT source FROM batch WHERE source IS NOT NULL
                              UNION SELECT file_name || coalesce('[' || sheet || ']', '') FROM batch_file
                              UNION SELECT coalesce(sheet, '') FROM batch_file""").fetchall()
    return sorted({str(r[0]) for r in rows if r[0]}, key=len, reverse=True)


def spoken(text: str, names: list[str]) -> str:
    """The page's text without the names it shows as written."""
    for name in (*names, *BOTH):
        text = text.replace(name, " ")
    return text


def foreign_words(text: str, lang: str) -> list[str]:
    words = ENGLISH_ONLY if lang == "vi" else VIETNAMESE_ONLY
    found = [w for w in words if re.search(r"(?<!\w)" + re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else ""), text)]
    wrong_decimal = (EN_DECIMAL if lang == "vi" else VI_DECIMAL).findall(text)
    return found + [f"number {n}" for n in wrong_decimal[:5]]


def _page_slugs() -> list[str]:
    """The url slugs of app.py's PAGES, read from its source (importing app.py runs the app)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                 and getattr(node.targets[0], "id", None) == "PAGES")
    return [slug for _path, slug, _key, _icon in ast.literal_eval(pages)]


PAGE_SLUGS = _page_slugs()


def _open(page, url: str) -> str:
    """The page's visible text once every widget, grid and chart has painted, with the grids'
    cells and the charts' labels (drawn on canvas and in SVG, outside the body's text)."""
    page.goto(url)
    wait_for_app_idle(page, timeout=120_000)
    wait_for_visuals(page, timeout=60_000)
    page.wait_for_timeout(500)
    drawn = page.eval_on_selector_all(
        '[role="gridcell"], [role="columnheader"], svg text', "nodes => nodes.map(n => n.textContent)")
    return page.locator("body").inner_text() + "\n" + "\n".join(drawn)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("workspace", ["demo", "real"])
def test_every_page_speaks_one_language(warm_app, e2e_dbs, browser, lang, workspace):
    names = proper_names(e2e_dbs[workspace])
    page = browser.new_page(viewport={"width": 1400, "height": 1700}, locale="vi-VN")
    problems = {}
    try:
        for slug in PAGE_SLUGS:
            ws = "&ws=demo" if workspace == "demo" else ""
            text = _open(page, f"{warm_app}/{slug}?lang={lang}{ws}")
            page.screenshot(path=str(ARTIFACTS / f"lang_{workspace}_{lang}_{slug}.png"), full_page=True)
            found = foreign_words(spoken(text, names), lang)
            if found:
                problems[slug] = found
    finally:
        page.close()
    assert problems == {}


def test_the_lists_catch_the_other_language():
    assert foreign_words("lần nhập 3: thêm 1130 dòng", "en") == ["lần nhập", "dòng"]
    assert foreign_words("batch 3: 1130 rows added, 12 replaced", "vi") == ["rows added", "replaced", "batch"]
    assert foreign_words("Điểm 85,57", "en") == ["number 85,57"]
    assert foreign_words("Score 85.57", "en") == []
    assert spoken("Sở Nội vụ: 3 tiêu chí", ["Sở Nội vụ"]).strip() == ": 3 tiêu chí"
