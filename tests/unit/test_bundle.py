"""The app database: built from data/ when missing, left alone when current, rebuilt (with the
user's imports replayed) when the bundled files change."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import bundle, db, paths
from analysis.__main__ import main
from analysis.importer import load_files, undo_last
from tests.unit.import_fixture import rows, sha, write

HEAD = "index_code,year,unit_code,score\n"


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
    # replayed under their own numbers; the undone batch 5 keeps its record (its number is never given again)
    assert rows(db, "SELECT batch_id, source, undone_at IS NOT NULL FROM batch WHERE kind = 'user' ORDER BY 1") == [
        (3, "a", False), (4, None, False), (5, None, True)]
    assert rows(db, "SELECT value FROM meta WHERE key = 'bundle_fingerprint'") == [("changed",)]


def test_create_database_has_reference_units(tmp_path):
    db = bundle.create_database(tmp_path / "new.duckdb")
    assert rows(db, "SELECT geography, count(*) FROM unit GROUP BY 1 ORDER BY 1") == [("vn34", 34), ("vn63", 63)]
    assert rows(db, "SELECT match_name FROM unit WHERE geography = 'vn63' AND unit_code = '79'") == [("ho chi minh",)]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The app database built from the bundled data once (each test gets a copy)."""
    return bundle.ensure_app_database(tmp_path_factory.mktemp("built") / "dashboard.duckdb").path


@pytest.fixture
def app_db(built, tmp_path, monkeypatch):
    """The app database (PARDASH_DB) in a temporary folder, as built from the bundled data."""
    path = tmp_path / "var" / "dashboard.duckdb"
    path.parent.mkdir()
    shutil.copyfile(built, path)
    monkeypatch.setenv("PARDASH_DB", str(path))
    return path


def cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_rebuild_that_cannot_replay_a_batch_is_refused_and_loses_nothing(app_db, tmp_path, monkeypatch, capsys):
    """Issue 9.1: on main the rebuild dropped batches 3 and 4 with exit 0 and reused number 3."""
    assert cli(capsys, "load", write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n"), "--source", "QĐ 1")[0] == 0
    assert cli(capsys, "load", write(tmp_path, "scores_b.csv", HEAD + "SIPAS,2023,01,80\n"))[0] == 0
    archive = paths.import_archive_dir(app_db)
    kept = shutil.copytree(archive, tmp_path / "backup")
    shutil.rmtree(archive)
    before = sha(app_db)
    monkeypatch.setattr(bundle, "fingerprint", lambda: "changed")

    code, _out, err = cli(capsys, "build")
    assert code != 0
    assert "batch 3: the archived copy of scores_a.csv is missing" in err and "batch 4" in err
    assert "python -m analysis restore" in err and "Traceback" not in err
    assert sha(app_db) == before and not db.build_dir(app_db).exists()

    code, out, err = cli(capsys, "history")          # a reader warns and reads the database as it was
    assert code == 0 and "warning: The bundled data changed" in err
    assert [line.split()[0] for line in out.splitlines()[:2]] == ["4", "3"]

    code, _out, err = cli(capsys, "load", write(tmp_path, "scores_c.csv", HEAD + "SIPAS,2023,79,81\n"))
    assert code != 0 and "batch 3" in err and sha(app_db) == before   # a writer is refused too

    shutil.copytree(kept, archive)                   # the files come back from a backup
    code, out, _err = cli(capsys, "build")
    assert code == 0 and "replayed 2 import(s) (batch 3, 4)" in out
    code, out, _err = cli(capsys, "load", tmp_path / "scores_c.csv")
    assert code == 0 and "batch 5:" in out           # a fresh number


def test_dropping_unreplayable_batches_is_explicit_and_never_reuses_their_numbers(app_db, tmp_path, monkeypatch,
                                                                                  capsys):
    assert cli(capsys, "load", write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n"))[0] == 0
    shutil.rmtree(paths.import_archive_dir(app_db))
    monkeypatch.setattr(bundle, "fingerprint", lambda: "changed")
    before = sha(app_db)
    code, out, _err = cli(capsys, "restore", "--drop-unreplayable")
    assert code == 0 and "batch 3 could not be replayed and was dropped (marked undone)" in out
    assert sha(db.previous_path(app_db)) == before       # the database as it was is kept beside
    assert rows(app_db, "SELECT batch_id, undone_at IS NOT NULL FROM batch WHERE kind = 'user'") == [(3, True)]
    code, out, _err = cli(capsys, "load", write(tmp_path, "scores_b.csv", HEAD + "SIPAS,2023,01,80\n"))
    assert code == 0 and "batch 4:" in out


def _bundled_copy(tmp_path: Path, extra_line: str) -> Path:
    """A copy of the bundled data with one more published score (as an update would bring)."""
    root = tmp_path / "data"
    for part in ("reference", "papi", "published"):
        shutil.copytree(paths.BUNDLED_DATA_DIR / part, root / part)
    published = root / "published" / "scores.csv"
    raw = published.read_bytes()
    newline = b"\r\n" if b"\r\n" in raw else b"\n"
    published.write_bytes(raw.rstrip(b"\r\n") + newline + extra_line.encode("utf-8") + newline)
    return root


def test_a_bundled_update_never_overwrites_the_users_figure(app_db, tmp_path, monkeypatch, capsys):
    """Issue 9.2: on main the bundled 86,00 replaced the user's 88,12 and the batch was deleted."""
    mine = write(tmp_path, "diem_par.csv", "index_code,year,unit_code,score\nPAR_INDEX,2024,20,88.12\n")
    assert cli(capsys, "load", mine, "--source", "QĐ 876")[0] == 0
    monkeypatch.setattr(paths, "BUNDLED_DATA_DIR",
                        _bundled_copy(tmp_path, "PAR_INDEX,2024,20,,86.00,,https://example.gov.vn/par-2024"))

    code, out, err = cli(capsys, "build")
    assert code == 0, err
    assert "rebuilt; replayed 1 import(s) (batch 3)" in out and "1 bundled score(s) are outranked" in out
    assert rows(app_db, "SELECT score, source, batch_id FROM score WHERE index_code = 'PAR_INDEX' AND year = 2024 "
                        "AND unit_code = '20' AND criterion_code = ''") == [(88.12, "QĐ 876", 3)]
    assert rows(app_db, "SELECT score FROM fact WHERE index_code = 'PAR_INDEX' AND year = 2024 "
                        "AND unit_code = '20' AND criterion_code = ''") == [(88.12,)]
    assert rows(app_db, "SELECT batch_id, replace_mode, undone_at FROM batch WHERE kind = 'user'") == [(3, False, None)]
    with db.open_read(app_db) as con:
        listed = bundle.overridden(con).to_dict("records")
    assert [(r["unit_name"], r["user_score"], r["user_source"], r["bundled_score"], r["bundled_source"])
            for r in listed] == [("Lạng Sơn", 88.12, "QĐ 876", 86.0, "https://example.gov.vn/par-2024")]
    code, out, _err = cli(capsys, "history")
    assert code == 0
    assert ("PAR_INDEX 2024 Lạng Sơn (20): yours 88,12 (batch 3, QĐ 876); "
            "bundled 86,00 (https://example.gov.vn/par-2024)") in out

    # undoing the user's batch brings the bundled figure back, and the conflict is gone
    assert cli(capsys, "undo")[0] == 0
    assert rows(app_db, "SELECT score FROM score WHERE index_code = 'PAR_INDEX' AND year = 2024 "
                        "AND unit_code = '20'") == [(86.0,)]
    with db.open_read(app_db) as con:
        assert len(bundle.overridden(con)) == 0


def test_restore_rolls_back_to_the_copy_kept_before_the_last_import(app_db, tmp_path, capsys):
    assert cli(capsys, "load", write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n"))[0] == 0
    after_first = sha(app_db)
    assert cli(capsys, "load", write(tmp_path, "scores_b.csv", HEAD + "SIPAS,2023,01,80\n"))[0] == 0
    assert sha(db.previous_path(app_db)) == after_first
    code, out, _err = cli(capsys, "restore", "--previous")
    assert code == 0 and "batch 4 marked undone" in out
    assert rows(app_db, "SELECT batch_id, undone_at IS NOT NULL FROM batch WHERE kind = 'user' ORDER BY 1") == [
        (3, False), (4, True)]
    assert rows(app_db, "SELECT count(*) FROM score WHERE index_code = 'SIPAS' AND year = 2023 AND unit_code = '01' "
                        "AND batch_id > 2") == [(0,)]
    code, out, _err = cli(capsys, "load", write(tmp_path, "scores_c.csv", HEAD + "SIPAS,2023,79,81\n"))
    assert code == 0 and "batch 5:" in out


def test_restore_rebuilds_a_corrupt_database_from_the_archive(app_db, tmp_path, capsys):
    assert cli(capsys, "load", write(tmp_path, "scores_a.csv", HEAD + "SIPAS,2023,20,79.3\n"), "--source", "a")[0] == 0
    assert cli(capsys, "load", write(tmp_path, "scores_b.csv", HEAD + "SIPAS,2023,01,80\n"))[0] == 0
    assert cli(capsys, "load", write(tmp_path, "scores_c.csv", HEAD + "SIPAS,2023,79,81\n"))[0] == 0
    assert cli(capsys, "undo")[0] == 0
    # the database is lost, and the manifest of batch 4 too: the previous copy still knows batch 4
    (paths.import_archive_dir(app_db) / "batch-00004.json").unlink()
    app_db.write_bytes(b"not a database" * 100)
    previous = sha(db.previous_path(app_db))
    code, _out, err = cli(capsys, "history")     # never rebuilt over without being asked
    assert code == 1 and "cannot read the database" in err and "python -m analysis restore" in err
    code, out, err = cli(capsys, "restore")
    assert code == 0, err
    # the unreadable file is set aside; the previous copy (the better one) is not overwritten by it
    assert bundle.unreadable_path(app_db).read_bytes() == b"not a database" * 100
    assert sha(db.previous_path(app_db)) == previous
    assert "restored; replayed 2 import(s) (batch 3, 4)" in out
    assert rows(app_db, "SELECT batch_id, source, undone_at IS NOT NULL FROM batch WHERE kind = 'user' ORDER BY 1") == [
        (3, "a", False), (4, None, False), (5, None, True)]
    assert rows(app_db, "SELECT unit_code, score FROM score WHERE index_code = 'SIPAS' AND year = 2023 "
                        "AND batch_id > 2 ORDER BY 1") == [("01", 80.0), ("20", 79.3)]


def test_restore_without_a_previous_copy_says_so(tmp_path, capsys):
    path = tmp_path / "fresh.duckdb"
    bundle.ensure_app_database(path)
    before = sha(path)
    code, _out, err = cli(capsys, "restore", "--previous", "--db", path)
    assert code == 1 and "no previous copy is kept" in err and sha(path) == before


def test_every_command_in_the_recovery_doc_parses():
    """docs/recovery.md pastes real runs; its commands must stay real subcommands and options."""
    import re
    import shlex

    from analysis.__main__ import build_parser

    text = (paths.PROJECT_DIR / "docs" / "recovery.md").read_text(encoding="utf-8")
    shown = {m.strip() for m in re.findall(r"python -m analysis ([^`\n|]+)", text)}
    assert {"restore", "restore --previous", "restore --drop-unreplayable", "build", "history"} <= shown
    for command in shown:
        build_parser().parse_args(shlex.split(command))
