"""The demo data set as contract-form import files, written the way users' files come: English
headers in some, Vietnamese aliases in others, one Excel-style export (`;` and decimal commas),
and one workbook with an annex-like wide sheet. Loading them through the importer exercises the
same path a user's files take.

Output is byte-for-byte reproducible for a seed (the workbook's zip timestamps are pinned).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from analysis.demo import org, scores
from analysis.demo.trees import PAR_HUYEN, PAR_INDEX_TREES, PAR_SO, SIPAS, Tree

SOURCE_LABEL = "Dữ liệu minh họa"
# The extra column that labels the rows of the tables without a source or note column of their
# own (units, criteria, responsibilities, the wide district sheet): every demo row of every table
# says what it is, so a demo file can be recognised (and refused) wherever it is loaded. The
# contract welcomes extra columns; the importer ignores this one.
LABEL_COLUMN = "nhan_du_lieu"
_FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def source_note(seed: int) -> str:
    return f"{SOURCE_LABEL} — tạo tự động (seed {seed}), không phải số liệu thật"


def _num(value: Decimal | float | int | None, decimal_comma: bool = False) -> str:
    if value is None:
        return ""
    text = format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",") if decimal_comma else text


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]],
               delimiter: str = ",") -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def _criteria_rows(trees: Iterable[Tree]) -> list[list[object]]:
    return [[t.index_code, t.valid_from, t.valid_to, n.code, n.name, n.name_en,
             _num(n.max_score), t.aggregate if t.aggregate != "sum" else "", SOURCE_LABEL]
            for t in trees for n in t.nodes]


def _unit_rows() -> list[list[object]]:
    # A unit's geography says which province list its parent code refers to. Lạng Sơn is `20` in
    # both; all departments take the current list (`vn34`) and the districts, abolished in 2025,
    # the old one. One geography per level keeps each level one ranking block across the years.
    rows = []
    for level, agencies, geography in (("department", org.DEPARTMENTS, "vn34"),
                                       ("district", org.DISTRICTS, "vn63")):
        for a in agencies:
            rows.append([a.code, a.name, a.name_en, level, org.PROVINCE, geography, SOURCE_LABEL])
    return rows


def write_units(folder: Path) -> Path:
    return _write_csv(folder / "don_vi_lang_son.csv",
                      ["ma_don_vi", "ten_don_vi", "ten_tieng_anh", "cap", "ma_cap_tren", "ban_do", LABEL_COLUMN],
                      _unit_rows())


def write_par_index_criteria(folder: Path) -> Path:
    return _write_csv(folder / "criteria_par_index.csv",
                      ["index_code", "valid_from", "valid_to", "criterion_code", "name", "name_en",
                       "max_score", "aggregate", LABEL_COLUMN],
                      _criteria_rows(PAR_INDEX_TREES))


def write_sipas_criteria(folder: Path) -> Path:
    return _write_csv(folder / "tieu_chi_sipas.csv",
                      ["Chỉ số", "Từ năm", "Đến năm", "Mã tiêu chí", "Tên tiêu chí", "Tên tiếng Anh",
                       "Điểm tối đa", "Cách tổng hợp", LABEL_COLUMN],
                      _criteria_rows([SIPAS]))


def write_par_index_scores(folder: Path, seed: int) -> list[Path]:
    note = source_note(seed)
    out = []
    for year, rows in scores.par_index_scores(seed).items():
        out.append(_write_csv(folder / f"scores_par_index_{year}.csv",
                              ["index_code", "year", "unit_code", "criterion_code", "score", "rank",
                               "source"],
                              ([r.index_code, r.year, r.unit_code, r.criterion_code, r.text, r.rank,
                                note] for r in rows)))
    return out


def write_sipas_scores(folder: Path, seed: int) -> list[Path]:
    """As Excel saves a CSV on a Vietnamese-locale machine: `;` separator, decimal comma and `%`."""
    note = source_note(seed)
    out = []
    for year, rows in scores.sipas_scores(seed).items():
        out.append(_write_csv(folder / f"Diem SIPAS {year}.csv",
                              ["Chỉ số", "Năm", "Mã đơn vị", "Mã tiêu chí", "Điểm", "Nguồn"],
                              ([r.index_code, r.year, r.unit_code, r.criterion_code,
                                r.text.replace(".", ",") + "%", note] for r in rows),
                              delimiter=";"))
    return out


def write_responsibilities(folder: Path) -> Path:
    return _write_csv(folder / "phan_cong_lang_son.csv",
                      ["Mã tỉnh", "Chỉ số", "Mã tiêu chí", "Đơn vị chủ trì", "Đơn vị phối hợp",
                       "Từ năm", "Đến năm", LABEL_COLUMN],
                      ([org.PROVINCE, a.index_code, a.criterion_code, a.lead, ";".join(a.support),
                        a.valid_from, a.valid_to, SOURCE_LABEL] for a in org.RESPONSIBILITIES))


def write_targets(folder: Path) -> Path:
    return _write_csv(folder / "muc_tieu_lang_son.csv",
                      ["unit_code", "index_code", "year", "criterion_code", "target_score",
                       "target_rank", "note"],
                      ([org.PROVINCE, t.index_code, t.year, t.criterion_code, _num(t.target_score),
                        t.target_rank, f"{t.note} — {SOURCE_LABEL}"] for t in org.TARGETS))


def write_plans(folder: Path, seed: int) -> Path:
    """The remediation plans as the agencies sent them back (Vietnamese headers)."""
    from analysis.demo import plans

    return _write_csv(folder / "ke_hoach_khac_phuc_lang_son.csv",
                      ["Mã tỉnh", "Chỉ số", "Năm kết quả", "Mã tiêu chí", "Mã đơn vị chủ trì", "Biện pháp",
                       "Thời hạn", "Trạng thái", "Minh chứng", "Ngày cập nhật", LABEL_COLUMN],
                      ([org.PROVINCE, plans.INDEX, plans.RESULT_YEAR, p.criterion_code, p.agency, p.action,
                        p.deadline, p.status, p.evidence, plans.UPDATED_AT, SOURCE_LABEL]
                       for p in plans.plans(seed)))


# --- the workbook: the province's internal index, as its appraisal council would circulate it ---

def _wide_district_rows(seed: int) -> tuple[list[str], list[list[object]]]:
    """Districts in wide form, like a printed annex: one row per district-year, one column per
    criterion (header = code and name)."""
    leaves = PAR_HUYEN.leaves()
    header = (["STT", "Chỉ số", "Năm", "Mã đơn vị", "Tên đơn vị"] + [f"{n.code}. {n.name}" for n in leaves]
              + [LABEL_COLUMN])
    names = {d.code: d.name for d in org.DISTRICTS}
    by_key: dict[tuple[int, str], dict[str, float]] = {}
    for r in scores.district_scores(seed):
        by_key.setdefault((r.year, r.unit_code), {})[r.criterion_code] = float(r.text)
    rows = []
    for i, ((year, unit), values) in enumerate(by_key.items(), start=1):
        rows.append([i, PAR_HUYEN.index_code, year, unit, names[unit]] + [values[n.code] for n in leaves]
                    + [SOURCE_LABEL])
    return header, rows


def _notes_sheet(seed: int) -> list[list[str]]:
    return [[source_note(seed)],
            ["Bộ số liệu minh họa cho không gian demo của bảng điều khiển; mọi số liệu đều do máy tạo ra."],
            ["Sheet 'tieu_chi': bộ tiêu chí PAR_SO (sở, ban, ngành) và PAR_HUYEN (cấp huyện, đến 2024)."],
            ["Sheet 'diem_so': điểm các sở theo tiêu chí; sheet 'diem_huyen': điểm các huyện, dạng bảng ngang."]]


def write_internal_workbook(folder: Path, seed: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    notes = wb.active
    notes.title = "Ghi chú"  # names no table: the importer lists it as ignored
    for row in _notes_sheet(seed):
        notes.append(row)
    crit = wb.create_sheet("tieu_chi")
    crit.append(["index_code", "valid_from", "valid_to", "criterion_code", "name", "name_en",
                 "max_score", "aggregate", LABEL_COLUMN])
    for row in _criteria_rows([PAR_SO, PAR_HUYEN]):
        crit.append([float(v) if k == 6 and v != "" else v for k, v in enumerate(row)])
    dept = wb.create_sheet("diem_so")
    dept.append(["index_code", "year", "unit_code", "criterion_code", "score", "source"])
    note = source_note(seed)
    for r in scores.department_scores(seed):
        dept.append([r.index_code, r.year, r.unit_code, r.criterion_code, float(r.text), note])
    wide = wb.create_sheet("diem_huyen")
    header, rows = _wide_district_rows(seed)
    wide.append(header)
    for row in rows:
        wide.append(row)
    fixed = datetime(*_FIXED_TIME)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = SOURCE_LABEL
    buf = io.BytesIO()
    wb.save(buf)
    path = folder / "chi_so_noi_bo_lang_son.xlsx"
    path.write_bytes(_pin_zip_times(buf.getvalue()))
    return path


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _pin_zip_times(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps (and the workbook's "modified" property, which
    openpyxl stamps on save) so the same seed gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2025-01-01T00:00:00Z\g<2>", content)
            zout.writestr(pinned, content)
    return out.getvalue()


def write_all(folder: Path, seed: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_units(folder),
        write_par_index_criteria(folder),
        write_sipas_criteria(folder),
        *write_par_index_scores(folder, seed),
        *write_sipas_scores(folder, seed),
        write_responsibilities(folder),
        write_targets(folder),
        write_internal_workbook(folder, seed),
        write_plans(folder, seed),
    ]
