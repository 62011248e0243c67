"""Generate the example files in examples/ (illustrative, "Dữ liệu minh họa": generated, NOT the
ministry's figures). They are shaped like the real annexes: title rows, the decision line, a
merged two-row header, field names instead of codes, a maxima row, names in capitals with
TỈNH / THÀNH PHỐ prefixes, rows sorted by rank, footnotes, one sheet per year.

    .venv/bin/python examples/generate.py          # rewrites the files beside this script

The same builders make the annex-shaped files of the tests (tests/unit/test_annex_*.py).
"""
from __future__ import annotations

import csv
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ILLUSTRATIVE = "Dữ liệu minh họa: số liệu sinh tự động, không phải kết quả do Bộ Nội vụ công bố."

# The eight fields of PAR INDEX (names as the ministry writes them, abbreviated as printed);
# the maxima are illustrative and sum to 100.
PAR_FIELDS = [
    ("Công tác chỉ đạo, điều hành CCHC", "Công tác chỉ đạo, điều hành cải cách hành chính", "9"),
    ("Cải cách thể chế", "Cải cách thể chế", "9.5"),
    ("Cải cách TTHC", "Cải cách thủ tục hành chính", "10"),
    ("Cải cách tổ chức bộ máy HC nhà nước", "Cải cách tổ chức bộ máy hành chính nhà nước", "8"),
    ("Cải cách chế độ công vụ", "Cải cách chế độ công vụ", "13"),
    ("Cải cách tài chính công", "Cải cách tài chính công", "8.5"),
    ("Xây dựng, phát triển CQĐT, CQS", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", "11.5"),
    ("Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
     "Tác động của cải cách hành chính đến người dân, tổ chức và phát triển kinh tế - xã hội", "30.5"),
]
SIPAS_FIELDS = ["Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết công việc",
                "Kết quả giải quyết công việc", "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"]
CITIES = {"01": "THÀNH PHỐ", "31": "THÀNH PHỐ", "48": "THÀNH PHỐ", "79": "TP.", "92": "THÀNH PHỐ"}
TWO = Decimal("0.01")


def provinces() -> list[tuple[str, str]]:
    """(code, name) of the 63 provinces before the 2025 merger."""
    with open(ROOT / "data" / "reference" / "units.csv", encoding="utf-8") as fh:
        return [(r["unit_code"], r["name"]) for r in csv.DictReader(fh)
                if r["geography"] == "vn63" and r["level"] == "province"]


def printed_name(code: str, name: str) -> str:
    """How an annex prints a province: capitals with its prefix (TỈNH LẠNG SƠN, TP. HỒ CHÍ MINH)."""
    return f"{CITIES.get(code, 'TỈNH')} {name.upper()}"


def ranks(totals: list[Decimal]) -> list[int]:
    """Competition ranking at two decimals (1, 2, 2, 4)."""
    return [1 + sum(1 for o in totals if o > t) for t in totals]


def par_rows(year: int, seed: int = 2023) -> list[dict]:
    """One row per province: the eight field scores, total, percentage, rank (sorted by rank)."""
    rng = random.Random(seed * 1000 + year)
    rows = []
    for code, name in provinces():
        quality = Decimal(str(rng.uniform(0.72, 0.93)))
        fields = []
        for _, _, mx in PAR_FIELDS:
            share = min(Decimal("0.995"), quality + Decimal(str(rng.uniform(-0.08, 0.06))))
            fields.append((Decimal(mx) * share).quantize(TWO, ROUND_HALF_UP))
        rows.append({"code": code, "name": name, "fields": fields, "total": sum(fields)})
    for row, rank in zip(rows, ranks([r["total"] for r in rows])):
        row["rank"] = rank
    return sorted(rows, key=lambda r: (r["rank"], r["name"]))


def sipas_rows(year: int, seed: int = 2023) -> list[dict]:
    rng = random.Random(seed * 7 + year)
    rows = []
    for code, name in provinces():
        base = rng.uniform(76, 90)
        fields = [Decimal(str(base + rng.uniform(-4, 4))).quantize(TWO, ROUND_HALF_UP) for _ in SIPAS_FIELDS]
        total = (sum(fields) / len(fields)).quantize(TWO, ROUND_HALF_UP)
        rows.append({"code": code, "name": name, "fields": fields, "total": total})
    for row, rank in zip(rows, ranks([r["total"] for r in rows])):
        row["rank"] = rank
    return sorted(rows, key=lambda r: (r["rank"], r["name"]))


def _vn(value: Decimal) -> str:
    return format(value, "f").replace(".", ",")


# ---------------------------------------------------------------------------- PAR INDEX workbook

def par_sheet(ws, year: int, *, header_rows: int = 2, full_names: bool = False, maxima_row: bool = True,
              max_in_header: bool = False, with_percent: bool = True, with_total: bool = True,
              sections: bool = False, seed: int = 2023) -> list[dict]:
    """Fill `ws` like a PAR INDEX annex; returns the rows written (for the tests' expectations)."""
    from openpyxl.styles import Alignment, Font

    rows = par_rows(year, seed)
    n = len(PAR_FIELDS)
    extra = (["Tổng điểm đạt được"] if with_total else []) + (["Chỉ số CCHC (%)"] if with_percent else []) + ["Xếp hạng"]
    width = 2 + n + len(extra)
    ws.append(["BỘ NỘI VỤ"])
    ws.append([f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC TRUNG ƯƠNG"])
    ws.append([f"(Kèm theo Quyết định số {100 + year % 100}/QĐ-BNV ngày 15 tháng 4 năm {year + 1} của Bộ trưởng Bộ Nội vụ)"])
    ws.append([ILLUSTRATIVE])
    ws.append([])
    for r in range(1, 5):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
        ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.cell(r, 1).font = Font(bold=r < 3, italic=r >= 3)
    names = [(full if full_names else short) for short, full, _ in PAR_FIELDS]
    if max_in_header:
        names = [f"{nm} ({_vn(Decimal(mx))} điểm)" for nm, (_, _, mx) in zip(names, PAR_FIELDS)]
    top = _next_row(ws)
    if header_rows == 1:
        ws.append(["STT", "Tỉnh, thành phố", *names, *extra])
    elif header_rows == 2:
        ws.append(["STT", "Tỉnh, thành phố", "Điểm đạt được của các lĩnh vực", *[None] * (n - 1), *extra])
        ws.append([None, None, *names, *[None] * len(extra)])
        for c in (1, 2, *range(3 + n, width + 1)):
            ws.merge_cells(start_row=top, start_column=c, end_row=top + 1, end_column=c)
        ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=2 + n)
    else:  # three rows: a group over the first seven fields, the eighth apart, then the names
        ws.append(["STT", "Tỉnh, thành phố", "Điểm đạt được của các lĩnh vực", *[None] * (n - 1), *extra])
        ws.append([None, None, "Nhóm lĩnh vực đánh giá qua tiêu chí", *[None] * (n - 2),
                   "Nhóm lĩnh vực điều tra xã hội học", *[None] * len(extra)])
        ws.append([None, None, *names, *[None] * len(extra)])
        for c in (1, 2, *range(3 + n, width + 1)):
            ws.merge_cells(start_row=top, start_column=c, end_row=top + 2, end_column=c)
        ws.merge_cells(start_row=top, start_column=3, end_row=top, end_column=2 + n)
        ws.merge_cells(start_row=top + 1, start_column=3, end_row=top + 1, end_column=1 + n)
    for row in ws.iter_rows(min_row=top, max_row=_next_row(ws) - 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.append([f"({i})" for i in range(1, width + 1)])
    if maxima_row:
        ws.append([None, "Điểm tối đa", *[float(mx) for _, _, mx in PAR_FIELDS],
                   *([100] if with_total else []), *([100] if with_percent else []), None])
    groups = [("I. KHU VỰC MIỀN BẮC", lambda r: r["code"] < "40"), ("II. KHU VỰC MIỀN TRUNG VÀ MIỀN NAM", lambda r: r["code"] >= "40")]
    blocks = groups if sections else [(None, lambda r: True)]
    stt = 0
    for title, keep in blocks:
        if title:
            ws.append([None, title])
        for row in [r for r in rows if keep(r)]:
            stt += 1
            values = [float(v) for v in row["fields"]]
            tail = ([float(row["total"])] if with_total else []) + ([float(row["total"])] if with_percent else [])
            ws.append([stt, printed_name(row["code"], row["name"]), *values, *tail, row["rank"]])
            for c in range(3, 3 + n + (1 if with_total else 0)):
                ws.cell(_next_row(ws) - 1, c).number_format = "0.00"
    ws.append([])
    ws.append(["Ghi chú: Chỉ số CCHC (%) = Tổng điểm đạt được / 100 điểm tối đa × 100."])
    ws.append(["Nguồn: Ban Chỉ đạo CCHC của Chính phủ (minh họa)."])
    ws.column_dimensions["B"].width = 28
    return rows


def _next_row(ws) -> int:
    """The row `ws.append` writes next (an appended empty row creates no cell, so max_row lags)."""
    return ws._current_row + 1


def par_workbook(path: Path, years=(2022, 2023), **kw) -> dict[int, list[dict]]:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    out = {}
    for year in years:
        out[year] = par_sheet(book.create_sheet(f"Năm {year}"), year, **kw)
    book.save(path)
    return out


# ---------------------------------------------------------------------------- SIPAS table

def sipas_workbook(path: Path, year: int = 2023) -> list[dict]:
    import openpyxl
    from openpyxl.styles import Font

    rows = sipas_rows(year)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = f"SIPAS {year}"
    ws.append([f"CHỈ SỐ HÀI LÒNG VỀ SỰ PHỤC VỤ HÀNH CHÍNH (SIPAS) NĂM {year}"])
    ws.append([ILLUSTRATIVE])
    ws.append([])
    ws.append(["TT", "Tỉnh/Thành phố", *[f"{f} (%)" for f in SIPAS_FIELDS], "Chỉ số SIPAS (%)", "Xếp hạng"])
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for i, row in enumerate(rows, start=1):
        ws.append([i, printed_name(row["code"], row["name"]), *[_vn(v) + "%" for v in row["fields"]],
                   _vn(row["total"]) + "%", row["rank"]])
    ws.append(["Nguồn: Bộ Nội vụ (minh họa)."])
    book.save(path)
    return rows


# ---------------------------------------------------------------------------- a province's own files

DEPARTMENTS = [("20.SNV", "Sở Nội vụ"), ("20.STP", "Sở Tư pháp"), ("20.STC", "Sở Tài chính"),
               ("20.SKHCN", "Sở Khoa học và Công nghệ"), ("20.STTTT", "Sở Thông tin và Truyền thông"),
               ("20.SKHDT", "Sở Kế hoạch và Đầu tư"), ("20.VPUB", "Văn phòng UBND tỉnh")]
DISTRICTS = [("20.CLOC", "Huyện Cao Lộc"), ("20.VLANG", "Huyện Văn Lãng"), ("20.TPLS", "Thành phố Lạng Sơn")]
LEADS = {"1": "20.VPUB", "2": "20.STP", "3": "20.VPUB", "4": "20.SNV", "5": "20.SNV", "6": "20.STC",
         "7": "20.STTTT", "8": "20.SNV"}
INTERNAL_FIELDS = [("Công tác chỉ đạo, điều hành CCHC", "12"), ("Cải cách TTHC", "18"),
                   ("Cải cách chế độ công vụ", "20"), ("Chính quyền số", "20"), ("Sự hài lòng của người dân", "30")]


def units_file(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ma_don_vi", "ten_don_vi", "cap", "ma_cap_tren"])
        for code, name in DEPARTMENTS:
            w.writerow([code, name, "department", "20"])
        for code, name in DISTRICTS:
            w.writerow([code, name, "district", "20"])


def assignments_file(path: Path) -> None:
    """Lạng Sơn's assignment of the PAR INDEX fields to lead agencies (contract form)."""
    names = dict(DEPARTMENTS)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["ma_tinh", "chi_so", "ma_tieu_chi", "don_vi_chu_tri", "don_vi_phoi_hop", "tu_nam"])
        for code, lead in LEADS.items():
            support = "Sở Nội vụ" if lead != "20.SNV" else "Văn phòng UBND tỉnh"
            w.writerow(["20", "PAR_INDEX", code, names[lead], support, 2022])


def internal_rows(year: int) -> list[dict]:
    rng = random.Random(year * 31)
    out = []
    for code, name in DEPARTMENTS + DISTRICTS:
        fields = [(Decimal(mx) * Decimal(str(rng.uniform(0.7, 0.97)))).quantize(TWO, ROUND_HALF_UP)
                  for _, mx in INTERNAL_FIELDS]
        out.append({"code": code, "name": name, "fields": fields, "total": sum(fields)})
    return out


def internal_workbook(path: Path, year: int = 2023) -> list[dict]:
    """A province's internal index: departments and districts, each block under a section row."""
    import openpyxl

    rows = internal_rows(year)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = f"Năm {year}"
    ws.append(["UBND TỈNH LẠNG SƠN"])
    ws.append([f"KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CCHC CỦA CÁC SỞ, BAN, NGÀNH VÀ UBND CÁC HUYỆN, THÀNH PHỐ NĂM {year}"])
    ws.append([ILLUSTRATIVE])
    ws.append(["STT", "Đơn vị", *[f"{nm} ({_vn(Decimal(mx))} điểm)" for nm, mx in INTERNAL_FIELDS], "Tổng điểm",
               "Xếp loại"])
    blocks = [("I. KHỐI SỞ, BAN, NGÀNH", rows[:len(DEPARTMENTS)]), ("II. UBND CÁC HUYỆN, THÀNH PHỐ", rows[len(DEPARTMENTS):])]
    for title, block in blocks:
        ws.append([None, title])
        for i, row in enumerate(sorted(block, key=lambda r: -r["total"]), start=1):
            name = row["name"].upper() if row["code"] in dict(DISTRICTS) else row["name"]
            if row["code"] in dict(DISTRICTS):
                name = "UBND " + name
            band = "Tốt" if row["total"] >= 85 else "Khá"
            ws.append([i, name, *[float(v) for v in row["fields"]], float(row["total"]), band])
    ws.append(["Ghi chú: xếp loại Tốt từ 85 điểm."])
    book.save(path)
    return rows


def par_html(year: int = 2023) -> tuple[str, list[dict]]:
    """The PAR INDEX annex as a ruled HTML table (printed to PDF by a browser: a PDF with a text layer)."""
    import html

    rows = par_rows(year)
    head = "".join(f"<th>{html.escape(short)}</th>" for short, _, _ in PAR_FIELDS)
    maxima = "".join(f"<td>{_vn(Decimal(mx))}</td>" for _, _, mx in PAR_FIELDS)
    body = "".join(
        f"<tr><td>{i}</td><td>{html.escape(printed_name(r['code'], r['name']))}</td>"
        + "".join(f"<td>{_vn(v)}</td>" for v in r["fields"])
        + f"<td>{_vn(r['total'])}</td><td>{r['rank']}</td></tr>" for i, r in enumerate(rows, start=1))
    text = f"""<html><head><meta charset="utf-8"><style>
body {{ font-family: 'DejaVu Sans'; font-size: 7pt }} table {{ border-collapse: collapse }}
td, th {{ border: 1px solid black; padding: 1px 3px }}</style></head><body>
<p>KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year} CỦA CÁC TỈNH, THÀNH PHỐ</p>
<p>(Kèm theo Quyết định số 123/QĐ-BNV ngày 15/4/{year + 1}) — {html.escape(ILLUSTRATIVE)}</p>
<table><tr><th>STT</th><th>Tỉnh, thành phố</th>{head}<th>Tổng điểm</th><th>Xếp hạng</th></tr>
<tr><td></td><td>Điểm tối đa</td>{maxima}<td>100</td><td></td></tr>{body}</table></body></html>"""
    return text, rows


def par_pdf(path: Path, year: int = 2023) -> list[dict]:
    """Print `par_html` to PDF with headless Chromium (Debian's `chromium`)."""
    import shutil
    import subprocess
    import tempfile

    text, rows = par_html(year)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "annex.html"
        page.write_text(text, encoding="utf-8")
        subprocess.run([shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={path}", page.as_uri()], check=True, capture_output=True, timeout=120)
    return rows


def main(folder: Path = HERE) -> None:
    par_workbook(folder / "phu_luc_par_index_2022_2023.xlsx")
    sipas_workbook(folder / "phu_luc_sipas_2023.xlsx")
    units_file(folder / "don_vi_lang_son.csv")
    assignments_file(folder / "phan_cong_lang_son.csv")
    internal_workbook(folder / "chi_so_cchc_so_huyen_lang_son_2023.xlsx")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
