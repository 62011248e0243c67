"""The compare page's field heatmap read as data: a fixed height per unit row (so 5 or 63 provinces
stay readable), no grid lines through the values, unit names cut before they overlap the cells,
and a sentence instead of an empty frame."""
import pandas as pd
import pytest

from analysis import charts


def _fields(n_units: int, n_fields: int = 8) -> pd.DataFrame:
    rows = []
    for u in range(n_units):
        code, name = f"{u + 1:02d}", f"Tỉnh số {u + 1} có một cái tên rất dài để thử giới hạn nhãn"
        rows.append((code, name, "", None, 80.0 + u % 10, 80.0 + u % 10))
        for f in range(1, n_fields + 1):
            rows.append((code, name, str(f), f"Lĩnh vực {f}", 7.0, 70.0 + (u * f) % 25))
    return pd.DataFrame(rows, columns=["unit_code", "name", "criterion_code", "criterion_name", "score", "pct"])


def _axes(spec: dict) -> dict:
    return {ch: spec["layer"][0]["encoding"][ch]["axis"] for ch in ("x", "y")}


@pytest.mark.parametrize("n_units", [5, 63])
def test_heatmap_rows_keep_their_height_and_no_grid_crosses_the_values(n_units):
    spec = charts.compare_fields(_fields(n_units), highlight="01").to_dict()
    # A step height: Vega-Lite gives every row the same height, so 63 rows make a taller chart.
    assert spec["height"] == {"step": charts.HEAT_ROW} and charts.HEAT_ROW >= 20
    assert spec["width"] == {"step": charts.HEAT_COLUMN}
    axes = _axes(spec)
    assert axes["x"]["grid"] is False and axes["y"]["grid"] is False
    assert axes["y"]["labelLimit"] == charts.HEAT_LABEL_LIMIT
    assert axes["y"]["labelOverlap"] is False  # every name shown: a row is tall enough for one line
    rows = next(iter(spec["datasets"].values()))
    assert len({r["unit"] for r in rows}) == n_units
    assert len(rows) == n_units * 8  # the overall row is left out
    assert "Tỉnh số 1 có một cái tên rất dài để thử giới hạn nhãn ◀" in {r["unit"] for r in rows}


def test_heatmap_font_fits_the_row():
    spec = charts.compare_fields(_fields(5)).to_dict()
    assert spec["config"]["axis"]["labelFontSize"] < charts.HEAT_ROW
    assert spec["layer"][1]["mark"]["fontSize"] < charts.HEAT_ROW


@pytest.mark.parametrize("frame", [_fields(0), _fields(3, n_fields=0), _fields(3).assign(pct=None)])
def test_heatmap_without_field_values_says_so(frame):
    spec = charts.compare_fields(frame, lang="vi").to_dict()
    assert "layer" not in spec and spec["mark"]["type"] == "text"
    assert spec["data"]["values"] == [{"message": "Chưa có tỷ lệ đạt của lĩnh vực nào cho nhóm này."}]
    en = charts.compare_fields(frame, lang="en").to_dict()
    assert en["data"]["values"][0]["message"] == "No field has an achievement rate for this group."
