"""The paragraph a provincial report uses, in the style the provinces publish:

"Năm 2023, Chỉ số SIPAS của tỉnh Lạng Sơn đạt 79,30%, xếp thứ 55/63 tỉnh, thành phố, tăng 3,86
điểm % và tăng 4 bậc so với năm 2022. ..."

followed by the strongest and weakest fields, the weakest criteria with their lead agencies, and
whether the target was met. Vietnamese first; `lang="en"` gives the English equivalent. Every
figure comes from `headline`, `ledger` and the target status; nothing is recomputed here.
"""
from __future__ import annotations

import re

from analysis import catalog, fmt, headline as hl, i18n, ledger as lg, targets
from analysis.i18n import t

# Centrally-run cities are "thành phố", every other province "tỉnh".
CENTRAL_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Hồ Chí Minh"}

N_WEAKEST = 3


def sentence_name(index_code: str, lang: str) -> str:
    """How a sentence names an index after "Chỉ số" (i18n's display names already contain it)."""
    key = f"nar.index.{index_code}"
    return t(key, lang) if key in i18n.TEXT else index_code


def unit_phrase(name: str, level: str = "province", lang: str = "vi", name_en: str | None = None
                ) -> str:
    """'tỉnh Lạng Sơn', 'thành phố Hồ Chí Minh', 'thành phố Đà Nẵng'; other units as stored."""
    if lang == "en":
        label = name_en or name
        if level != "province" or "city" in label.lower() or "province" in label.lower():
            return label
        return t("nar.city" if name in CENTRAL_CITIES else "nar.province", lang, name=label)
    if level != "province":
        return name
    for prefix in ("Thành phố ", "thành phố ", "TP. ", "TP "):
        if name.startswith(prefix):
            return t("nar.city", lang, name=name[len(prefix):])
    if name.startswith("Tỉnh ") or name.startswith("tỉnh "):
        return t("nar.province", lang, name=name[5:])
    return t("nar.city" if name in CENTRAL_CITIES else "nar.province", lang, name=name)


def _percent_like(h: hl.Headline) -> bool:
    """A percentage index (SIPAS): score, change and target in % and percentage points. An index
    of points out of 100 (PAR INDEX) stays in points, as on its cards and slides (`is_percent`)."""
    return bool(h.is_percent)


def _score_text(h: hl.Headline, lang: str) -> str:
    """'79,30%' for a percentage index; '87,32/100 điểm (87,32%)' for points, with the percent
    of the maximum where the maximum is 100 (the contract gives a % there)."""
    if _percent_like(h):
        return fmt.percent(h.score, lang=lang)
    mx, score = h.max_score, fmt.number(h.score, lang=lang)
    if mx is None:
        return t("nar.score_points", lang, score=score)
    text = t("nar.score_of", lang, score=score, max=fmt.number(mx, 0 if float(mx).is_integer() else 2, lang=lang))
    if round(mx, 2) == 100:  # out of 100 the contract also gives the percent of the maximum
        text += f" ({fmt.percent(100 * h.score / mx, lang=lang)})"
    return text


N_TIED_NAMED = 3


def _tied_text(h: hl.Headline, lang: str) -> str:
    """' (đồng hạng 1 với Bến Tre)': the units sharing the rank, at most three by name."""
    names = [_unbracket(n) for n in h.tied_with]
    if not names:
        return ""
    shown = names[:N_TIED_NAMED]
    rest = len(names) - len(shown)
    more = t("nar.tied_more" if rest > 1 else "nar.tied_more_one", lang, n=rest) if rest else ""
    return t("nar.tied", lang, rank=h.rank, names=", ".join(shown), more=more)


def _rank_text(h: hl.Headline, lang: str) -> str:
    if h.rank is None:
        return ""
    return t("nar.rank_provinces" if h.level == "province" else "nar.rank_units", lang, rank=h.rank,
             of=h.rank_of, tied=_tied_text(h, lang))


def _unbracket(text) -> str:
    """A name put inside brackets without brackets of its own: 'Sở Nội vụ (SNV)' -> 'Sở Nội vụ
    – SNV', so that the paragraph never nests brackets."""
    return re.sub(r"\s*\(([^()]*)\)", r" – \1", str(text)).strip()


def _change_text(h: hl.Headline, lang: str) -> str:
    """', tăng 3,86 điểm % và tăng 4 bậc so với năm 2022' and the cases without a comparison."""
    if h.previous_year is None:
        if h.geography == "vn34":
            return t("nar.merger", lang)
        if h.last_year is not None:
            # Context only: a change is only ever against the year before (contract section 3).
            return t("nar.gap_year", lang, year=h.year - 1, last=h.last_year)
        return t("nar.no_previous", lang)
    parts = []
    unit = t("nar.unit_pct" if _percent_like(h) else "nar.unit_points", lang)
    if h.delta_score is not None:
        d = round(h.delta_score, 2)
        key = "nar.points_up" if d > 0 else "nar.points_down" if d < 0 else "nar.points_same"
        parts.append(t(key, lang, delta=fmt.number(abs(d), lang=lang), unit=unit))
    if h.delta_rank is not None:
        parts.append(_places_text(h.delta_rank, lang))
    if not parts:
        return ""
    return t("nar.compared", lang, parts=t("nar.and", lang).join(parts), year=h.previous_year)


def _places_text(r: int, lang: str) -> str:
    """'tăng 4 bậc' / 'up 1 place' / 'giữ nguyên thứ hạng'."""
    if r == 0:
        return t("nar.rank_same", lang)
    if abs(r) == 1:
        return t("nar.place_up" if r > 0 else "nar.place_down", lang, n=1)
    return t("ov.delta_places_up" if r > 0 else "ov.delta_places_down", lang, n=abs(r))


def _opening(h: hl.Headline, index_code: str, unit: dict, lang: str) -> str:
    name = unit_phrase(h.unit_name, h.level, lang, unit.get("name_en"))
    index_name = sentence_name(index_code, lang)
    text = t("nar.opening", lang, year=h.year, index=index_name, unit=name, score=_score_text(h, lang),
             rank=_rank_text(h, lang), change=_change_text(h, lang))
    if h.band:
        # "nhóm A" reads as the band's letter in Vietnamese; English names the band in full
        text += t("nar.band", lang, band=i18n.band_name(h.band, lang) if lang == "en" else h.band)
    if h.break_note and h.delta_score is None and h.previous_year is not None:
        # A sentence of its own, ending with a full stop (the note has brackets of its own).
        text += f" {i18n.break_note(h.break_note, lang)}."
    return text


def _criterion_label(row: dict, lang: str) -> str:
    """'1.1 “Kế hoạch CCHC”'; in English the tree's `name_en` where it has one."""
    name = row.get("name_en") if lang == "en" and hl.clean(row.get("name_en")) else row["name"]
    return f"{row['criterion_code']} “{name}”"


def _rows(rows) -> list[dict]:
    """The pieces as dicts: the summary hands over records, the screens frames."""
    return rows if isinstance(rows, list) else rows.to_dict("records")


def _fields_text(components, lang: str, index_code: str = "") -> str:
    fields = [r for r in _rows(components) if hl.clean(r["pct"]) is not None]
    if len(fields) < 2:
        return ""
    best = max(fields, key=lambda r: (round(r["pct"], 2), -hl.code_key(r["criterion_code"])[0]))
    worst = min(fields, key=lambda r: (round(r["pct"], 2), hl.code_key(r["criterion_code"])[0]))
    word = i18n.tree_word(index_code, 1, lang)
    return t("nar.fields", lang, word=word, Word=word.capitalize(), best=_criterion_label(best, lang),
             best_pct=fmt.percent(best["pct"], lang=lang), worst=_criterion_label(worst, lang),
             worst_pct=fmt.percent(worst["pct"], lang=lang))


def _weakest_text(weakest, lang: str, index_code: str = "") -> str:
    # Only criteria that actually lost points are worth naming as weak.
    named = [r for r in _rows(weakest)
             if hl.clean(r["points_lost"]) is not None and round(r["points_lost"], 2) > 0][:N_WEAKEST]
    if not named:
        return ""
    items = []
    for r in named:
        lead = hl.clean(r.get("lead_name"))
        items.append(t("nar.weak_item", lang, label=_criterion_label(r, lang),
                       pct=fmt.percent(r["pct"], lang=lang), lost=fmt.number(r["points_lost"], lang=lang),
                       lead=t("nar.weak_lead", lang, lead=_unbracket(lead)) if lead else ""))
    depths = {int(r["depth"]) for r in named} if all("depth" in r for r in named) else {2}
    word = i18n.tree_word(index_code, depths.pop() if len(depths) == 1 else 2, lang)
    return t("nar.weakest", lang, word=word, items="; ".join(items))


def _target_text(status: dict | None, h: hl.Headline, lang: str) -> str:
    if not status:
        return ""
    goals = []
    ts, tr = hl.clean(status.get("target_score")), hl.clean(status.get("target_rank"))
    if ts is not None:
        goals.append("≥ " + fmt.percent(ts, lang=lang) if _percent_like(h)
                     else t("nar.goal_points", lang, score=fmt.number(ts, lang=lang)))
    if tr is not None:
        goals.append(t("nar.goal_rank", lang, rank=int(tr)))
    goal = ", ".join(goals)
    met, gap = status.get("met"), hl.clean(status.get("gap"))
    if met is True:
        return t("nar.target_met", lang, goal=goal)
    if met is False:
        unit = t("nar.unit_pct" if _percent_like(h) else "nar.unit_points", lang)
        short = (t("nar.target_short", lang, gap=fmt.number(gap, lang=lang), unit=unit)
                 if gap is not None and gap > 0 else "")
        return t("nar.target_missed", lang, goal=goal, short=short)
    return t("nar.target_unknown", lang, goal=goal)


def target_status(con, index_code: str, year: int, unit_code: str) -> dict | None:
    """The target status of the overall index, or None when it has no target."""
    return targets.target_status(con, index_code, year, unit_code, "")


def compose(h: hl.Headline, unit: dict, components, weakest, status: dict | None,
            lang: str = "vi") -> str:
    """The paragraph from pieces already computed (the summary has them at hand)."""
    text = _opening(h, h.index_code, unit, lang)
    text += _fields_text(components, lang, h.index_code)
    text += _weakest_text(weakest, lang, h.index_code)
    text += _target_text(status, h, lang)
    return text


def compose_partial(index_code: str, year: int, unit: dict, missing: list[str], components,
                    weakest, lang: str = "vi") -> str:
    """The paragraph of a unit scored on only some fields: no total, no rank (a parent that
    needs a missing child is not computed), what is missing, and what there is."""
    name = unit_phrase(unit.get("name") or unit.get("unit_code") or "", unit.get("level") or
                       "province", lang, unit.get("name_en"))
    index_name = sentence_name(index_code, lang)
    word = i18n.tree_word(index_code, 1, lang)
    text = t("nar.partial_one" if len(missing) == 1 else "nar.partial", lang, year=year, unit=name,
             index=index_name, word=word, codes=", ".join(missing))
    text += _fields_text(components, lang, index_code)
    text += _weakest_text(weakest, lang, index_code)
    return text


def narrative(con, index_code: str, year: int, unit_code: str, lang: str = "vi") -> str:
    """The report paragraph; for a unit scored on some fields only, what is missing and what
    there is; '' when the unit has no score at all that year."""
    index_code = index_code.upper()
    h = hl.headline(con, index_code, year, unit_code)
    if h is None:
        components = hl.component_changes(con, index_code, year, unit_code, depth=1)
        if components.empty:
            return ""
        geography = catalog.fact_geography(con, index_code, year, unit_code)
        unit = catalog.unit_row(con, geography, unit_code) or {"unit_code": unit_code}
        missing = hl.missing_fields(con, index_code, year, list(components.criterion_code))
        return compose_partial(index_code, year, unit, missing, components,
                               lg.weakest(con, index_code, year, unit_code, n=N_WEAKEST), lang)
    unit = catalog.unit_row(con, h.geography, unit_code) or {}
    return compose(h, unit, hl.component_changes(con, index_code, year, unit_code, depth=1),
                   lg.weakest(con, index_code, year, unit_code, n=N_WEAKEST),
                   target_status(con, index_code, year, unit_code), lang)
