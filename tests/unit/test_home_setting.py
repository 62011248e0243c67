"""The home province and index setting (PARDASH_HOME_UNIT / PARDASH_HOME_INDEX) as people write it."""
from analysis import config

NAMES = {"01": ("Hà Nội", "Ha Noi"), "20": ("Lạng Sơn", "Lang Son"), "79": ("TP. Hồ Chí Minh", "Ho Chi Minh City")}


def test_home_reads_and_normalises_the_environment(monkeypatch):
    monkeypatch.setenv("PARDASH_HOME_UNIT", "  Lạng Sơn ")
    monkeypatch.setenv("PARDASH_HOME_INDEX", "par index")
    assert config.home() == config.Home("Lạng Sơn", "PAR_INDEX")
    monkeypatch.delenv("PARDASH_HOME_UNIT")
    monkeypatch.setenv("PARDASH_HOME_INDEX", " ")
    assert config.home() == config.Home(None, None)


def test_home_unit_by_code_or_any_written_name():
    assert config.home_unit_among("20", NAMES) == "20"
    assert config.home_unit_among("tỉnh Lạng Sơn", NAMES) == "20"
    assert config.home_unit_among("lang son", NAMES) == "20"
    assert config.home_unit_among("Thành phố Hồ Chí Minh", NAMES) == "79"
    assert config.home_unit_among("Lạng Sơnn", NAMES) is None
    assert config.home_unit_among(None, NAMES) is None
