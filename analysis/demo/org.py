"""The demo province's own organisation: Lạng Sơn (GSO code 20, the same code and name in `vn63`
and `vn34`), its departments and districts, who leads which criterion, and what it committed to.

Department names follow the real pattern, including the mid-2025 restructuring (planning merged
into finance, information into science and technology, ...), so the internal index shows units
appearing and disappearing. District names are Lạng Sơn's real districts (abolished in 2025).
"""
from __future__ import annotations

from dataclasses import dataclass

PROVINCE = "20"
PROVINCE_NAME = "Lạng Sơn"
LAST_DISTRICT_YEAR = 2024  # no district level from 2025


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    name_en: str
    first_year: int = 2021
    last_year: int | None = None  # None: still exists

    def active(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


def _d(suffix: str, name: str, name_en: str, first: int = 2021, last: int | None = None) -> Agency:
    return Agency(f"{PROVINCE}.{suffix}", name, name_en, first, last)


DEPARTMENTS = (
    _d("VP", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"),
    _d("SNV", "Sở Nội vụ", "Department of Home Affairs"),
    _d("STP", "Sở Tư pháp", "Department of Justice"),
    _d("STC", "Sở Tài chính", "Department of Finance"),
    _d("SKHDT", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", last=2024),
    _d("STTTT", "Sở Thông tin và Truyền thông", "Department of Information and Communications",
       last=2024),
    _d("SKHCN", "Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    _d("SYT", "Sở Y tế", "Department of Health"),
    _d("SGDDT", "Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    _d("SCT", "Sở Công Thương", "Department of Industry and Trade"),
    _d("SXD", "Sở Xây dựng", "Department of Construction"),
    _d("SGTVT", "Sở Giao thông vận tải", "Department of Transport", last=2024),
    _d("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn",
       "Department of Agriculture and Rural Development", last=2024),
    _d("STNMT", "Sở Tài nguyên và Môi trường", "Department of Natural Resources and Environment",
       last=2024),
    _d("SNNMT", "Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment",
       first=2025),
    _d("SLDTBXH", "Sở Lao động - Thương binh và Xã hội",
       "Department of Labour, Invalids and Social Affairs", last=2024),
    _d("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    _d("SNGV", "Sở Ngoại vụ", "Department of Foreign Affairs"),
    _d("BDT", "Ban Dân tộc", "Ethnic Minorities Committee", last=2024),
    _d("SDTTG", "Sở Dân tộc và Tôn giáo", "Department of Ethnic Minorities and Religions",
       first=2025),
    _d("TTR", "Thanh tra tỉnh", "Provincial Inspectorate"),
)

DISTRICTS = (
    _d("TPLS", "Thành phố Lạng Sơn", "Lang Son City", last=LAST_DISTRICT_YEAR),
    _d("TDINH", "Huyện Tràng Định", "Trang Dinh District", last=LAST_DISTRICT_YEAR),
    _d("BGIA", "Huyện Bình Gia", "Binh Gia District", last=LAST_DISTRICT_YEAR),
    _d("VLANG", "Huyện Văn Lãng", "Van Lang District", last=LAST_DISTRICT_YEAR),
    _d("CLOC", "Huyện Cao Lộc", "Cao Loc District", last=LAST_DISTRICT_YEAR),
    _d("VQUAN", "Huyện Văn Quan", "Van Quan District", last=LAST_DISTRICT_YEAR),
    _d("BSON", "Huyện Bắc Sơn", "Bac Son District", last=LAST_DISTRICT_YEAR),
    _d("HLUNG", "Huyện Hữu Lũng", "Huu Lung District", last=LAST_DISTRICT_YEAR),
    _d("CLANG", "Huyện Chi Lăng", "Chi Lang District", last=LAST_DISTRICT_YEAR),
    _d("LBINH", "Huyện Lộc Bình", "Loc Binh District", last=LAST_DISTRICT_YEAR),
    _d("DLAP", "Huyện Đình Lập", "Dinh Lap District", last=LAST_DISTRICT_YEAR),
)

_BY_SUFFIX = {a.code.split(".", 1)[1]: a for a in DEPARTMENTS}


def dept(suffix: str) -> Agency:
    return _BY_SUFFIX[suffix]


@dataclass(frozen=True)
class Assignment:
    index_code: str
    criterion_code: str
    lead: str  # a code or a name: the file mixes both on purpose (name matching in the province)
    support: tuple[str, ...] = ()
    valid_from: int | None = None
    valid_to: int | None = None


def _code(suffix: str) -> str:
    return dept(suffix).code


def _name(suffix: str) -> str:
    return dept(suffix).name


# Leads per field, overridden at some criteria (children inherit the nearest assignment).
# The e-government field moves from Information and Communications to Science and Technology when
# the first was merged into the second in 2025.
RESPONSIBILITIES = (
    Assignment("PAR_INDEX", "1", _name("SNV"), (_name("VP"),)),
    Assignment("PAR_INDEX", "1.5", _code("SKHCN"), (_code("SNV"),)),
    Assignment("PAR_INDEX", "2", _name("STP"), (_name("VP"), _name("TTR"))),
    Assignment("PAR_INDEX", "3", _name("VP"), (_name("STP"),)),
    Assignment("PAR_INDEX", "3.1", _code("VP"), (_code("STP"), _code("STTTT")), valid_to=2024),
    Assignment("PAR_INDEX", "3.1", _code("VP"), (_code("STP"), _code("SKHCN")), valid_from=2025),
    Assignment("PAR_INDEX", "4", _code("SNV")),
    Assignment("PAR_INDEX", "5", _name("SNV")),
    Assignment("PAR_INDEX", "5.4", _name("SNV"), (_name("SGDDT"),)),
    Assignment("PAR_INDEX", "6", _name("STC"), (_name("SKHDT"),), valid_to=2024),
    Assignment("PAR_INDEX", "6", _name("STC"), valid_from=2025),
    Assignment("PAR_INDEX", "6.1.1", _code("SKHDT"), (_code("STC"),), valid_to=2024),
    Assignment("PAR_INDEX", "7", _name("STTTT"), (_name("VP"),), valid_to=2024),
    Assignment("PAR_INDEX", "7", _name("SKHCN"), (_name("VP"),), valid_from=2025),
    Assignment("PAR_INDEX", "7.2", _code("VP"), (_code("STTTT"),), valid_to=2024),
    Assignment("PAR_INDEX", "7.2", _code("VP"), (_code("SKHCN"),), valid_from=2025),
    Assignment("PAR_INDEX", "8", _name("SNV"), (_name("VP"),)),
    Assignment("PAR_INDEX", "8.2", _name("SYT"), (_name("SGDDT"),)),
    Assignment("PAR_INDEX", "8.4", _code("SKHDT"), (_code("STC"), _code("SCT")), valid_to=2024),
    Assignment("PAR_INDEX", "8.4", _code("STC"), (_code("SCT"),), valid_from=2025),
    Assignment("SIPAS", "1", _name("VP"), (_name("SNV"),)),
    Assignment("SIPAS", "2", _name("VP"), (_name("STP"),)),
    Assignment("SIPAS", "3", _name("SNV"), (_name("VP"),)),
    Assignment("SIPAS", "4", _code("VP")),
    Assignment("SIPAS", "5", _code("VP"), (_code("TTR"),)),
)


@dataclass(frozen=True)
class Target:
    index_code: str
    year: int
    criterion_code: str = ""
    target_score: float | None = None
    target_rank: int | None = None
    note: str = ""


_RESOLUTION = "Nghị quyết giao chỉ tiêu CCHC của tỉnh (minh họa)"

TARGETS = (
    *(Target("SIPAS", y, target_score=80, note=f"SIPAS ≥ 80% — {_RESOLUTION}")
      for y in (2023, 2024, 2025)),
    *(Target("PAR_INDEX", y, target_rank=30, note=f"PAR INDEX tốp 30 — {_RESOLUTION}")
      for y in (2023, 2024, 2025)),
    Target("PAR_INDEX", 2024, "3", target_score=9.5,
           note=f"Cải cách TTHC đạt ít nhất 9,5/10,5 điểm — {_RESOLUTION}"),
)
