"""Labels the exports need (column headers, sheet names, footers, deck text), Vietnamese first.

`analysis/i18n.py` is the project's catalogue and is owned by the UI engineer; this module keeps
only what the exports need until those keys move there (the keys are listed in the issue-5
report), so the exports do not depend on catalogue keys that may not exist yet.
"""
from __future__ import annotations

import math

# Column headers of the analysis frames (snake_case English names from docs/ARCHITECTURE.md).
COLUMNS: dict[str, dict[str, str]] = {
    "vi": {
        "rank": "Xếp hạng",
        "rank_of": "Trên tổng số",
        "unit_code": "Mã đơn vị",
        "name": "Tên",
        "unit_name": "Đơn vị",
        "score": "Điểm",
        "max_score": "Điểm tối đa",
        "pct": "Tỷ lệ đạt (%)",
        "previous_score": "Điểm năm trước",
        "previous_rank": "Hạng năm trước",
        "previous_pct": "Tỷ lệ năm trước (%)",
        "delta_score": "Thay đổi điểm",
        "delta_rank": "Thay đổi thứ hạng",
        "band": "Nhóm",
        "region": "Vùng",
        "criterion_code": "Mã tiêu chí",
        "criterion_name": "Tiêu chí",
        "parent_code": "Mã tiêu chí cha",
        "depth": "Cấp",
        "is_leaf": "Tiêu chí cuối",
        "points_lost": "Điểm bị mất",
        "national_mean": "Trung bình cả nước",
        "gap_to_mean": "Chênh lệch với trung bình",
        "best_score": "Điểm cao nhất",
        "gap_to_best": "Chênh lệch với cao nhất",
        "target_score": "Điểm mục tiêu",
        "target_rank": "Hạng mục tiêu",
        "gap_to_target": "Còn thiếu so với mục tiêu",
        "lead_code": "Mã đơn vị chủ trì",
        "lead_name": "Đơn vị chủ trì",
        "support_codes": "Mã đơn vị phối hợp",
        "support_names": "Đơn vị phối hợp",
        "break_note": "Ghi chú so sánh",
        "criteria_led": "Số tiêu chí chủ trì",
        "previous_points_lost": "Điểm bị mất năm trước",
        "delta_points_lost": "Thay đổi điểm bị mất",
        "weakest_items": "Tiêu chí yếu nhất",
        "improved": "Đã cải thiện",
        "gain": "Điểm có thể tăng",
        "year": "Năm",
    },
    "en": {
        "rank": "Rank",
        "rank_of": "Out of",
        "unit_code": "Unit code",
        "name": "Name",
        "unit_name": "Unit",
        "score": "Score",
        "max_score": "Max score",
        "pct": "Achievement (%)",
        "previous_score": "Previous score",
        "previous_rank": "Previous rank",
        "previous_pct": "Previous achievement (%)",
        "delta_score": "Score change",
        "delta_rank": "Rank change",
        "band": "Band",
        "region": "Region",
        "criterion_code": "Criterion code",
        "criterion_name": "Criterion",
        "parent_code": "Parent code",
        "depth": "Level",
        "is_leaf": "Lowest level",
        "points_lost": "Points lost",
        "national_mean": "National mean",
        "gap_to_mean": "Gap to mean",
        "best_score": "Best score",
        "gap_to_best": "Gap to best",
        "target_score": "Target score",
        "target_rank": "Target rank",
        "gap_to_target": "Gap to target",
        "lead_code": "Lead agency code",
        "lead_name": "Lead agency",
        "support_codes": "Supporting agency codes",
        "support_names": "Supporting agencies",
        "break_note": "Comparability note",
        "criteria_led": "Criteria led",
        "previous_points_lost": "Previous points lost",
        "delta_points_lost": "Change in points lost",
        "weakest_items": "Weakest items",
        "improved": "Improved",
        "gain": "Possible gain",
        "year": "Year",
    },
}

TEXT: dict[str, dict[str, str]] = {
    "vi": {
        "demo_data": "Dữ liệu minh họa",
        "source": "Nguồn",
        "data_version": "Phiên bản dữ liệu",
        "created": "Lập ngày",
        "sheet_data": "Dữ liệu",
        "sheet_summary": "Tổng hợp",
        "sheet_ledger": "Bảng điểm",
        "no_agency": "Chưa phân công",
        "yes": "Có",
        "no": "Không",
        "ledger_title": "Bảng điểm chi tiết {index} {year} – {unit}",
        "accountability_title": "Danh sách giải trình {index} {year} – {unit}",
        "agency_title": "{agency}: tiêu chí chủ trì – {index} {year}",
        "league_title": "Bảng xếp hạng {index} {year}",
        "components_title": "Điểm các lĩnh vực {index} {year} – {unit}",
        "weakest_title": "Tiêu chí thành phần yếu nhất {index} {year} – {unit}",
        "follow_up_title": "Theo dõi các tiêu chí yếu năm trước {index} {year} – {unit}",
    },
    "en": {
        "demo_data": "Demonstration data",
        "source": "Source",
        "data_version": "Data version",
        "created": "Created",
        "sheet_data": "Data",
        "sheet_summary": "Summary",
        "sheet_ledger": "Ledger",
        "no_agency": "Not assigned",
        "yes": "Yes",
        "no": "No",
        "ledger_title": "Score ledger {index} {year} – {unit}",
        "accountability_title": "Accountability list {index} {year} – {unit}",
        "agency_title": "{agency}: criteria led – {index} {year}",
        "league_title": "League table {index} {year}",
        "components_title": "Field scores {index} {year} – {unit}",
        "weakest_title": "Weakest sub-criteria {index} {year} – {unit}",
        "follow_up_title": "Follow-up of last year's weak items {index} {year} – {unit}",
    },
}


def text(key: str, lang: str = "vi", **values: object) -> str:
    """The export text for `key` in `lang` (vi when unknown), with `{name}` slots filled."""
    template = TEXT.get(lang, TEXT["vi"]).get(key) or TEXT["vi"][key]
    return template.format(**values) if values else template


# Columns whose header the project catalogue (analysis/i18n.py, `col.*`) already words, so an
# exported sheet uses the same header as the table on screen.
_CATALOGUE_KEYS = {
    "rank": "col.rank", "rank_of": "col.rank_of", "name": "col.name", "score": "col.score",
    "max_score": "col.max_score", "pct": "col.pct", "previous_score": "col.previous_score",
    "previous_rank": "col.previous_rank", "previous_pct": "col.previous_pct",
    "delta_score": "col.delta_score", "delta_rank": "col.delta_rank", "band": "col.band",
    "region": "col.region", "criterion_code": "col.code", "criterion_name": "col.criterion",
    "points_lost": "col.points_lost", "national_mean": "col.national_mean",
    "gap_to_mean": "col.gap_to_mean", "gap_to_best": "col.gap_to_best",
    "target_score": "col.target_score", "target_rank": "col.target_rank",
    "gap_to_target": "col.gap_to_target", "lead_name": "col.lead", "support_names": "col.support",
    "break_note": "col.break_note", "criteria_led": "col.criteria_led",
    "previous_points_lost": "col.previous_points_lost", "delta_points_lost": "col.delta_points_lost",
    "weakest_items": "col.weakest_items", "improved": "col.improved", "gain": "col.gain",
    "year": "col.year", "unit_name": "col.unit",
}


def _catalogue(key: str, lang: str) -> str | None:
    try:
        from analysis import i18n
        return i18n.t(key, lang)
    except (ImportError, KeyError, AttributeError):
        return None


def column_label(column: str, lang: str = "vi") -> str:
    """A column header for people: the catalogue's word, ours, or the column name itself."""
    key = _CATALOGUE_KEYS.get(column)
    worded = _catalogue(key, lang) if key else None
    return worded or COLUMNS.get(lang, COLUMNS["vi"]).get(column) or COLUMNS["vi"].get(column) or column


def column_labels(columns, lang: str = "vi") -> dict[str, str]:
    return {c: column_label(c, lang) for c in columns}


def is_missing(value: object) -> bool:
    """None, NaN and pandas' NA/NaT all mean 'no value' (never 0)."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict)) else False
    except (TypeError, ValueError):
        return False
