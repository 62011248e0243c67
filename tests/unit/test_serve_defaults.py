"""Safe by default on a network (issue 9, point 10): `scripts/run.sh` listens on this machine
only unless editors must sign in, viewers never see error details, and the editor password hash
is made by one command.

run.sh is run for real, from a copy of the repository whose `.venv/bin/python` is a stub: it
records the `streamlit run` command line and hands every other call to the project's Python.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_config_shows_no_error_details_and_listens_on_localhost():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"


@pytest.fixture
def run_sh(tmp_path):
    """Run a copy of scripts/run.sh; returns (exit code, the arguments streamlit got, stderr)."""
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    (repo / "scripts" / "run.sh").write_bytes((ROOT / "scripts" / "run.sh").read_bytes())
    (repo / "scripts" / "run.sh").chmod(0o755)
    (repo / "requirements.txt").write_text("", encoding="utf-8")
    (repo / ".streamlit").mkdir()
    bin_ = repo / ".venv" / "bin"
    bin_.mkdir(parents=True)
    log = tmp_path / "streamlit-args"
    (bin_ / "python").write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "streamlit" ]; then shift 2; printf "%s\\n" "$@" > "$STUB_LOG"; exit 0; fi\n'
        'if [ "$1" = "-m" ] && [ "$2" = "analysis" ] && [ "$3" = "build" ]; then exit 0; fi\n'
        'PYTHONPATH="$REAL_ROOT" exec "$REAL_PYTHON" "$@"\n', encoding="utf-8")
    (bin_ / "pip").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    for f in bin_.iterdir():
        f.chmod(0o755)

    def run(*args, env=None, secrets=None):
        if secrets is not None:
            (repo / ".streamlit" / "secrets.toml").write_text(secrets, encoding="utf-8")
        base = {k: v for k, v in os.environ.items() if not k.startswith("PARDASH_EDITOR")}
        base.update({"HOME": str(tmp_path), "STUB_LOG": str(log), "REAL_ROOT": str(ROOT),
                     "REAL_PYTHON": sys.executable, **(env or {})})
        done = subprocess.run([str(repo / "scripts" / "run.sh"), *args], env=base, capture_output=True,
                              text=True, timeout=120)
        argv = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        return done.returncode, argv, done.stderr

    return run


def address(argv: list[str]) -> str | None:
    """The last --server.address given (the one streamlit uses)."""
    found = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--server.address"]
    return found[-1] if found else None


def test_run_sh_listens_on_localhost_without_an_editor_password(run_sh):
    code, argv, err = run_sh()
    assert code == 0, err
    assert argv[:2] == ["run", "serve.py"]  # app.py's pages, warmed up before the first request
    assert address(argv) == "127.0.0.1"
    assert "SECURITY.md" in err  # it says why, and where to read how to open it to the network


def test_run_sh_serves_the_network_when_editors_must_sign_in(run_sh):
    code, argv, _ = run_sh(env={"PARDASH_EDITOR_PASSWORD": "bí mật"})
    assert code == 0 and address(argv) == "0.0.0.0"
    from analysis.access import hash_password

    code, argv, _ = run_sh(secrets=f'editor_password_hash = "{hash_password("x")}"\n')
    assert code == 0 and address(argv) == "0.0.0.0"


def test_run_sh_stays_on_localhost_when_editors_are_named_by_a_proxy_login(run_sh):
    code, argv, err = run_sh(secrets='editor_emails = ["lan@sonoivu.gov.vn"]\n')
    assert code == 0 and address(argv) == "127.0.0.1" and "proxy" in err


def test_run_sh_stays_on_localhost_when_the_secrets_file_is_malformed(run_sh):
    code, argv, err = run_sh(env={"PARDASH_EDITOR_PASSWORD": "bí mật"}, secrets="[[broken\n")
    assert code == 0 and address(argv) == "127.0.0.1"
    assert "secrets" in err


def test_run_sh_arguments_still_win(run_sh):
    code, argv, _ = run_sh("--server.address", "10.0.0.5", "--server.port", "8600")
    assert code == 0 and address(argv) == "10.0.0.5" and "8600" in argv


def test_hash_password_command_prints_a_salted_hash_for_the_secrets_file(tmp_path):
    from analysis.access import verify_password

    env = {k: v for k, v in os.environ.items()}
    done = subprocess.run([sys.executable, "-m", "analysis", "hash-password"], input="mật khẩu mới\n",
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith('editor_password_hash = "scrypt$') and "mật khẩu" not in line
    stored = tomllib.loads(line)["editor_password_hash"]
    assert verify_password("mật khẩu mới", stored) and not verify_password("mật khẩu cũ", stored)


def test_hash_password_refuses_an_empty_password():
    done = subprocess.run([sys.executable, "-m", "analysis", "hash-password"], input="\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1 and "empty" in done.stderr and "Traceback" not in done.stderr
