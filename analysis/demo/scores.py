"""Illustrative scores: a latent "reform performance" per province that persists from year to
year (with a random walk, so ranks move plausibly), turned into criterion scores through each
criterion's own difficulty plus noise. Everything comes from seeded generators, one stream per
purpose, so adding a stream never reshuffles the others.

Scores are kept in integer hundredths until written, so sums and ranks are exact at two decimals
(the precision at which the contract compares them).
"""
from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from analysis import paths
from analysis.geo import LAST_VN63_YEAR, geography_of_year
from analysis.demo import org
from analysis.demo.trees import PAR_HUYEN, PAR_SO, SIPAS, Tree, tree_for

NATIONAL_YEARS = (2021, 2022, 2023, 2024, 2025)
PUBLISHED_RANK_YEARS = (2023, 2024)  # years whose overall PAR INDEX ranks are "published"
MISSING = (("PAR_INDEX", 2022, "12"),)  # a province the (fictional) annex left out that year

# The demo province's latent performance, set rather than drawn so the demo tells a story:
# PAR INDEX climbing towards the top-30 target, SIPAS crossing 80 % in 2024.
_LANG_SON_PAR = {2021: -0.5, 2022: -0.35, 2023: -0.15, 2024: 0.15, 2025: 0.2}
_LANG_SON_SIPAS = {2021: -1.6, 2022: -1.5, 2023: -1.3, 2024: -0.7, 2025: -0.4}


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    geography: str
    successor: str | None


@dataclass(frozen=True)
class Score:
    index_code: str
    year: int
    unit_code: str
    criterion_code: str  # '' = overall
    cents: int  # score in hundredths
    rank: int | None = None

    @property
    def text(self) -> str:
        return f"{Decimal(self.cents) / 100:.2f}"


def provinces(geography: str) -> list[Province]:
    """The reference provinces of one geography, in file order (GSO code order)."""
    with open(paths.BUNDLED_DATA_DIR / "reference" / "units.csv", encoding="utf-8-sig") as fh:
        return [Province(r["unit_code"], r["name"], r["geography"], r["successor_code"] or None)
                for r in csv.DictReader(fh)
                if r["level"] == "province" and r["geography"] == geography]


def _rng(seed: int, purpose: str) -> random.Random:
    # String seeds are hashed with SHA-512 by `random`, so each stream is stable across runs.
    return random.Random(f"{seed}:{purpose}")


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def latent_paths(seed: int, purpose: str, overrides: dict[int, float]) -> dict[tuple[int, str], float]:
    """(year, province_code) -> latent performance, about N(0, 1).

    A persistent effect plus a small random walk for the 63 provinces up to 2024; a 2025 province
    starts from the mean of its predecessors' 2024 values (the merger pools them)."""
    rng = _rng(seed, purpose)
    latent: dict[tuple[int, str], float] = {}
    vn63 = provinces("vn63")
    for p in vn63:
        level = _clip(rng.gauss(0.0, 0.9), -2.0, 2.0)
        for year in NATIONAL_YEARS[:-1]:
            level += rng.gauss(0.0, 0.3) if year > NATIONAL_YEARS[0] else 0.0
            latent[(year, p.code)] = _clip(level, -2.3, 2.3)
    for p in provinces("vn34"):
        olds = [q.code for q in vn63 if q.successor == p.code]
        base = sum(latent[(LAST_VN63_YEAR, c)] for c in olds) / len(olds)
        latent[(LAST_VN63_YEAR + 1, p.code)] = _clip(base + rng.gauss(0.0, 0.3), -2.3, 2.3)
    for year, value in overrides.items():
        latent[(year, org.PROVINCE)] = value
    return latent


def competition_ranks(cents_by_unit: dict[str, int]) -> dict[str, int]:
    """1, 2, 2, 4: ties (equal at two decimals) share the best rank."""
    ordered = sorted(cents_by_unit.values(), reverse=True)
    first = {}
    for i, v in enumerate(ordered, start=1):
        first.setdefault(v, i)
    return {u: first[v] for u, v in cents_by_unit.items()}


def _leaf_profiles(tree: Tree, rng: random.Random, lo: float, hi: float) -> dict[str, tuple[float, float]]:
    """Per leaf: (base achievement, sensitivity to the unit's latent performance)."""
    return {leaf.code: (rng.uniform(lo, hi), rng.uniform(0.5, 1.5)) for leaf in tree.leaves()}


def _points(max_score: Decimal, pct: float) -> int:
    return int(round(float(max_score) * 100 * _clip(pct, 0.0, 1.0)))


def _leaf_scores(tree: Tree, year: int, units: Iterable[str], latent: dict[str, float],
                 profiles: dict[str, tuple[float, float]], rng: random.Random,
                 spread: float, noise: float, drift: float) -> list[Score]:
    rows = []
    for unit in units:
        for leaf in tree.leaves():
            base, sensitivity = profiles[leaf.code]
            pct = base + spread * sensitivity * latent[unit] + drift + rng.gauss(0.0, noise)
            rows.append(Score(tree.index_code, year, unit, leaf.code, _points(leaf.max_score, pct)))
    return rows


def par_index_scores(seed: int) -> dict[int, list[Score]]:
    """PAR INDEX at sub-criterion level for every province and year; in the published-rank years
    the overall is also given, with its rank, as an annex would print it."""
    latent = latent_paths(seed, "par-latent", _LANG_SON_PAR)
    rng = _rng(seed, "par-scores")
    profiles = {t.valid_from: _leaf_profiles(t, _rng(seed, f"par-leaves-{t.valid_from}"), 0.72, 0.97)
                for t in (tree_for("PAR_INDEX", 2021), tree_for("PAR_INDEX", 2022))}
    out: dict[int, list[Score]] = {}
    for year in NATIONAL_YEARS:
        tree = tree_for("PAR_INDEX", year)
        units = [p.code for p in provinces(geography_of_year(year))
                 if ("PAR_INDEX", year, p.code) not in MISSING]
        rows = _leaf_scores(tree, year, units, {u: latent[(year, u)] for u in units},
                            profiles[tree.valid_from], rng, spread=0.035, noise=0.045,
                            drift=0.006 * (year - NATIONAL_YEARS[0]))
        if year in PUBLISHED_RANK_YEARS:
            totals = {u: 0 for u in units}
            for r in rows:
                totals[r.unit_code] += r.cents
            ranks = competition_ranks(totals)
            rows += [Score("PAR_INDEX", year, u, "", totals[u], ranks[u]) for u in units]
        out[year] = rows
    return out


def _mean_cents(values: list[int | float]) -> float:
    return sum(values) / len(values)


def _round_cents(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def sipas_scores(seed: int) -> dict[int, list[Score]]:
    """SIPAS percentages per criterion, plus the overall (a percentage index's overall must be
    given): the mean of the five elements, each the mean of its criteria."""
    latent = latent_paths(seed, "sipas-latent", _LANG_SON_SIPAS)
    rng = _rng(seed, "sipas-scores")
    profiles = _leaf_profiles(SIPAS, _rng(seed, "sipas-leaves"), 0.76, 0.90)
    out: dict[int, list[Score]] = {}
    for year in NATIONAL_YEARS:
        units = [p.code for p in provinces(geography_of_year(year))]
        rows = []
        for unit in units:
            leaf_rows = []
            for leaf in SIPAS.leaves():
                base, sensitivity = profiles[leaf.code]
                pct = (base + 0.035 * sensitivity * latent[(year, unit)]
                       + 0.007 * (year - NATIONAL_YEARS[0]) + rng.gauss(0.0, 0.025))
                leaf_rows.append(Score("SIPAS", year, unit, leaf.code,
                                       int(round(10000 * _clip(pct, 0.4, 0.995)))))
            elements = [_mean_cents([r.cents for r in leaf_rows if r.criterion_code.split(".")[0] == f.code])
                        for f in SIPAS.fields()]
            rows += leaf_rows
            rows.append(Score("SIPAS", year, unit, "", _round_cents(_mean_cents(elements))))
        out[year] = rows
    return out


def internal_scores(seed: int, tree: Tree, agencies: Iterable[org.Agency],
                    years: Iterable[int]) -> list[Score]:
    """A province's own index for its departments or districts, at criterion level."""
    agencies = list(agencies)
    rng = _rng(seed, f"{tree.index_code}-scores")
    effect = {a.code: _clip(rng.gauss(0.0, 1.0), -2.2, 2.2) for a in agencies}
    profiles = _leaf_profiles(tree, _rng(seed, f"{tree.index_code}-leaves"), 0.72, 0.98)
    rows: list[Score] = []
    for year in years:
        active = [a.code for a in agencies if a.active(year)]
        for code in active:
            effect[code] += rng.gauss(0.0, 0.25)
        rows += _leaf_scores(tree, year, active, effect, profiles, rng, spread=0.05, noise=0.05,
                             drift=0.008 * (year - 2021))
    return rows


def department_scores(seed: int) -> list[Score]:
    return internal_scores(seed, PAR_SO, org.DEPARTMENTS, NATIONAL_YEARS)


def district_scores(seed: int) -> list[Score]:
    years = [y for y in NATIONAL_YEARS if y <= org.LAST_DISTRICT_YEAR]
    return internal_scores(seed, PAR_HUYEN, org.DISTRICTS, years)


def overall_cents(rows: Iterable[Score]) -> dict[str, int]:
    """Per unit: the sum of its leaf scores (the overall of an index whose fields have maxima)."""
    totals: dict[str, int] = {}
    for r in rows:
        if r.criterion_code:
            totals[r.unit_code] = totals.get(r.unit_code, 0) + r.cents
    return totals
