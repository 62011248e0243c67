"""The remediation plans section of the Đơn vị chủ trì page on the demo workspace: the counts and
the follow-up come from `analysis.plans`; an editor gets the editor table, a viewer does not."""
from __future__ import annotations

import pytest

from analysis import db, plans
from analysis.demo import plans as demo_plans
from analysis.demo.org import PROVINCE
from analysis.i18n import t
from tests.app.test_pages import open_page


@pytest.fixture(scope="module")
def demo(workspaces):
    return workspaces["demo"]


def test_follow_up_counts_and_the_editor_for_an_editor(demo, monkeypatch):
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)  # on this machine alone: may edit
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD_HASH", raising=False)
    at = open_page("agencies", ws="demo")
    year = demo_plans.RESULT_YEAR
    assert t("plans.heading", "vi", year=year) in [h.value for h in at.subheader]
    with db.open_read(demo) as con:
        summary = plans.plan_summary(con, "PAR_INDEX", year, PROVINCE)
    shown = {m.label: m.value for m in at.metric}
    for key in ("weak_items", "with_plan", "done", "overdue", "missing"):
        assert shown[t("plans.metric." + key, "vi")] == str(summary[key])
    assert at.button(key="plans_save")


def test_a_viewer_sees_the_follow_up_but_no_editor(demo, monkeypatch):
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", "mat-khau-dai-du-de-dung")
    at = open_page("agencies", ws="demo")
    assert t("plans.heading", "vi", year=demo_plans.RESULT_YEAR) in [h.value for h in at.subheader]
    assert not [b for b in at.button if b.key == "plans_save"]
