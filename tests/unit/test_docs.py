"""Keep the README honest: its two commands exist and CI runs the test one; every command-line
call it shows is a real subcommand."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from analysis.__main__ import build_parser
from analysis.paths import PROJECT_DIR as ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_exist_and_ci_runs_the_test_command():
    for script in ("scripts/run.sh", "scripts/test.sh"):
        assert f"./{script}" in README
        assert os.access(ROOT / script, os.X_OK), script
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^bash scripts/test\.sh\b", ci, re.M)


def test_every_command_line_call_in_the_readme_is_a_subcommand():
    shown = set(re.findall(r"python -m analysis (\w+)", README))
    parser = build_parser()
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert shown and shown <= set(choices), shown - set(choices)


def meeting_commands() -> list[list[str]]:
    """The command lines of the README's 'Meeting outputs' block, as argument lists."""
    section = README.split("## Meeting outputs", 1)[1]
    block = section.split("```bash", 1)[1].split("```", 1)[0]
    lines = [re.split(r"\s{2,}#", line)[0].strip() for line in block.splitlines()]
    return [shlex.split(line) for line in lines if line.startswith(".venv/bin/python -m analysis ")]


def test_the_readme_meeting_commands_run_as_written(tmp_path):
    """Each command, run as printed (from a folder of one's own, on the app database of this
    test session), exits 0 and writes the file it names."""
    commands = meeting_commands()
    assert len(commands) >= 4
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for argv in commands:
        done = subprocess.run([sys.executable, *argv[1:]], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (argv, done.stderr[-2000:])
        if "-o" in argv:
            written = tmp_path / argv[argv.index("-o") + 1]
            assert written.stat().st_size > 1000, argv
            if "--with-workbook" in argv:
                assert written.with_name(written.stem + "_giai_trinh.xlsx").stat().st_size > 1000


def test_deck_with_a_new_db_path_creates_it(tmp_path, capsys):
    """The README: '--db PATH points the command line elsewhere (a new path is created with
    the reference units)'; with no scores in it, the deck is refused for that reason."""
    from analysis.__main__ import main

    new = tmp_path / "moi.duckdb"
    status = main(["deck", "--index", "PAPI", "--year", "2024", "--unit", "Lạng Sơn", "--db", str(new),
                   "-o", str(tmp_path / "x.pptx")])
    assert new.exists()
    assert "no database" not in capsys.readouterr().err
    assert status == 1 and not (tmp_path / "x.pptx").exists()  # no score in it: refused
