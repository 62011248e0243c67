"""Editor access fails closed and resists guessing (issue 9, points 10-12), on the data page.

- a malformed or unreadable secrets file locks upload and undo, and says why (no traceback);
- a password kept in plain text in the secrets file is refused: only a salted hash is stored;
- with no password, editing is open only when the server listens on this machine alone;
- repeated wrong passwords are slowed down, then locked out, per session and per process.
  The clock is injected (`ui.auth._clock`), so waits are counted, never slept or timed.
"""
from __future__ import annotations

import re

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP
from tests.app.test_pages import PAGES

RIGHT = "đúng-mật-khẩu 2026"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from ui import auth

    fake = FakeClock()
    monkeypatch.setattr(auth, "_clock", fake, raising=False)
    if hasattr(auth, "reset_attempts"):
        auth.reset_attempts()  # every test starts with a clean record of wrong passwords
    yield fake
    if hasattr(auth, "reset_attempts"):
        auth.reset_attempts()


@pytest.fixture
def option():
    """Set Streamlit config options for one test (secrets files, listen address), then restore."""
    import streamlit as st

    saved = {}

    def set_(name, value):
        saved.setdefault(name, config.get_option(name))
        config.set_option(name, value)
        if name == "secrets.files":
            st.secrets._reset()

    yield set_
    for name, value in saved.items():
        config.set_option(name, value)
    st.secrets._reset()


@pytest.fixture
def no_env_password(monkeypatch):
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv("PARDASH_EDITOR_PASSWORD_HASH", raising=False)


def data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["ws"] = "real"
    at.run()
    at.switch_page(PAGES["data"][0]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def can_upload(at: AppTest) -> bool:
    return len(at.get("file_uploader")) == 1 or any(c.key == "undo_sure" for c in at.checkbox)


def messages(at: AppTest) -> str:
    return "\n".join(str(x.value) for x in [*at.error, *at.warning, *at.info, *at.caption])


def submit(at: AppTest, password: str) -> None:
    at.text_input(key="editor_password").input(password)
    at.button[[b.label for b in at.button].index("Đăng nhập biên tập")].click().run()
    assert not at.exception, [e.value for e in at.exception]


# ---- point 11: the secrets file ----------------------------------------------------------------

def test_a_malformed_secrets_file_locks_editing_and_says_why(workspaces, tmp_path, option, no_env_password, clock):
    bad = tmp_path / "secrets.toml"
    bad.write_text('editor_password_hash = "scrypt$16384\n[[broken\n', encoding="utf-8")
    option("secrets.files", [str(bad)])
    option("server.address", "127.0.0.1")
    at = data_page()
    assert not can_upload(at)
    text = messages(at)
    assert "secrets.toml" in text and "khóa" in text.lower()
    assert "Traceback" not in text


def test_an_unreadable_secrets_file_locks_editing(workspaces, tmp_path, option, no_env_password, clock):
    bad = tmp_path / "secrets.toml"
    bad.write_bytes(b'editor_password_hash = "\xff\xfe"\n')  # not UTF-8
    option("secrets.files", [str(bad)])
    option("server.address", "127.0.0.1")
    at = data_page()
    assert not can_upload(at)
    assert "secrets.toml" in messages(at)


def test_a_malformed_secrets_file_locks_even_with_the_environment_password(workspaces, tmp_path, option,
                                                                           monkeypatch, clock):
    bad = tmp_path / "secrets.toml"
    bad.write_text("= nothing\n", encoding="utf-8")
    option("secrets.files", [str(bad)])
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", RIGHT)
    at = data_page()
    assert not [t for t in at.text_input if t.key == "editor_password"]  # nothing to sign in to
    assert not can_upload(at)


# ---- point 12: only a salted hash is stored ----------------------------------------------------

def test_a_plain_text_password_in_the_secrets_file_is_refused(workspaces, tmp_path, option, no_env_password, clock):
    plain = tmp_path / "secrets.toml"
    plain.write_text(f'editor_password = "{RIGHT}"\n', encoding="utf-8")
    option("secrets.files", [str(plain)])
    at = data_page()
    assert not [t for t in at.text_input if t.key == "editor_password"]
    assert not can_upload(at)
    assert "editor_password_hash" in messages(at) and "hash-password" in messages(at)


def test_a_salted_hash_in_the_secrets_file_signs_the_editor_in(workspaces, tmp_path, option, no_env_password, clock):
    from analysis import access

    stored = access.hash_password(RIGHT)
    assert RIGHT not in stored and stored != access.hash_password(RIGHT)  # salted: never the same twice
    good = tmp_path / "secrets.toml"
    good.write_text(f'editor_password_hash = "{stored}"\n', encoding="utf-8")
    option("secrets.files", [str(good)])
    at = data_page()
    assert not can_upload(at)
    submit(at, RIGHT)
    assert can_upload(at)


# ---- point 10: no password, listening beyond this machine ---------------------------------------

def test_without_a_password_editing_is_locked_when_the_server_listens_on_the_network(workspaces, option,
                                                                                    no_env_password, clock):
    option("server.address", "0.0.0.0")
    at = data_page()
    assert not can_upload(at)
    assert "PARDASH_EDITOR_PASSWORD" in messages(at)


def test_without_a_password_a_local_install_stays_single_user(workspaces, option, no_env_password, clock):
    option("server.address", "127.0.0.1")
    at = data_page()
    assert can_upload(at)


# ---- point 12: guessing ------------------------------------------------------------------------

def said_wait(at: AppTest) -> int:
    """The wait the page announces ("... sau 4 giây"), in seconds."""
    found = [int(m.group(1)) for e in at.error for m in [re.search(r"sau (\d+) giây", e.value)] if m]
    assert found, [e.value for e in at.error]
    return found[-1]


def test_wrong_passwords_are_slowed_down_then_locked_out_in_one_session(workspaces, monkeypatch, clock):
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", RIGHT)
    at = data_page()
    for _ in range(2):  # the first mistakes cost nothing
        submit(at, "sai")
        assert "Sai mật khẩu." in [e.value for e in at.error]
    submit(at, "sai")  # the third announces a wait
    assert said_wait(at) == 1
    # the next attempt, at once, is refused without being checked, even with the right password
    submit(at, RIGHT)
    assert not can_upload(at)
    assert said_wait(at) == 1
    # after the wait, attempts are checked again; the waits double: 1, 2, 4, 8, 16, 32, then 60 s
    waits = []
    for _ in range(6):
        waits.append(said_wait(at))
        clock.now += waits[-1]
        submit(at, "sai")
    waits.append(said_wait(at))
    assert waits == [1, 2, 4, 8, 16, 32, 60]
    clock.now += 60
    submit(at, "sai")  # the tenth failure locks the sign-in for 15 minutes, the right password included
    clock.now += 60
    submit(at, RIGHT)
    assert not can_upload(at)
    assert any("phút" in e.value for e in at.error)
    clock.now += 15 * 60
    submit(at, RIGHT)
    assert can_upload(at)


def test_25_wrong_passwords_cannot_be_tried_without_waiting(workspaces, monkeypatch, clock):
    """The report's attack: 25 guesses in a row from one session. At most 3 are checked."""
    from ui import auth

    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", RIGHT)
    checked = []
    real_verify = auth.access.verify_password if hasattr(auth, "access") else None
    if real_verify:
        monkeypatch.setattr(auth.access, "verify_password", lambda g, s: checked.append(g) or real_verify(g, s))
    at = data_page()
    for i in range(25):
        submit(at, f"sai-{i}")
    submit(at, RIGHT)  # the 26th, right, still refused
    assert not can_upload(at)
    assert len(checked) == 3


def test_a_new_session_does_not_reset_the_process_wide_count(workspaces, monkeypatch, clock):
    """Guessing from many sessions: past the process-wide limit, every session waits. The limits
    are made small here (the real ones, 20 free and locked at 50, are in tests/unit/test_access.py)."""
    from analysis import access
    from ui import auth

    monkeypatch.setattr(auth, "_guard", access.Guard(process=access.Limits(free=2, lock_after=4)), raising=False)
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", RIGHT)
    for _ in range(2):  # two sessions, two wrong passwords each, 31 s apart: no session reaches its own limit
        at = data_page()
        for wrong in ("sai", "sai nữa"):
            clock.now += 31
            submit(at, wrong)
    at = data_page()  # a third, fresh session with the right password
    submit(at, RIGHT)
    assert not can_upload(at)
    assert any("phút" in e.value for e in at.error)


def test_the_right_password_after_a_mistake_signs_in(workspaces, monkeypatch, clock):
    monkeypatch.setenv("PARDASH_EDITOR_PASSWORD", RIGHT)
    at = data_page()
    submit(at, "sai")
    submit(at, RIGHT)
    assert can_upload(at)
