"""What the meeting's story costs: statements run on its one connection.

Measured before the deck took its figures from `analysis.overview` (main at 63afc2c, demo
workspace, PAR INDEX 2024, unit 20): **78 statements**, 46 of them exact repeats (the headline
computed five times: the sources' note, the refusal check, the headline slide, its paragraph and
the targets slide). The story must cost at most half of that and compute the headline once.
The plans slide came after that measure (issue 15): its own statements are counted apart.
"""
from __future__ import annotations

import pytest

from analysis import db, demo
from analysis.demo.org import PROVINCE
from analysis.export.plan_slide import plans_slide
from analysis.export.slides import Request, story
from analysis.queries import read as q
from tests.counting import CountingConnection

STATEMENTS_BEFORE = 78


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck-cost") / "demo.duckdb"
    demo.build_demo_database(path)
    return path


def test_story_costs_half_and_reads_the_headline_once(demo_db):
    statements, plan_statements = [], []
    req = Request("PAR_INDEX", 2024, PROVINCE, (), "vi")
    with db.open_read(demo_db) as con:
        told = story(CountingConnection(con, statements), req)
        plans_slide(CountingConnection(con, plan_statements), req, [])
    assert told.slides and not told.refusal
    assert plan_statements and len(statements) - len(plan_statements) <= STATEMENTS_BEFORE // 2, \
        f"{len(statements)} statements, {len(plan_statements)} of them the plans slide's"
    leaders = [args for sql, args in statements if sql == q.LEADER]
    assert len(leaders) == 1, leaders  # the headline's leader: one headline
