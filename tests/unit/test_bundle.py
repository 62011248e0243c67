"""The app database: built from data/ when missing, left alone when current, rebuilt (with the
user's imports replayed) when the bundled files change."""
from __future__ import annotations

from analysis import bundle
from analysis.importer import load_files, undo_last
from tests.unit.import_fixture import rows, sha, write


def test_build_then_up_to_date_then_rebuild_replays_user_imports(tmp_path, monkeypatch):
    db = tmp_path / "app.duckdb"
    first = bundle.ensure_app_database(db)
    assert first.action == "created"
    assert rows(db, "SELECT kind, source FROM batch ORDER BY batch_id") == [
        ("reference", bundle.REFERENCE_SOURCE), ("bundled", bundle.BUNDLED_SOURCE)]
    # data/papi/scores.csv (24,523 rows after the 2014 totals of 0 for 24 and 87 were
    # removed upstream) + data/published/scores.csv (42 rows).
    assert rows(db, "SELECT count(*) FROM score") == [(24565,)]
    assert rows(db, "SELECT count(*) FROM unit") == [(97,)]
    before = sha(db)
    assert bundle.ensure_app_database(db).action == "up to date" and sha(db) == before

    head = "index_code,year,unit_code,score\n"
    assert load_files(db, [write(tmp_path, "scores_a.csv", head + "SIPAS,2023,20,79.3\n")], source="a").ok
    assert load_files(db, [write(tmp_path, "scores_b.csv", head + "SIPAS,2023,01,80\n")]).ok
    assert load_files(db, [write(tmp_path, "scores_c.csv", head + "SIPAS,2023,79,81\n")]).ok
    undo_last(db)

    # the bundled data "changes": the fingerprint no longer matches
    monkeypatch.setattr(bundle, "fingerprint", lambda: "changed")
    again = bundle.ensure_app_database(db)
    assert again.action == "rebuilt" and again.failed == []
    assert rows(db, "SELECT unit_code, score FROM score WHERE index_code = 'SIPAS' AND year = 2023 "
                    "AND criterion_code = '' AND batch_id > 2 ORDER BY unit_code") == [("01", 80.0), ("20", 79.3)]
    assert rows(db, "SELECT batch_id, kind, source FROM batch WHERE kind = 'user' ORDER BY 1") == [
        (3, "user", "a"), (4, "user", None)]
    assert rows(db, "SELECT value FROM meta WHERE key = 'bundle_fingerprint'") == [("changed",)]


def test_create_database_has_reference_units(tmp_path):
    db = bundle.create_database(tmp_path / "new.duckdb")
    assert rows(db, "SELECT geography, count(*) FROM unit GROUP BY 1 ORDER BY 1") == [("vn34", 34), ("vn63", 63)]
    assert rows(db, "SELECT match_name FROM unit WHERE geography = 'vn63' AND unit_code = '79'") == [("ho chi minh",)]
