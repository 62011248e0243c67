"""The meeting's slide "Kết quả thực hiện kế hoạch khắc phục": for the result the meeting follows
(`analysis.plans.followed_year`), how many weak items had a plan, how many were done, how those
items moved in the next result, by agency."""
from __future__ import annotations

from analysis import plans
from analysis.i18n import t

PROGRESS_ROWS = 8


def plans_slide(con, req, sources: list[str], threshold: float = 70.0):
    from analysis.export.slides import Kpi, Slide, Table, _rows

    lang = req.lang
    year = plans.followed_year(con, req.index_code, req.year, req.unit_code)
    title = t("plans.slide_title", lang, year=year)
    notes = (t("plans.slide_notes", lang, due=plans.plan_due(year).strftime("%d/%m/%Y")), *sources)
    summary = plans.plan_summary(con, req.index_code, year, req.unit_code, threshold=threshold)
    if not summary or not plans.plan_years(con, req.index_code, req.unit_code):
        return Slide("plans", title, empty=t("plans.slide_empty", lang, year=year), notes=notes)
    kpis = (Kpi(t("plans.metric.weak_items", lang), str(summary["weak_items"])),
            Kpi(t("plans.metric.with_plan", lang), f"{summary['with_plan']}/{summary['weak_items']}",
                tone="good" if summary["with_plan"] == summary["weak_items"] else "bad"),
            Kpi(t("plans.metric.done", lang), str(summary["done"])),
            Kpi(t("plans.metric.overdue", lang), str(summary["overdue"]),
                tone="bad" if summary["overdue"] else "neutral"))
    text = (t("plans.slide_moved", lang, next_year=summary["next_year"], improved=summary["improved"],
              declined=summary["declined"], total=summary["weak_items"])
            if summary["next_year"] else t("plans.slide_not_yet", lang, year=year + 1))
    progress = plans.agency_progress(con, req.index_code, year, req.unit_code, threshold=threshold)
    rows, more = _rows(progress, PROGRESS_ROWS, lambda r: (
        str(r.agency_name) if r.agency_name else t("lead.unassigned", lang), str(r.weak_items),
        str(r.with_plan), str(r.done), str(r.overdue), str(r.missing), str(r.improved), str(r.declined)))
    headers = tuple(t("plans.slide_col." + c, lang) for c in
                    ("agency", "weak_items", "with_plan", "done", "overdue", "missing", "improved", "declined"))
    table = Table(headers, rows, (False,) + (True,) * 7, (3.4, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1),
                  more=t("plans.slide_more", lang, n=more) if more else None)
    return Slide("plans", title, kpis=kpis, text=text, table=table, notes=notes)
