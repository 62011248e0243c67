"""The text catalogue (analysis/i18n.py) is the only source of words: every key says it in both
languages, every key is used somewhere, and the retelling of stored or importer texts works."""
from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from analysis import i18n
from analysis.i18n import TEXT, t

ROOT = Path(__file__).resolve().parents[2]
CODE = [ROOT / "app.py", *(p for folder in ("analysis", "ui", "app_pages") for p in (ROOT / folder).rglob("*.py"))]


def _literals() -> tuple[set[str], set[str]]:
    """(every string constant in the product code outside the catalogue, the leading text of
    every f-string and of every `"prefix." + name`): what a key can be looked up by."""
    strings, prefixes = set(), set()
    for path in CODE:
        if path.name == "i18n.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                strings.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
            elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and \
                    isinstance(node.left, ast.Constant) and isinstance(node.left.value, str):
                prefixes.add(node.left.value)
    return strings, {p for p in prefixes if "." in p}


def _referenced(key: str, strings: set[str], prefixes: set[str]) -> bool:
    """Named in full, or built from a prefix in the code (f"annex.becomes.{b}", "col." + name,
    f"dd.depth{d}") whose remainder is itself a string of the code (the column name, the
    `becomes` value) or a number."""
    if key in strings:
        return True
    return any(key.startswith(p) and (key[len(p):] in strings or key[len(p):].isdigit()) for p in prefixes)


# Keys the catalogue itself looks up (helpers in i18n.py) are used through those helpers.
LOOKED_UP_IN_CATALOGUE = ("band.", "batch.kind.", "break.", "imp.", "level.", "cov.", "ov.delta_places_", "source.", "region.", "batch.source.")


def test_every_key_is_used():
    strings, prefixes = _literals()
    unused = sorted(k for k in TEXT if not _referenced(k, strings, prefixes)
                    and not k.startswith(LOOKED_UP_IN_CATALOGUE))
    assert unused == []


def test_an_unused_key_is_caught():
    strings, prefixes = _literals()
    assert not _referenced("ov.never_shown_anywhere", strings, prefixes)
    assert _referenced("annex.becomes.criterion", strings, prefixes)  # f"annex.becomes.{b}"


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_key_has_both_languages_with_the_same_slots(key):
    vi, en = TEXT[key]
    assert vi.strip() and en.strip()
    slots = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (vi, en)]
    # "{Word}" is the capitalised "{word}" a Vietnamese sentence starts with
    assert {s.lower() for s in slots[0]} == {s.lower() for s in slots[1]} or key == "nar.target_short"


def test_catalogue_helpers_look_up_existing_keys():
    for key in (*i18n.BAND_KEYS.values(), *i18n.BREAK_KEYS, *i18n.IMPORT_KEYS):
        assert key in TEXT


def test_import_report_and_problems_in_vietnamese():
    assert i18n.import_message("batch 3: 1130 rows added, 12 replaced", "vi") == "lần nhập 3: thêm 1130 dòng, thay 12 dòng"
    assert i18n.import_message('diem.csv:12:score: not a number: "abc"', "vi") == 'diem.csv:12:score: không phải số: "abc"'
    # English screens and unknown messages keep the importer's words
    assert i18n.import_message("batch 3: 1130 rows added, 12 replaced", "en") == "batch 3: 1130 rows added, 12 replaced"
    assert i18n.import_message("x.csv:2:a: something new", "vi") == "x.csv:2:a: something new"


def test_break_note_in_english_with_decimal_points():
    note = t("break.max_changed", "vi", then="9,5", now="10,25", prev=2021, year=2022)
    assert i18n.break_note(note, "en") == "The maximum changed (9.5 → 10.25, 2021 → 2022)"
    assert i18n.break_note(note, "vi") == note
    assert i18n.break_note(None, "en") is None


def test_band_labels_in_both_languages():
    assert i18n.band_name("A", "en") == "Group A"
    assert i18n.band_name("dưới 80%", "en") == "below 80%"
    assert i18n.band_name("Tốt", "en") == "Good"
    assert i18n.band_name("Tốt", "vi") == "Tốt"
    assert i18n.band_name("Loại riêng", "en") == "Loại riêng"  # a province's own label, as written


def test_no_text_shown_to_users_points_at_source_code():
    # The overview card said "dưới ngưỡng 80% (analysis/config.py)": a developer's pointer on a user's screen.
    assert [k for k, pair in TEXT.items() if any(".py" in said for said in pair)] == []


def test_the_apps_own_batch_sources_are_retold_in_the_screens_language():
    # The Data page's import history showed "reference units bundled with the app …" on the
    # Vietnamese screen and "Dữ liệu minh họa — tạo tự động (seed 2025) …" on the English one.
    from analysis import bundle
    from analysis.demo import files
    assert i18n.batch_source(bundle.REFERENCE_SOURCE, "vi").startswith("Danh mục đơn vị")
    assert i18n.batch_source(bundle.REFERENCE_SOURCE, "en") == bundle.REFERENCE_SOURCE
    assert i18n.batch_source(bundle.BUNDLED_SOURCE, "vi").startswith("Số liệu thật")
    assert i18n.batch_source(files.source_note(2025), "en") == "Demo data — generated (seed 2025), not real figures"
    assert i18n.batch_source(files.source_note(7), "vi") == files.source_note(7)
    assert i18n.batch_source("Sở Nội vụ gửi", "en") == "Sở Nội vụ gửi"  # a user's own words, as written
