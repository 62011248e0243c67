"""The words of an annex table: what a header cell says it is, a criterion named the way the
ministry abbreviates it, numbers typed as text, the index and year a title names.

Everything here compares *folded* text (`analysis.units.fold`: lower case, no diacritics, runs
of punctuation as one space), so case, diacritics and punctuation never matter.
"""
from __future__ import annotations

import difflib
import re
from decimal import Decimal, InvalidOperation

from analysis.units import fold

# The usual abbreviations of criterion names, expanded before comparing (folded forms).
ABBREVIATIONS = {
    "cchc": "cai cach hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "vbqppl": "van ban quy pham phap luat",
    "qppl": "quy pham phap luat",
    "kt xh": "kinh te xa hoi",
    "ktxh": "kinh te xa hoi",
    "cqdt": "chinh quyen dien tu",
    "cqs": "chinh quyen so",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "cbccvc": "can bo cong chuc vien chuc",
    "ccvc": "cong chuc vien chuc",
    "dvc": "dich vu cong",
    "cntt": "cong nghe thong tin",
    "hc": "hanh chinh",
}
_ABBR = sorted(ABBREVIATIONS, key=len, reverse=True)

# A maximum written in a header: "(9,5 điểm)", "(10đ)", "- 9.5 điểm", "Điểm tối đa: 9,5".
_MAX_IN_HEADER = re.compile(r"[(\[\-–:]?\s*(?:điểm tối đa|tối đa|max)?\s*[:=]?\s*(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)\b\.?\s*[)\]]?",
                            re.IGNORECASE)
_PERCENT_MARK = re.compile(r"\(\s*%\s*\)|%")
# A criterion code in front of a header: "1.", "2.1", "I.", "Lĩnh vực 3:", "LV3", "TC 2.1".
_CODE_PREFIX = re.compile(r"^\s*(?:(?:linh vuc|lv|tieu chi|tc|chi so thanh phan|cstp|noi dung)\s*)?"
                          r"(\d+(?:\.\d+)*)(?:\s+|$)")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def expand(folded: str) -> str:
    """Folded text with the abbreviations spelt out (`cai cach tthc` -> `cai cach thu tuc hanh chinh`)."""
    text = f" {folded} "
    for abbr in _ABBR:
        text = text.replace(f" {abbr} ", f" {ABBREVIATIONS[abbr]} ")
    return " ".join(text.split())


def header_max(raw: str) -> Decimal | None:
    """The maximum a header states ("Cải cách thể chế (9,5 điểm)" -> 9.5), or None."""
    found = _MAX_IN_HEADER.search(raw or "")
    return parse_number(found.group(1)) if found else None


def strip_header(raw: str) -> str:
    """The name in a header, without its maximum and percent mark."""
    text = _MAX_IN_HEADER.sub(" ", raw or "")
    return _PERCENT_MARK.sub(" ", text).strip(" -–:")


def is_percent_header(raw: str) -> bool:
    folded = fold(raw)
    return bool(_PERCENT_MARK.search(raw or "")) or folded.startswith("ty le") or folded.startswith("phan tram")


def code_and_name(raw: str) -> tuple[str | None, str]:
    """A header split into the criterion code it starts with (if any) and the rest, folded and
    expanded: "2. Cải cách TTHC (9 điểm)" -> ("2", "cai cach thu tuc hanh chinh")."""
    folded = fold(strip_header(raw))
    found = _CODE_PREFIX.match(folded)
    if found:
        return found.group(1), expand(folded[found.end():].strip())
    first, _, rest = folded.partition(" ")
    if first in _ROMAN and rest:
        return str(_ROMAN[first]), expand(rest)
    return None, expand(folded)


# ------------------------------------------------------------------ roles of header cells

ROLE_WORDS = {
    "stt": {"stt", "tt", "so tt", "so thu tu", "no"},
    "unit": {"tinh thanh pho", "tinh tp", "tinh", "thanh pho", "tinh thanh", "don vi", "ten don vi", "ten tinh",
             "dia phuong", "ten dia phuong", "co quan", "co quan don vi", "ten co quan", "so ban nganh",
             "ten so ban nganh", "co quan don vi duoc danh gia", "don vi duoc danh gia", "huyen thi xa thanh pho",
             "ubnd cap huyen", "huyen", "province", "unit", "tinh thanh pho truc thuoc trung uong"},
    "unit_code": {"ma", "ma tinh", "ma don vi", "ma dvhc", "code", "unit code"},
    "total": {"tong diem", "tong", "tong cong", "diem dat duoc", "tong diem dat duoc", "diem tong hop",
              "total", "tong so diem", "diem tong", "diem danh gia", "tong diem danh gia", "ket qua"},
    "rank": {"xep hang", "thu hang", "hang", "thu tu xep hang", "xep thu", "rank", "vi tri xep hang"},
    "group": {"nhom", "xep loai", "phan loai", "nhom xep loai", "muc xep loai", "loai", "group"},
    "note": {"ghi chu", "note", "notes"},
}


def role_of(raw: str) -> str | None:
    """'stt' | 'unit' | 'unit_code' | 'total' | 'rank' | 'group' | 'note' or None, for one header cell."""
    folded = fold(strip_header(raw))
    for role, words in ROLE_WORDS.items():
        if folded in words:
            return role
    if folded.startswith("tong diem"):
        return "total"
    if folded.startswith("xep hang") or folded.startswith("thu hang"):
        return "rank"
    if folded.startswith("nhom ") or folded.startswith("xep loai"):
        return "group"
    return None


# ------------------------------------------------------------------ rows that are not units

_FOOTNOTE = ("ghi chu", "nguon", "chu thich", "luu y", "nguoi lap", "noi nhan")
_SUMMARY = ("trung binh", "binh quan", "tong cong", "ca nuoc", "gia tri trung binh", "diem trung binh",
            "cao nhat", "thap nhat", "tong so")
_SECTION = re.compile(r"^\s*(?:[IVX]+|[A-Z]|\d+)\s*[.)\-–:]\s*\S")
_MAXIMA = ("diem toi da", "toi da", "thang diem", "max")


def is_footnote(text: str) -> bool:
    folded = fold(text)
    return folded.startswith(_FOOTNOTE) or text.strip().startswith(("*", "(*)", "Ghi chú", "Nguồn"))


def is_summary(text: str) -> bool:
    return fold(text).startswith(_SUMMARY)


def is_maxima_label(text: str) -> bool:
    return fold(text).startswith(_MAXIMA)


def looks_like_section(text: str) -> bool:
    """"I. KHỐI SỞ, BAN, NGÀNH", "II. UBND CÁC HUYỆN", "A. Các sở": a heading that groups units."""
    folded = fold(text)
    return bool(_SECTION.match(text or "")) or folded.startswith(("khoi ", "cac so", "ubnd cac", "nhom "))


# ------------------------------------------------------------------ numbers

def parse_number(text) -> Decimal | None:
    """A number as the contract reads it (85,57 = 85.57 = 85.57%; a lone mark is the decimal
    mark; a thousands mark only beside a decimal mark of the other kind), else None."""
    if text is None:
        return None
    s = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if s.endswith("%"):
        s = s[:-1]
    if not s:
        return None
    if "," in s and "." in s:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if dec == "," else ","
        whole, _, frac = s.rpartition(dec)
        if not re.fullmatch(r"-?\d{1,3}(?:" + re.escape(thousands) + r"\d{3})*", whole):
            return None
        s = whole.replace(thousands, "") + "." + frac
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(",") > 1 or s.count(".") > 1:
        return None
    if not re.fullmatch(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE]-?\d+)?", s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def plain(value: Decimal) -> str:
    """A Decimal as the importer reads it back exactly ('27.5', '9', never '2.75E+1')."""
    text = format(value.normalize(), "f")
    return text


# ------------------------------------------------------------------ index and year

_INDEX_WORDS = (
    ("SIPAS", ("sipas", "chi so hai long", "su hai long cua nguoi dan")),
    ("PAPI", ("papi", "hieu qua quan tri va hanh chinh cong")),
    ("PCI", ("pci", "nang luc canh tranh")),
    ("PAR_INDEX", ("par index", "chi so cai cach hanh chinh", "chi so cchc", "cai cach hanh chinh")),
)
_YEAR_AFTER_NAM = re.compile(r"\bnam\s+((?:19|20)\d{2})\b")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def index_in(text: str) -> str | None:
    folded = f" {fold(text)} "
    for code, words in _INDEX_WORDS:
        if any(f" {w} " in folded for w in words):
            return code
    return None


def year_in(text: str, loose: bool = True) -> int | None:
    """"… NĂM 2023 …" -> 2023; with `loose`, any four-digit year ("SIPAS 2023", "par_2023")."""
    folded = fold(text)
    found = _YEAR_AFTER_NAM.search(folded)
    if found:
        return int(found.group(1))
    if loose:
        found = _YEAR.search(folded.replace(" ", "_"))
        if found:
            return int(found.group(1))
    return None


def is_decision_line(text: str) -> bool:
    """"(Kèm theo Quyết định số 1234/QĐ-BNV ngày 15/4/2024 …)": its year is the decision's, not the result's."""
    folded = fold(text)
    return folded.startswith(("kem theo", "ban hanh kem theo")) or " quyet dinh so " in f" {folded} "


# ------------------------------------------------------------------ closest names

def closest(wanted: str, candidates: dict[str, str], n: int = 3) -> list[str]:
    """The `n` candidate labels whose key is nearest to `wanted` (keys folded+expanded): shared
    words first, then spelling."""
    words = set(wanted.split())

    def nearness(key: str) -> tuple[float, float]:
        other = set(key.split())
        return len(words & other) / max(len(words | other), 1), similarity(wanted, key)

    return [candidates[k] for k in sorted(candidates, key=nearness, reverse=True)[:n]]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()
