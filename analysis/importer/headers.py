"""Which table a file holds, and which of its columns is which.

File headers are only compared here, in Python, with the contract's names; they never become
SQL identifiers. Staging columns are our own names `c0 .. cN`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.units import fold


@dataclass(frozen=True)
class Column:
    key: str                      # canonical name (English, from the contract)
    aliases: tuple[str, ...]      # other accepted names, already normalised
    required: bool = False


def _c(key: str, *aliases: str, required: bool = False) -> Column:
    return Column(key, tuple(normalise_header(a) for a in (key, *aliases)), required)


def normalise_header(text: str) -> str:
    """Case, diacritics (đ too), surrounding spaces ignored; spaces, underscores, hyphens and
    other punctuation alike: `Mã đơn vị`, `ma_don_vi` and `MA-DON-VI` all give `ma_don_vi`."""
    return fold(text or "").replace(" ", "_")


# Table -> its columns. Aliases after the contract's own are natural extras seen in annexes.
TABLES: dict[str, tuple[Column, ...]] = {
    "units": (
        _c("unit_code", "ma_don_vi", "ma", required=True),
        _c("name", "ten_don_vi", "ten", required=True),
        _c("name_en", "ten_tieng_anh"),
        _c("level", "cap", required=True),
        _c("parent_code", "ma_cap_tren"),
        _c("region", "vung"),
        _c("geography", "ban_do"),
        _c("successor_code", "ma_sau_sap_nhap"),
    ),
    "criteria": (
        _c("index_code", "chi_so", required=True),
        _c("valid_from", "tu_nam", required=True),
        _c("valid_to", "den_nam"),
        _c("criterion_code", "ma_tieu_chi", required=True),
        _c("name", "ten_tieu_chi", required=True),
        _c("name_en", "ten_tieng_anh"),
        _c("max_score", "diem_toi_da"),
        _c("aggregate", "cach_tong_hop"),
    ),
    "scores": (
        _c("index_code", "chi_so", required=True),
        _c("year", "nam", required=True),
        _c("unit_code", "ma_don_vi", "ma_tinh"),
        _c("unit_name", "ten_don_vi", "tinh_thanh_pho", "ten_tinh", "tinh", "don_vi", "dia_phuong"),
        _c("criterion_code", "ma_tieu_chi"),
        _c("score", "diem", required=True),
        _c("max_score", "diem_toi_da"),
        _c("rank", "xep_hang", "thu_hang", "hang"),
        _c("source", "nguon"),
    ),
    "responsibilities": (
        _c("province_code", "ma_tinh", required=True),
        _c("index_code", "chi_so", required=True),
        _c("criterion_code", "ma_tieu_chi", required=True),
        _c("lead_unit", "don_vi_chu_tri", required=True),
        _c("support_units", "don_vi_phoi_hop"),
        _c("valid_from", "tu_nam"),
        _c("valid_to", "den_nam"),
    ),
    "targets": (
        _c("unit_code", "ma_don_vi", required=True),
        _c("index_code", "chi_so", required=True),
        _c("year", "nam", required=True),
        _c("criterion_code", "ma_tieu_chi"),
        _c("target_score", "diem_muc_tieu"),
        _c("target_rank", "hang_muc_tieu"),
        _c("note", "ghi_chu"),
    ),
    "plans": (
        _c("province_code", "ma_tinh", required=True),
        _c("index_code", "chi_so", required=True),
        _c("result_year", "nam_ket_qua", required=True),
        _c("criterion_code", "ma_tieu_chi", required=True),
        _c("agency_code", "ma_don_vi_chu_tri", "don_vi_chu_tri", required=True),
        _c("action", "bien_phap", "bien_phap_khac_phuc", required=True),
        _c("deadline", "thoi_han"),
        _c("status", "trang_thai"),
        _c("evidence", "minh_chung"),
        _c("updated_at", "ngay_cap_nhat"),
    ),
}

# Headers that are deliberately ignored (row numbers).
IGNORED = {"stt", "so_thu_tu", "tt", "no"}

# File/sheet name fragments -> table. Responsibilities and targets are checked first because
# their Vietnamese names contain other tables' words (`muc_tieu_chi_so`, `diem_muc_tieu`).
_NAME_WORDS = (
    ("responsibilities", ("responsibilities", "phan_cong")),
    ("targets", ("targets", "muc_tieu")),
    ("plans", ("plans", "ke_hoach")),
)
_NAME_WORDS_BY_POSITION = (
    ("criteria", ("criteria", "tieu_chi")),
    ("scores", ("scores", "diem")),
    ("units", ("units", "don_vi")),
)

TABLE_WORDS = ("units, criteria, scores, responsibilities, targets, plans "
               "(or don_vi, tieu_chi, diem, phan_cong, muc_tieu, ke_hoach)")


def table_of_name(name: str) -> str | None:
    """The table a file or sheet name names, or None (`Diem PAR 2023` -> scores)."""
    norm = "_" + normalise_header(name) + "_"
    for table, words in _NAME_WORDS:
        if any(w in norm for w in words):
            return table
    found = []
    for table, words in _NAME_WORDS_BY_POSITION:
        positions = [norm.find(w) for w in words if w in norm]
        if positions:
            found.append((min(positions), table))
    return min(found)[1] if found else None


# A wide-form score column: the header starts with a criterion code (`1`, `2.1`, `1. Công tác ...`).
_WIDE_CODE = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?(?:$|[\s.:)\-–])")
TOTAL_HEADERS = {"total", "tong", "tong_diem", "overall", "tong_cong", "diem_tong"}


@dataclass
class HeaderMap:
    """How one file's header maps to the table's columns."""
    columns: dict[str, int]             # canonical key -> position
    headers: dict[str, str]             # canonical key -> header as written
    wide: list[tuple[int, str, str]]    # (position, criterion_code or '', header as written)
    problems: list[tuple[str, str]]     # (header as written, message) reported on line 1


def map_header(table: str, header: list[str]) -> HeaderMap:
    spec = TABLES[table]
    result = HeaderMap({}, {}, [], [])
    for pos, raw in enumerate(header):
        raw = (raw or "").strip()
        norm = normalise_header(raw)
        if not norm or norm in IGNORED:
            continue
        key = next((c.key for c in spec if norm in c.aliases), None)
        if key is None and table == "scores":
            if norm in TOTAL_HEADERS:
                result.wide.append((pos, "", raw))
                continue
            m = _WIDE_CODE.match(raw)
            if m:
                result.wide.append((pos, m.group(1), raw))
                continue
        if key is None:
            continue  # more columns are welcome; they are not read
        if key in result.columns:
            result.problems.append((raw, f'column given twice (also "{result.headers[key]}")'))
            continue
        result.columns[key] = pos
        result.headers[key] = raw
    for col in spec:
        if not col.required or col.key in result.columns:
            continue
        if table == "scores" and col.key == "score" and result.wide:
            continue
        result.problems.append((col.key, "required column missing"))
    if table == "scores":
        if "unit_code" not in result.columns and "unit_name" not in result.columns:
            result.problems.append(("unit_code", "required column missing"))
        if "score" in result.columns and result.wide:
            result.wide = []  # long form: columns starting with a number are just extra columns
        if result.wide and "criterion_code" in result.columns:
            result.problems.append((result.headers["criterion_code"],
                                    "a wide scores table has no criterion column"))
        if result.wide and "rank" in result.columns and not any(code == "" for _, code, _ in result.wide):
            result.problems.append((result.headers["rank"],
                                    "rank belongs to the overall score: add a total column"))
    return result
