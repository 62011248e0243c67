"""No page shows a catalogue key ("plans.heading") or an unfilled slot ("{year}") instead of
words, in either language: every page of the demo workspace (the one that has something in every
section, plans included) and every slide of the presentation, read element by element."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from analysis.i18n import TEXT
from tests.app.conftest import APP
from tests.app.test_pages import PAGES

CHART_TYPES = {"vega_lite_chart", "arrow_vega_lite_chart"}
# a key without a dot ("no", "yes") is also an ordinary word; only dotted keys are looked for
KEY = re.compile("|".join(rf"(?<![\w.]){re.escape(k)}(?!\w|\.\w)" for k in sorted(TEXT, key=len, reverse=True) if "." in k))
SLOT = re.compile(r"\{[a-z_]+\}")


def _elements(node):
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from _elements(child)


def shown_texts(at: AppTest) -> list[str]:
    """The words of every element (its proto as text) and every table cell and header."""
    texts = []
    for element in _elements(at._tree):
        if getattr(element, "type", "") in CHART_TYPES:
            continue
        proto = getattr(element, "proto", None)
        if proto is not None and element.type not in ("arrow_data_frame", "dataframe"):
            texts.append(str(proto).encode().decode("unicode_escape", errors="ignore"))
    for frame in at.dataframe:
        df = frame.value
        texts.extend(str(c) for c in df.columns)
        texts.extend(str(v) for v in df.astype(str).to_numpy().ravel())
    return texts


def open_page(path: str | None, lang: str, **extra) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["ws"] = "demo"
    at.query_params["lang"] = lang
    for key, value in extra.items():
        at.query_params[key] = str(value)
    at.run()
    if path:
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def raw_words(at: AppTest) -> list[str]:
    found = []
    for text in shown_texts(at):
        found += KEY.findall(text) + SLOT.findall(text)
    return sorted(set(found))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_shows_a_catalogue_key(workspaces, name, lang):
    at = open_page(None if name == "overview" else PAGES[name][0], lang)
    assert raw_words(at) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("slide", range(1, 10))
def test_no_slide_shows_a_catalogue_key(workspaces, slide, lang):
    at = open_page("app_pages/present.py", lang, slide=slide)
    assert raw_words(at) == []


def test_the_words_read_include_headings_and_table_cells(workspaces):
    texts = "\n".join(shown_texts(open_page(PAGES["agencies"][0], "en")))
    assert "Remediation plans" in texts and "Sở Nội vụ" in texts


def test_a_raw_key_would_be_seen():
    # The check itself: a key or an unfilled slot among the words is reported.
    assert KEY.findall("Heading: page.agencies.") == ["page.agencies"]
    assert KEY.findall("Sở Nội vụ, Lạng Sơn, 87.53, v2.1") == []
    assert SLOT.findall("năm {year}") == ["{year}"]
