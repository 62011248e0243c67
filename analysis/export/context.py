"""What every meeting output prints around its figures: the unit's name, the data version, the
demo marker and where the figures came from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from analysis import headline
from analysis.compare import coverage
from analysis.export import labels
from analysis.geo import geography_of_year
from analysis.i18n import batch_kind, coverage_text, index_name, t
from analysis.queries import export as q


@dataclass(frozen=True)
class DataVersion:
    batch_id: int | None
    loaded_at: dt.datetime | None
    is_demo: bool

    def label(self, lang: str = "vi") -> str:
        """'Phiên bản dữ liệu: lô 12 · 22/11/2025 02:43' (or 'chưa có dữ liệu')."""
        if self.batch_id is None:
            return labels.text("data_version", lang) + ": –"
        when = self.loaded_at.strftime("%d/%m/%Y %H:%M") if self.loaded_at else ""
        batch = labels.text("batch", lang, batch=self.batch_id)
        return f"{labels.text('data_version', lang)}: {batch} · {when}".rstrip(" ·")


def data_version(con) -> DataVersion:
    rows = con.execute(q.DATA_VERSION).fetchall()
    demo = con.execute(q.HAS_DEMO_BATCH).fetchall()[0][0] > 0
    if not rows:
        return DataVersion(None, None, demo)
    batch_id, loaded_at, _kind = rows[0]
    return DataVersion(int(batch_id), loaded_at, demo)


def unit_name(con, unit_code: str, year: int, lang: str = "vi") -> str:
    """The unit's name in `lang` (Vietnamese when no English name), or its code when unknown."""
    rows = con.execute(q.UNIT_NAME, {"unit_code": unit_code, "geography": geography_of_year(year)}).fetchall()
    if not rows:
        return unit_code
    name, name_en = rows[0]
    return (name_en or name) if lang == "en" else name


def figure_sources(con, index_code: str, year: int, unit_code: str, lang: str = "vi") -> list[str]:
    """One line per batch that supplied the unit's figures that year:
    'lô 3 (đi kèm ứng dụng, 05/11/2025): scores.csv; <batch note>; <row sources>'."""
    return sources_of(con, index_code, year, unit_code, headline.headline(con, index_code, year, unit_code),
                      lang)


def sources_of(con, index_code: str, year: int, unit_code: str, h, lang: str = "vi") -> list[str]:
    """`figure_sources` with the unit's headline (None: no total) already at hand. Where a
    figure's own cited source says otherwise, a last line says so (never a silently "corrected"
    figure)."""
    params = {"index_code": index_code, "year": int(year), "unit_code": unit_code,
              "geography": geography_of_year(year)}
    lines = []
    for batch_id, kind, loaded_at, batch_source, files, row_sources in con.execute(q.FIGURE_SOURCES, params).fetchall():
        when = loaded_at.strftime("%d/%m/%Y") if loaded_at else ""
        described = ", ".join(x for x in (batch_kind(kind, lang) if kind else "", when) if x)
        parts = [labels.text("batch", lang, batch=batch_id) + (f" ({described})" if described else "")]
        if files:
            parts.append(files)
        if batch_source:
            parts.append(batch_source)
        if row_sources:
            parts.append(row_sources)
        lines.append(": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else ""))
    note = headline.source_note(h, lang) if h is not None else None
    if note:
        lines.append(note)
    return lines


def coverage_note(con, index_code: str, year: int, lang: str = "vi") -> str | None:
    """'Bảng xếp hạng chỉ gồm 3/63 tỉnh có số liệu năm 2024; ...' when fewer provinces than the
    geography has are scored, else None: every export of a national figure states its coverage."""
    cov = coverage(con, index_code, year)
    if not cov.partial:
        return None
    return t("cov.league", lang, cov=coverage_text(cov.n_scored, cov.n_units, lang), year=year)


class NothingToShow(Exception):
    """A deck, export or page asked for figures that are not loaded. The message names what is
    missing and how to load it; the caller writes nothing (a command exits 1)."""


def missing_score(con, index_code: str, year: int, unit_code: str, lang: str = "vi") -> str | None:
    """The refusal sentence when the unit has no score for the index and year, else None."""
    if headline.headline(con, index_code, year, unit_code) is not None:
        return None
    return t("deck.refuse_no_score", lang, unit=unit_name(con, unit_code, year, lang),
             index=index_name(index_code, lang), year=year)
