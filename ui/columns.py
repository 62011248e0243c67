"""Column titles shared by the screen's tables and their downloads: an analysis column's header
comes from the text catalogue, so a table and its .xlsx/CSV say the same."""
from __future__ import annotations

from analysis.i18n import t

# analysis column -> catalogue key, where the column name is not itself `col.<name>`
TITLES = {"criterion_code": "col.code", "unit_code": "col.code", "code": "col.code", "lead_name": "col.lead",
          "lead_code": "col.code", "support_names": "col.support", "index_code": "col.index",
          "criterion_name": "col.criterion", "of": "col.rank_of", "batch_id": "col.batch", "delta": "col.delta_score"}


def title(name: str, lang: str) -> str:
    return t(TITLES.get(name, "col." + name), lang)
