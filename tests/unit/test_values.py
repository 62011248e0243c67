"""The small value rules of `analysis.values`: plain values, rounding noise, criterion code order,
same criterion name."""
from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

from analysis.values import clean, code_key, parent_of, rounded, same_name


@pytest.mark.parametrize("value", [None, float("nan"), np.float64("nan"), pd.NA])
def test_clean_turns_every_missing_value_into_none(value):
    assert clean(value) is None


def test_clean_gives_plain_python_values():
    assert clean(np.int64(3)) == 3 and type(clean(np.int64(3))) is int
    assert clean(np.float64(2.5)) == 2.5 and type(clean(np.float64(2.5))) is float
    assert clean("Lạng Sơn") == "Lạng Sơn" and clean(True) is True


def test_rounded_takes_the_float_noise_off():
    assert 0.1 + 0.2 != 0.3 and rounded(0.1 + 0.2) == 0.3
    assert rounded(np.float64(1.23456), 2) == 1.23
    assert rounded(None) is None and rounded(float("nan")) is None and rounded(pd.NA) is None


def test_code_key_sorts_codes_in_tree_order():
    codes = ["10", "2", "1.10", "1.2", "1", "", "2.b", "2.a", "2.1", "1.2.3"]
    assert sorted(codes, key=code_key) == ["", "1", "1.2", "1.2.3", "1.10", "2", "2.1", "2.a", "2.b", "10"]


def test_code_key_starts_with_the_number_of_the_top_level_part():
    assert code_key("3.1")[0] == 3 and code_key("12")[0] == 12 and code_key("") == ()


def test_parent_of_walks_up_to_the_overall_index():
    assert [parent_of(c) for c in ("1.2.3", "1.2", "1", "")] == ["1.2", "1", "", None]


def test_same_name_ignores_case_spacing_and_unicode_form():
    name = "Cải cách thủ tục hành chính"
    assert same_name(name, "  CẢI CÁCH   thủ tục hành chính ")
    assert same_name(name, unicodedata.normalize("NFD", name))


def test_same_name_keeps_diacritics_and_words_apart():
    assert not same_name("Cải cách thể chế", "Cai cach the che")
    assert not same_name("Xây dựng văn bản QPPL", "Theo dõi thi hành pháp luật")


def test_a_missing_name_is_never_the_same():
    assert not same_name(None, "Cải cách thể chế") and not same_name("Cải cách thể chế", None)
    assert not same_name(None, None)
