"""The derived `fact` table: computed parents, maxima, pct and ranks (data contract, section 3)."""
from __future__ import annotations

import math

import pytest

from analysis import db, derive
from tests.unit import fixtures as fx


def _crit(code, max_score=None, aggregate="sum", index="X", valid_from=2020, valid_to=None,
          name=None):
    return {"index_code": index, "valid_from": valid_from, "valid_to": valid_to,
            "criterion_code": code, "name": name or f"C{code}", "max_score": max_score,
            "aggregate": aggregate}


def _sc(unit, code, score, year=2020, index="X", **extra):
    return {"index_code": index, "year": year, "unit_code": unit, "criterion_code": code,
            "score": score, **extra}


def _by(df, unit, code):
    rows = df[(df.unit_code == unit) & (df.criterion_code == code)]
    assert len(rows) == 1, (unit, code, len(rows))
    return rows.iloc[0]


# A two-field tree: field 1 (no own max) = 1.1 (max 4) + 1.2 (max 6); field 2 max 10.
TREE = [_crit("1"), _crit("1.1", 4), _crit("1.2", 6), _crit("2", 10)]


def test_ties_share_the_best_rank_compared_at_two_decimals(tmp_path):
    # 85.004 and 84.996 both print as 85.00, so they tie for 2nd and the next is 4th.
    path = fx.build(tmp_path / "t.duckdb", units=fx.provinces(["01", "02", "03", "04"]),
                    scores=fx.overall("X", 2020, {"01": 90, "02": 85.004, "03": 84.996, "04": 80}))
    df = fx.facts(path)
    assert [int(_by(df, u, "").loc["rank"]) for u in ["01", "02", "03", "04"]] == [1, 2, 2, 4]
    assert set(df.rank_of) == {4}
    assert not df.rank_published.any()


def test_published_ranks_take_precedence_and_others_get_none(tmp_path):
    # 63 provinces exist; only three have a score, two of them with a published rank.
    units = fx.provinces([f"{i:02d}" for i in range(1, 64)])
    scores = fx.overall("PAR_INDEX", 2020, {"01": 80.0, "02": 90.0, "03": 85.0},
                        ranks={"01": 7, "02": 3})
    df = fx.facts(fx.build(tmp_path / "p.duckdb", units=units, scores=scores))
    r1, r2, r3 = (_by(df, u, "") for u in ["01", "02", "03"])
    assert (int(r1.loc["rank"]), int(r2.loc["rank"])) == (7, 3)
    assert r1.rank_published and r2.rank_published and not r3.rank_published
    assert r3.isna()["rank"]  # never a computed rank beside published ones
    assert set(df.rank_of) == {63}
    # an index with no tree: max 100, pct = score
    assert (r1.max_score, r1.pct, r1.depth) == (100.0, 80.0, 0)


def test_computed_parents_only_when_every_child_is_scored(tmp_path):
    units = fx.provinces(["01", "02", "03"])
    scores = [
        _sc("01", "1.1", 3), _sc("01", "1.2", 4.5), _sc("01", "2", 8),   # complete
        _sc("02", "1.1", 2), _sc("02", "2", 9),                           # 1.2 missing
        _sc("03", "1", 9.5), _sc("03", "1.1", 1), _sc("03", "1.2", 1), _sc("03", "2", 7),  # 1 given
    ]
    df = fx.facts(fx.build(tmp_path / "c.duckdb", units=units, criteria=TREE, scores=scores))
    f1 = _by(df, "01", "1")
    assert (f1.score, f1.max_score, f1.pct, f1.computed, f1.depth) == (7.5, 10.0, 75.0, True, 1)
    total = _by(df, "01", "")
    assert (total.score, total.max_score, total.computed, total.depth) == (15.5, 20.0, True, 0)
    # unit 02: field 1 incomplete, so neither it nor the overall is computed
    assert df[(df.unit_code == "02") & df.criterion_code.isin(["1", ""])].empty
    # unit 03: the given field score is kept (not 1 + 1), and the overall uses it
    f3 = _by(df, "03", "1")
    assert (f3.score, f3.computed, f3.max_score) == (9.5, False, 10.0)
    assert _by(df, "03", "").score == 16.5
    # ranks of the field among the two units that have one: 03 (9.5) then 01 (7.5)
    assert (int(f3.loc["rank"]), int(f1.loc["rank"]), int(f1.rank_of)) == (1, 2, 2)
    assert _by(df, "01", "1.2").depth == 2


def test_mean_aggregate_and_aggregate_none(tmp_path):
    tree = [_crit("1", aggregate="mean"), _crit("1.1", 10), _crit("1.2", 10),
            _crit("2", aggregate="none"), _crit("2.1", 5), _crit("2.2", 5)]
    scores = [_sc("01", "1.1", 6), _sc("01", "1.2", 9), _sc("01", "2.1", 5), _sc("01", "2.2", 4)]
    df = fx.facts(fx.build(tmp_path / "m.duckdb", units=fx.provinces(["01"]), criteria=tree,
                           scores=scores))
    f1 = _by(df, "01", "1")
    assert (f1.score, f1.max_score, f1.pct) == (7.5, 10.0, 75.0)
    assert df[df.criterion_code.isin(["2", ""])].empty  # 'none' is never computed


def test_percentage_tree_needs_a_given_overall(tmp_path):
    tree = [_crit("1", index="S"), _crit("2", index="S")]
    scores = [_sc("01", "1", 80, index="S"), _sc("01", "2", 70, index="S"),
              _sc("02", "1", 60, index="S"), _sc("02", "2", 65, index="S"),
              _sc("02", "", 62.5, index="S")]
    df = fx.facts(fx.build(tmp_path / "s.duckdb", units=fx.provinces(["01", "02"]),
                           criteria=tree, scores=scores))
    assert df[(df.unit_code == "01") & (df.criterion_code == "")].empty
    total = _by(df, "02", "")
    assert (total.score, total.max_score, total.pct, int(total.rank_of)) == (62.5, 100.0, 62.5, 1)
    assert (_by(df, "01", "1").max_score, _by(df, "01", "1").pct) == (100.0, 80.0)


def test_row_max_overrides_tree_and_tree_period_follows_the_year(tmp_path):
    tree = [_crit("1", 10, valid_to=2020), _crit("1", 20, valid_from=2021, name="new")]
    scores = [_sc("01", "1", 5, year=2020), _sc("01", "1", 5, year=2021),
              _sc("02", "1", 5, year=2021, max_score=25)]
    df = fx.facts(fx.build(tmp_path / "y.duckdb", units=fx.provinces(["01", "02"]),
                           criteria=tree, scores=scores))
    assert _by(df[df.year == 2020], "01", "1").max_score == 10.0
    assert _by(df[df.year == 2021], "01", "1").max_score == 20.0
    assert _by(df[df.year == 2021], "02", "1").pct == 20.0
    # overall = sum of fields with maxima; its max follows the rows' maxima
    assert _by(df[df.year == 2021], "02", "").max_score == 25.0


def test_departments_ranked_within_their_province(tmp_path):
    units = fx.provinces(["20", "22"]) + [
        {"unit_code": c, "name": c, "level": "department", "parent_code": p}
        for c, p in [("20.A", "20"), ("20.B", "20"), ("22.A", "22")]]
    scores = fx.overall("PAR_SO", 2023, {"20.A": 70, "20.B": 75, "22.A": 60})
    df = fx.facts(fx.build(tmp_path / "d.duckdb", units=units, scores=scores))
    a = _by(df, "20.A", "")
    assert (a.level, a.parent_code, int(a.loc["rank"]), int(a.rank_of)) == ("department", "20", 2, 2)
    b = _by(df, "22.A", "")
    assert (int(b.loc["rank"]), int(b.rank_of)) == (1, 1)


def test_refresh_facts_rebuilds_only_the_pairs_given(tmp_path):
    path = fx.build(tmp_path / "r.duckdb", units=fx.provinces(["01", "02"]),
                    scores=fx.overall("X", 2020, {"01": 50, "02": 60})
                    + fx.overall("X", 2021, {"01": 70, "02": 65}))
    with db.write_transaction(path) as con:
        con.execute("DELETE FROM score WHERE year = 2021 AND unit_code = '02'")
        con.execute("UPDATE score SET score = 99 WHERE year = 2020 AND unit_code = '01'")
        derive.refresh_facts(con, [("x", 2021)])  # index codes are case-insensitive
    df = fx.facts(path)
    assert list(df[df.year == 2021].unit_code) == ["01"]
    assert _by(df[df.year == 2020], "01", "").score == 50.0  # 2020 not rebuilt
    with db.write_transaction(path) as con:
        con.execute("DELETE FROM score WHERE year = 2021")
        derive.refresh_all(con)
    df = fx.facts(path)
    assert set(df.year) == {2020} and _by(df, "01", "").score == 99.0
    assert math.isclose(_by(df, "01", "").pct, 99.0)


def test_refresh_of_nothing_is_a_no_op(tmp_path):
    path = fx.build(tmp_path / "n.duckdb", units=fx.provinces(["01"]),
                    scores=fx.overall("X", 2020, {"01": 50}))
    with db.write_transaction(path) as con:
        derive.refresh_facts(con, [])
    assert len(fx.facts(path)) == 1


@pytest.mark.parametrize("n_units", [300])
def test_ranks_match_a_python_competition_ranking(tmp_path, n_units):
    import random
    rng = random.Random(7)
    codes = [f"U{i:03d}" for i in range(n_units)]
    values = {c: rng.choice([50.0, 60.004, 59.996, 70.0]) + rng.randrange(0, 3) for c in codes}
    df = fx.facts(fx.build(tmp_path / "big.duckdb", units=fx.provinces(codes),
                           scores=fx.overall("X", 2020, values)))
    rounded = {c: round(v, 2) for c, v in values.items()}
    expected = {c: 1 + sum(1 for o in rounded.values() if o > rounded[c]) for c in codes}
    got = {r.unit_code: int(r.rank) for r in df.itertuples()}
    assert got == expected


def test_ranks_by_key_equal_ranks_by_the_group_columns(tmp_path, monkeypatch):
    """A rank group is named by one number (tree node x unit group) when every row has both;
    the facts must be those of grouping by the columns themselves (the path taken otherwise)."""
    import random
    rng = random.Random(14)
    units = fx.provinces(["20", "22"]) + [
        {"unit_code": f"{p}.{k}", "name": f"{p}.{k}", "level": level, "parent_code": p}
        for p in ["20", "22"] for k, level in [("A", "department"), ("B", "department"),
                                               ("X1", "commune"), ("X2", "commune"), ("X3", "commune")]]
    scores = [_sc(u["unit_code"], code, rng.choice([0.5, 1.004, 0.996, 2.0]) * mx / 2, year=year)
              for year in (2020, 2021) for u in units
              for code, mx in [("1.1", 4), ("1.2", 6), ("2", 10)] if rng.random() < 0.9]
    monkeypatch.setattr(derive.q, "CREATE_RANKS", "SELECT error('ranked by the columns')")
    path = fx.build(tmp_path / "k.duckdb", units=units, criteria=TREE, scores=scores)
    by_key = fx.facts(path)
    monkeypatch.undo()
    monkeypatch.setattr(derive.q, "RANK_KEY_MISSING", "SELECT 1")
    with db.write_transaction(path) as con:
        derive.refresh_all(con)
    by_columns = fx.facts(path)
    order = ["index_code", "year", "geography", "unit_code", "criterion_code"]
    assert len(by_key) > 100 and by_key["rank"].notna().all()
    assert by_key.sort_values(order).reset_index(drop=True).equals(
        by_columns.sort_values(order).reset_index(drop=True))
    # communes and departments are ranked within their province, each level apart
    x = by_key[(by_key.year == 2020) & (by_key.criterion_code == "2") & (by_key.level == "commune")]
    for _, group in x.groupby("parent_code"):
        rounded = group.score.round(2)
        assert list(group["rank"].astype(int)) == [1 + int((rounded > s).sum()) for s in rounded]


def test_a_level_given_for_every_unit_is_not_computed_again(tmp_path):
    """2020 gives field 1 for every unit (its children are not aggregated at all); 2021 leaves
    it out for unit 03, whose field 1 is then computed from its children."""
    units = fx.provinces(["01", "02", "03"])
    rows = {"01": {"1": 9, "1.1": 1, "1.2": 1, "2": 8}, "02": {"1": 7, "1.1": 2, "1.2": 2, "2": 6},
            "03": {"1": 5, "1.1": 3, "1.2": 4, "2": 4}}
    scores = [_sc(u, code, v, year=year) for year in (2020, 2021) for u, given in rows.items()
              for code, v in given.items() if not (year == 2021 and u == "03" and code == "1")]
    df = fx.facts(fx.build(tmp_path / "g.duckdb", units=units, criteria=TREE, scores=scores))
    y20, y21 = df[df.year == 2020], df[df.year == 2021]
    assert [(_by(y20, u, "1").score, _by(y20, u, "1").computed) for u in rows] == [
        (9.0, False), (7.0, False), (5.0, False)]
    assert [_by(y20, u, "").score for u in rows] == [17.0, 13.0, 9.0]
    f3 = _by(y21, "03", "1")
    assert (f3.score, f3.computed) == (7.0, True)
    assert (_by(y21, "03", "").score, _by(y21, "01", "1").computed) == (11.0, False)
    assert [int(_by(y21, u, "1").loc["rank"]) for u in rows] == [1, 2, 2]
