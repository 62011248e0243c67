"""Vietnamese number formats: decimal comma, dot as thousands mark."""
import math

from analysis import fmt


def test_number_uses_decimal_comma_and_thousands_dot():
    assert fmt.number(85.567) == "85,57"
    assert fmt.number(1234.5) == "1.234,50"
    assert fmt.number(-1234.5) == "-1.234,50"
    assert fmt.number(3, 0) == "3"


def test_missing_values_and_negative_zero():
    assert fmt.number(None) == "–"
    assert fmt.number(math.nan) == "–"
    assert fmt.number(-0.001) == "0,00"
    assert fmt.number(-0.0) == "0,00"


def test_percent_signed_integer_two_digits():
    assert fmt.percent(79.3) == "79,30%"
    assert fmt.percent(None) == "–"
    assert fmt.signed(3.86) == "+3,86"
    assert fmt.signed(-1.2) == "\u22121,20"
    assert fmt.signed(0.001) == "0,00"
    assert fmt.integer(1234567) == "1.234.567"
    assert fmt.two_digits(4) == "04"
    assert fmt.two_digits(-12) == "12"


def test_english_uses_decimal_point_and_thousands_comma():
    assert fmt.number(85.567, lang="en") == "85.57"
    assert fmt.number(1234.5, lang="en") == "1,234.50"
    assert fmt.percent(79.3, lang="en") == "79.30%"
    assert fmt.signed(-1.2, lang="en") == "\u22121.20"
    assert fmt.integer(1234567, lang="en") == "1,234,567"
    assert fmt.d3_locale("en")["decimal"] == "." and fmt.d3_locale("vi")["decimal"] == ","


def test_parse_reads_either_language():
    assert fmt.parse("1,08") == 1.08
    assert fmt.parse("1.08") == 1.08
    assert fmt.parse("1.234,5") == 1234.5
    assert fmt.parse("1,234.5") == 1234.5
    assert fmt.parse("abc") is None
