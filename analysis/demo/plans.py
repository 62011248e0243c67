"""The demo province's remediation plans (kế hoạch khắc phục) answering its PAR INDEX 2023
result, so the follow-up has something to show: the weakest sub-criteria of 2023, most with a
plan from their lead agency (done, in progress past its deadline, not started), some without
one (the reminder list); the 2024 result shows how they moved."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from analysis.demo import org, scores
from analysis.demo.trees import tree_for

INDEX = "PAR_INDEX"
RESULT_YEAR = 2023
N_ITEMS = 8
UPDATED_AT = "15/6/2024"
# (status, deadline) by position among the weakest; None: no plan sent (it stays on the list)
_PATTERN = (("hoan_thanh", "31/3/2024"), ("dang_thuc_hien", "30/4/2024"),
            ("chua_thuc_hien", "30/9/2024"), None)
_ACTIONS = ("Rà soát, ban hành văn bản hướng dẫn về «{name}»",
            "Tổ chức tập huấn cho cán bộ phụ trách «{name}»",
            "Kiểm tra, đôn đốc thực hiện «{name}» tại các cơ quan")


@dataclass(frozen=True)
class Plan:
    criterion_code: str
    agency: str  # a code or a name, as the assignments give it
    action: str
    deadline: str
    status: str
    evidence: str


def lead_of(code: str, year: int) -> str | None:
    """The lead of a criterion in a year: its own assignment, else its nearest ancestor's."""
    at = code
    while at:
        for a in org.RESPONSIBILITIES:
            if (a.index_code == INDEX and a.criterion_code == at
                    and (a.valid_from or 0) <= year <= (a.valid_to or 9999)):
                return a.lead
        at = at.rsplit(".", 1)[0] if "." in at else ""
    return None


def weakest(seed: int, n: int = N_ITEMS) -> list[tuple[str, str]]:
    """(code, name) of the province's n weakest leaves of the result year, weakest first."""
    tree = tree_for(INDEX, RESULT_YEAR)
    leaves = {node.code: node for node in tree.leaves()}
    mine = [r for r in scores.par_index_scores(seed)[RESULT_YEAR]
            if r.unit_code == org.PROVINCE and r.criterion_code in leaves]
    ranked = sorted(mine, key=lambda r: (Decimal(r.cents) / 100 / leaves[r.criterion_code].max_score,
                                         r.criterion_code))
    return [(r.criterion_code, leaves[r.criterion_code].name) for r in ranked[:n]]


def plans(seed: int) -> list[Plan]:
    out = []
    for i, (code, name) in enumerate(weakest(seed)):
        pattern = _PATTERN[i % len(_PATTERN)]
        lead = lead_of(code, RESULT_YEAR)
        if pattern is None or lead is None:
            continue
        status, deadline = pattern
        evidence = f"Báo cáo số {10 + i}/BC (minh họa)" if status == "hoan_thanh" else ""
        out.append(Plan(code, lead, _ACTIONS[i % len(_ACTIONS)].format(name=name), deadline, status,
                        evidence))
    return out
