"""Keep the README honest: its two commands exist and CI runs the test one; every command-line
call it shows is a real subcommand."""
from __future__ import annotations

import os
import re

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
