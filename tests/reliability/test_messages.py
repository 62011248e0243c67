"""Messages, not tracebacks (issue 9, point 7): every way the command line can fail because of
its surroundings says what and where in a sentence on stderr, exits non-zero and leaves the
database as it was (and no private copy behind): a damaged database file (zero bytes, truncated,
random bytes, a damaged block), an edited schema, a full disk, a read-only folder, `-o` into a
missing folder, a closed pipe (`history | head`), and `deck`/`export` of an unknown index.

Most cases run `main()` in this process (what the process would print, without paying a Python
start per case); the pipe, /dev/full and the mounted file systems run the real process."""
from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis import db
from analysis.__main__ import main
from analysis.importer import load_files
from tests.conftest import ROOT
from tests.unit.import_fixture import reference_db, sha, write

SCORES = "index_code,year,unit_code,score\nPAPI,2024,20,40.5\nPAPI,2024,01,44.1\nPAPI,2023,20,39\n"
MORE = "index_code,year,unit_code,score\nPAPI,2022,20,38.2\n"


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A small database with PAPI scores (batch 2), built once; tests work on copies."""
    folder = tmp_path_factory.mktemp("good")
    path = reference_db(folder)
    assert load_files(path, [write(folder, "scores.csv", SCORES)]).ok
    return path


@pytest.fixture
def copy(good, tmp_path) -> Path:
    target = tmp_path / "live.duckdb"
    shutil.copyfile(good, target)
    return target


@pytest.fixture
def more(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    return write(folder, "scores.csv", MORE)


def commands(path: Path, more: Path, out: Path) -> dict[str, list[str]]:
    d = ["--db", str(path)]
    return {"history": ["history", *d],
            "summary": ["summary", *d, "--index", "PAPI", "--year", "2024", "--unit", "20"],
            "load": ["load", *d, str(more)],
            "undo": ["undo", *d],
            "export": ["export", *d, "--what", "league", "--index", "PAPI", "--year", "2024", "-o", str(out)],
            "deck": ["deck", *d, "--index", "PAPI", "--year", "2024", "--unit", "20", "-o", str(out)]}


def said(capsys, argv: list[str]) -> tuple[int, str]:
    """Exit status and stderr of `python -m analysis ARGV` run in this process."""
    try:
        status = main(argv)
    except SystemExit as exit_:  # argparse and friends
        status = exit_.code
    return status, capsys.readouterr().err


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".writing" in p.name or ".part" in p.name)


# ---- a damaged database file ----------------------------------------------------------------

def _zero(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(300_000))


def _damaged_block(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 4:len(data) // 4 * 3] = b"\xff" * (len(data) // 2)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_zero, _truncated, _random, _damaged_block])
@pytest.mark.parametrize("command", ["history", "summary", "load", "undo", "export", "deck"])
def test_a_damaged_database_is_named_in_a_sentence(copy, more, tmp_path, capsys, damage, command):
    damage(copy)
    before = sha(copy)
    out = tmp_path / "out.xlsx"
    status, err = said(capsys, commands(copy, more, out)[command])
    if damage is _damaged_block and command in ("history", "undo"):
        # the damage may miss the blocks these two read: then they must simply work or refuse
        assert "Traceback" not in err
        return
    assert status == 1
    assert err.startswith(f"error: the database file {copy} is damaged or is not a DuckDB database"), err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sha(copy) == before and leftovers(tmp_path) == [] and not out.exists()


# ---- an edited schema --------------------------------------------------------------------------

def _edit(path: Path, sql: str) -> None:
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()


DROP_FACT = ("DROP TABLE fact", "fact")
RENAME_SCORE = ("ALTER TABLE score RENAME COLUMN score TO points", "score.score")
DROP_BATCH = ("DROP TABLE batch", "batch")


@pytest.mark.parametrize("edit, command", [
    (DROP_FACT, "summary"), (DROP_FACT, "export"), (DROP_FACT, "load"), (DROP_FACT, "undo"),
    (RENAME_SCORE, "load"), (RENAME_SCORE, "undo"),
    (DROP_BATCH, "history"), (DROP_BATCH, "load"), (DROP_BATCH, "undo"),
])
def test_an_edited_schema_is_named_in_a_sentence(copy, more, tmp_path, capsys, edit, command):
    """Each command that needs the table or column edited away says which; a write never
    recreates a table empty and carries on (that would lose its rows without a word)."""
    sql, missing = edit
    _edit(copy, sql)
    before = sha(copy)
    status, err = said(capsys, commands(copy, more, tmp_path / "out.csv")[command])
    assert status == 1, err
    assert err.startswith(f"error: the database file {copy} lacks tables or columns the dashboard "
                          f"needs (missing: {missing})"), err
    assert "Traceback" not in err and sha(copy) == before and leftovers(tmp_path) == []


# ---- a full disk, a read-only folder, a missing folder ----------------------------------------

def test_a_full_disk_while_copying_the_database_leaves_nothing_behind(copy, more, tmp_path, capsys, monkeypatch):
    real_copy = db._copy_file

    def copy_until_full(src, dst):
        real_copy(src, dst)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(db, "_copy_file", copy_until_full)
    before = sha(copy)
    status, err = said(capsys, ["load", "--db", str(copy), str(more)])
    assert status == 1
    assert err == f"error: the disk is full: {copy} could not be written. Nothing was changed; " \
                  "free some space and try again.\n"
    assert sha(copy) == before and leftovers(tmp_path) == []


def test_an_export_to_a_full_device_says_so(copy):
    done = run("export", "--db", copy, "--what", "league", "--index", "PAPI", "--year", "2024", "-o", "/dev/full")
    assert done.returncode == 1
    assert done.stderr == "error: the disk is full: /dev/full could not be written. Nothing was changed; " \
                          "free some space and try again.\n"


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str):
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def test_a_really_full_disk(good, more, tmp_path):
    """On a tmpfs just larger than the database: the private copy cannot be written."""
    with _tmpfs(tmp_path / "small", f"{good.stat().st_size // 1024 + 512}k") as folder:
        live = folder / "live.duckdb"
        shutil.copyfile(good, live)
        before = sha(live)
        done = run("load", "--db", live, more)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"error: the disk is full: {live} could not be written."), done.stderr
        assert sha(live) == before and leftovers(folder) == []
        out = run("export", "--db", live, "--what", "league", "--index", "PAPI", "--year", "2024",
                  "-o", folder / "filler.bin")  # fits
        assert out.returncode == 0, out.stderr
        with open(folder / "fill", "wb") as fh:  # now nothing fits
            with contextlib.suppress(OSError):
                while True:
                    fh.write(b"\0" * 65536)
        out = run("export", "--db", live, "--what", "league", "--index", "PAPI", "--year", "2024",
                  "-o", folder / "league.xlsx")
        assert out.returncode == 1 and "the disk is full" in out.stderr, out.stderr
        assert not (folder / "league.xlsx").exists() and leftovers(folder) == []


@contextlib.contextmanager
def _read_only(folder: Path):
    """A folder this process may not write: chmod for a user, a read-only tmpfs for root."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    with _tmpfs(folder.with_name(folder.name + "-ro"), "16m") as mount:
        for item in folder.iterdir():
            shutil.copyfile(item, mount / item.name)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount


def test_a_read_only_folder(good, more, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    shutil.copyfile(good, folder / "live.duckdb")
    with _read_only(folder) as ro:
        live = ro / "live.duckdb"
        before = sha(live)
        done = run("load", "--db", live, more)
        assert done.returncode == 1
        assert done.stderr == f"error: cannot write in {ro}: the folder is read-only or this user may not " \
                              "write there. Nothing was changed.\n"
        assert sha(live) == before
        assert run("history", "--db", live).returncode == 0  # reading still works
        out = run("export", "--db", live, "--what", "league", "--index", "PAPI", "--year", "2024",
                  "-o", ro / "league.csv")
        assert out.returncode == 1 and out.stderr.startswith(f"error: cannot write in {ro}: "), out.stderr


@pytest.mark.parametrize("command", ["export", "deck"])
def test_output_into_a_missing_folder(copy, more, tmp_path, capsys, command):
    out = tmp_path / "khong_co" / "bao_cao.xlsx"
    status, err = said(capsys, commands(copy, more, out)[command])
    assert status == 1
    assert err == f"error: the folder {out.parent} does not exist: create it first, or choose another -o.\n"


# ---- a closed pipe ------------------------------------------------------------------------------

def test_history_into_a_closed_pipe_is_quiet(copy):
    """`history | head` where head is gone before the listing is written: no traceback, no
    'Exception ignored' line; the exit status of a process killed by SIGPIPE (128 + 13)."""
    for _ in range(3):
        assert load_files(copy, [write(copy.parent, "scores.csv", MORE.replace("2022", str(2010 + _)))]).ok
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "history", "--db", str(copy)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141
    assert err == ""


def test_history_piped_into_head(copy):
    shell = f"{sys.executable} -m analysis history --db {copy} | head -c 1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.returncode in (0, 141)


# ---- an unknown index, year or unit in deck / export --------------------------------------------

_LOAD_HINT = "trong cơ sở dữ liệu này. Tải điểm lên bằng «python -m analysis load TỆP» hoặc ở trang Dữ liệu, rồi tạo lại."


@pytest.mark.parametrize("command", ["export", "deck"])
@pytest.mark.parametrize("index, year, unit, message", [
    ("NOPE", 2024, "20", "no scores for index NOPE (indices with scores: PAPI)"),
    # a known index without the figures asked for: the export's own refusal, saying what to load
    ("PAPI", 1999, "20", "Không có gì để trình bày: Lạng Sơn chưa có điểm PAPI năm 1999 " + _LOAD_HINT),
    ("PAPI", 2023, "01", "Không có gì để trình bày: Hà Nội chưa có điểm PAPI năm 2023 " + _LOAD_HINT),
])
def test_deck_and_export_of_nothing_write_no_file(copy, tmp_path, capsys, command, index, year, unit, message):
    out = tmp_path / "out.xlsx"
    argv = [command, "--db", str(copy), "--index", index, "--year", str(year), "--unit", unit, "-o", str(out)]
    if command == "export":
        argv += ["--what", "ledger"]
    status, err = said(capsys, argv)
    assert (status, err) == (1, f"error: {message}\n")
    assert not out.exists()
