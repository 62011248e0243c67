"""A confirmed column mapping, kept beside the database so next year's annex reads the same way.

The file `<db>.annex-mapping.json` holds, per index, the folded header of every column the
person confirmed and what it became (`{"PAR_INDEX": {"cai cach tthc": {"becomes": "criterion",
"code": "3"}}}`). `annex.read_grid` applies it before its own matching ("saved mapping").
"""
from __future__ import annotations

import json
from pathlib import Path

from analysis import db
from analysis.units import fold

KEPT = ("criterion", "ignored", "total", "percent", "rank")


def mapping_path(db_path: Path) -> Path:
    return Path(db_path).parent / f"{Path(db_path).stem}.annex-mapping.json"


def saved(db_path: Path) -> dict[str, dict[str, dict]]:
    path = mapping_path(db_path)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def merge(base: dict, extra: dict) -> dict:
    out = {k: dict(v) for k, v in base.items()}
    for index_code, columns in extra.items():
        out.setdefault(index_code, {}).update(columns)
    return out


def confirmed(files) -> dict[str, dict[str, dict]]:
    """The mapping the readings of `files` (annex_load.FileReading) show, in the saved form."""
    out: dict[str, dict[str, dict]] = {}
    for f in files:
        for s in f.sheets:
            if not s.is_annex or s.index_code is None:
                continue
            for col in s.columns:
                if col.becomes in KEPT:
                    out.setdefault(s.index_code, {})[fold(col.header)] = {"becomes": col.becomes, "code": col.code}
    return out


def save(db_path: Path, files) -> Path:
    """Add the confirmed mapping of `files` to the saved one (written atomically)."""
    path = mapping_path(db_path)
    data = merge(saved(db_path), confirmed(files))
    db.write_file(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    return path


def override(index_code: str, header: str, code: str) -> dict[str, dict[str, dict]]:
    """The person's choice for one column: a criterion code, or "-" to ignore the column."""
    code = (code or "").strip()
    choice = {"becomes": "ignored", "code": None} if code in ("", "-") else {"becomes": "criterion", "code": code}
    return {index_code: {fold(header): choice}}
