"""What the meeting's story costs: statements run on its one connection.

Measured before the deck took its figures from `analysis.overview` (main at 63afc2c, demo
workspace, PAR INDEX 2024, unit 20): **78 statements**, 46 of them exact repeats (the headline
computed five times: the sources' note, the refusal check, the headline slide, its paragraph and
the targets slide). The story must cost at most half of that and compute the headline once.
"""
from __future__ import annotations

import pytest

from analysis import db, demo
from analysis.demo.org import PROVINCE
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
    statements = []
    with db.open_read(demo_db) as con:
        told = story(CountingConnection(con, statements), Request("PAR_INDEX", 2024, PROVINCE, (), "vi"))
    assert told.slides and not told.refusal
    assert len(statements) <= STATEMENTS_BEFORE // 2, f"{len(statements)} statements"
    leaders = [args for sql, args in statements if sql == q.LEADER]
    assert len(leaders) == 1, leaders  # the headline's leader: one headline
