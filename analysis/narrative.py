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

# Centrally-run cities are "thành phố", every other province "tỉnh".
CENTRAL_CITIES = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Hồ Chí Minh"}

N_WEAKEST = 3

# How a sentence names an index after "Chỉ số" (i18n's display names already contain it).
SENTENCE_NAMES = {"PAR_INDEX": ("CCHC (PAR INDEX)", "PAR INDEX")}


def sentence_name(index_code: str, lang: str) -> str:
    names = SENTENCE_NAMES.get(index_code)
    return (names[1] if lang == "en" else names[0]) if names else index_code


def unit_phrase(name: str, level: str = "province", lang: str = "vi", name_en: str | None = None
                ) -> str:
    """'tỉnh Lạng Sơn', 'thành phố Hồ Chí Minh', 'thành phố Đà Nẵng'; other units as stored."""
    if lang == "en":
        label = name_en or name
        if level != "province" or "city" in label.lower() or "province" in label.lower():
            return label
        return label + (" city" if name in CENTRAL_CITIES else " province")
    if level != "province":
        return name
    for prefix in ("Thành phố ", "thành phố ", "TP. ", "TP "):
        if name.startswith(prefix):
            return "thành phố " + name[len(prefix):]
    if name.startswith("Tỉnh ") or name.startswith("tỉnh "):
        return "tỉnh " + name[5:]
    return ("thành phố " if name in CENTRAL_CITIES else "tỉnh ") + name


def _percent_like(h: hl.Headline) -> bool:
    return h.is_percent or (h.max_score is not None and round(h.max_score, 2) == 100)


def _score_text(h: hl.Headline, lang: str) -> str:
    if _percent_like(h):
        return fmt.percent(h.score) if lang == "vi" else f"{h.score:.2f}%"
    mx = h.max_score
    mx_vi = fmt.number(mx, 0 if mx is not None and float(mx).is_integer() else 2)
    if lang == "en":
        return f"{h.score:.2f} of {mx:g} points" if mx is not None else f"{h.score:.2f} points"
    return f"{fmt.number(h.score)}/{mx_vi} điểm" if mx is not None else f"{fmt.number(h.score)} điểm"


N_TIED_NAMED = 3


def _tied_text(h: hl.Headline, lang: str) -> str:
    """' (đồng hạng 1 với Bến Tre)': the units sharing the rank, at most three by name."""
    names = [_unbracket(n) for n in h.tied_with]
    if not names:
        return ""
    shown = names[:N_TIED_NAMED]
    rest = len(names) - len(shown)
    if lang == "en":
        more = f" and {rest} other{'s' if rest > 1 else ''}" if rest else ""
        return f" (tied {h.rank} with {', '.join(shown)}{more})"
    more = f" và {rest} đơn vị khác" if rest else ""
    return f" (đồng hạng {h.rank} với {', '.join(shown)}{more})"


def _rank_text(h: hl.Headline, lang: str) -> str:
    if h.rank is None:
        return ""
    if lang == "en":
        return f", ranked {h.rank}/{h.rank_of}{_tied_text(h, lang)}"
    of_what = "tỉnh, thành phố" if h.level == "province" else "đơn vị"
    return f", xếp thứ {h.rank}/{h.rank_of} {of_what}{_tied_text(h, lang)}"


def _unbracket(text) -> str:
    """A name put inside brackets without brackets of its own: 'Sở Nội vụ (SNV)' -> 'Sở Nội vụ
    – SNV', so that the paragraph never nests brackets."""
    return re.sub(r"\s*\(([^()]*)\)", r" – \1", str(text)).strip()


def _change_text(h: hl.Headline, lang: str) -> str:
    """', tăng 3,86 điểm % và tăng 4 bậc so với năm 2022' and the cases without a comparison."""
    if h.previous_year is None:
        if h.geography == "vn34":
            return (", not compared with earlier years because of the 2025 province merger"
                    if lang == "en" else
                    ", chưa so sánh với các năm trước do sắp xếp đơn vị hành chính cấp tỉnh năm 2025")
        if h.last_year is not None:
            # Context only: a change is only ever against the year before (contract section 3).
            return (f", with no {h.year - 1} result to compare with (latest earlier result: "
                    f"{h.last_year})" if lang == "en" else
                    f", chưa có kết quả năm {h.year - 1} để so sánh; năm gần nhất có số liệu: "
                    f"{h.last_year}")
        return (", with no earlier result to compare with" if lang == "en"
                else ", chưa có kết quả năm trước để so sánh")
    parts = []
    unit = "điểm %" if _percent_like(h) else "điểm"
    if h.delta_score is not None:
        d = round(h.delta_score, 2)
        if lang == "en":
            word = "up" if d > 0 else "down" if d < 0 else "unchanged"
            parts.append(f"{word} {abs(d):.2f} " + ("percentage points" if _percent_like(h) else
                                                     "points") if d else "score unchanged")
        else:
            parts.append(f"tăng {fmt.number(d)} {unit}" if d > 0 else
                         f"giảm {fmt.number(-d)} {unit}" if d < 0 else "giữ nguyên điểm số")
    if h.delta_rank is not None:
        r = h.delta_rank
        if lang == "en":
            places = "place" if abs(r) == 1 else "places"
            parts.append(f"up {r} {places}" if r > 0 else f"down {-r} {places}" if r < 0
                         else "the same rank")
        else:
            parts.append(f"tăng {r} bậc" if r > 0 else f"giảm {-r} bậc" if r < 0
                         else "giữ nguyên thứ hạng")
    if not parts:
        return ""
    if lang == "en":
        return ", " + " and ".join(parts) + f" compared with {h.previous_year}"
    return ", " + " và ".join(parts) + f" so với năm {h.previous_year}"


def _opening(h: hl.Headline, index_code: str, unit: dict, lang: str) -> str:
    name = unit_phrase(h.unit_name, h.level, lang, unit.get("name_en"))
    index_name = sentence_name(index_code, lang)
    if lang == "en":
        text = (f"In {h.year}, {name} scored {_score_text(h, lang)} on {index_name}"
                f"{_rank_text(h, lang)}{_change_text(h, lang)}.")
    else:
        text = (f"Năm {h.year}, Chỉ số {index_name} của {name} đạt {_score_text(h, lang)}"
                f"{_rank_text(h, lang)}{_change_text(h, lang)}.")
    if h.band:
        text += (f" Band: {i18n.band_name(h.band, 'en')}." if lang == "en"
                 else f" Kết quả thuộc nhóm {h.band}.")
    if h.break_note and h.delta_score is None and h.previous_year is not None:
        # A sentence of its own, ending with a full stop (the note has brackets of its own).
        text += f" {h.break_note}." if lang == "vi" else " The method changed between the two years."
    return text


def _criterion_label(row: dict, lang: str) -> str:
    return f"{row['criterion_code']} “{row['name']}”"


def _fields_text(components, lang: str, index_code: str = "") -> str:
    fields = [r for r in components.to_dict("records") if hl.clean(r["pct"]) is not None]
    if len(fields) < 2:
        return ""
    best = max(fields, key=lambda r: (round(r["pct"], 2), -hl.code_key(r["criterion_code"])[0]))
    worst = min(fields, key=lambda r: (round(r["pct"], 2), hl.code_key(r["criterion_code"])[0]))
    pct = (lambda v: f"{v:.2f}%") if lang == "en" else fmt.percent
    word = i18n.tree_word(index_code, 1, lang)
    if lang == "en":
        return (f" The strongest {word} is {_criterion_label(best, lang)} ({pct(best['pct'])}), "
                f"the weakest {_criterion_label(worst, lang)} ({pct(worst['pct'])}).")
    return (f" {word.capitalize()} đạt cao nhất là {_criterion_label(best, lang)} "
            f"({pct(best['pct'])}), thấp nhất là {_criterion_label(worst, lang)} "
            f"({pct(worst['pct'])}).")


def _weakest_text(weakest, lang: str, index_code: str = "") -> str:
    # Only criteria that actually lost points are worth naming as weak.
    weakest = weakest[weakest.points_lost.round(2) > 0]
    if weakest.empty:
        return ""
    items = []
    for r in weakest.head(N_WEAKEST).to_dict("records"):
        pct = fmt.percent(r["pct"]) if lang == "vi" else f"{r['pct']:.2f}%"
        lead = hl.clean(r.get("lead_name"))
        lead = _unbracket(lead) if lead else None
        if lang == "en":
            extra = f", lead: {lead}" if lead else ""
            items.append(f"{_criterion_label(r, lang)} ({pct}, {r['points_lost']:.2f} points lost"
                         f"{extra})")
        else:
            extra = f"; chủ trì: {lead}" if lead else ""
            items.append(f"{_criterion_label(r, lang)} ({pct}, mất {fmt.number(r['points_lost'])}"
                         f" điểm{extra})")
    depths = {int(d) for d in weakest.head(N_WEAKEST)["depth"]} if "depth" in weakest else {2}
    word = i18n.tree_word(index_code, depths.pop() if len(depths) == 1 else 2, lang)
    if lang == "en":
        return f" The weakest ({word} level): " + "; ".join(items) + "."
    return f" Các {word} đạt thấp nhất: " + "; ".join(items) + "."


def _target_text(status: dict | None, h: hl.Headline, lang: str) -> str:
    if not status:
        return ""
    goals = []
    ts, tr = hl.clean(status.get("target_score")), hl.clean(status.get("target_rank"))
    if ts is not None:
        goals.append((f"≥ {ts:.2f}" + ("%" if _percent_like(h) else " points")) if lang == "en"
                     else "≥ " + (fmt.percent(ts) if _percent_like(h) else fmt.number(ts) + " điểm"))
    if tr is not None:
        goals.append(f"top {int(tr)}" if lang == "en" else f"trong nhóm {int(tr)} đứng đầu")
    goal = ", ".join(goals)
    met, gap = status.get("met"), hl.clean(status.get("gap"))
    if lang == "en":
        if met is True:
            return f" The target ({goal}) was met."
        if met is False:
            short = f", {gap:.2f} points short" if gap is not None and gap > 0 else ""
            return f" The target ({goal}) was not met{short}."
        return f" Whether the target ({goal}) was met cannot be said yet."
    unit = "điểm %" if _percent_like(h) else "điểm"
    if met is True:
        return f" Đạt mục tiêu đề ra ({goal})."
    if met is False:
        short = f", còn thiếu {fmt.number(gap)} {unit}" if gap is not None and gap > 0 else ""
        return f" Chưa đạt mục tiêu đề ra ({goal}){short}."
    return f" Chưa đủ dữ liệu để đánh giá mục tiêu đề ra ({goal})."


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
    codes = ", ".join(missing)
    if lang == "en":
        text = (f"In {year}, {name} has no overall {index_name} score: the {word} "
                f"{codes} {'is' if len(missing) == 1 else 'are'} missing, so neither the total "
                f"nor a rank can be computed; the other scores are shown.")
    else:
        text = (f"Năm {year}, Chỉ số {index_name} của {name} chưa có điểm tổng hợp và không "
                f"được xếp hạng do thiếu số liệu {word} {codes}; các số liệu còn lại vẫn được "
                f"trình bày.")
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
