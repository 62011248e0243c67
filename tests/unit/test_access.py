"""analysis.access without Streamlit: the salted hash, the guessing guard (clock passed in,
waits counted) and the policy that fails closed."""
from __future__ import annotations

import pytest

from analysis import access


def test_hash_is_salted_and_verifies_only_the_right_password():
    one, two = access.hash_password("bí mật"), access.hash_password("bí mật")
    assert one != two and "bí mật" not in one
    assert access.verify_password("bí mật", one) and access.verify_password("bí mật", two)
    assert not access.verify_password("bí mat", one) and not access.verify_password("", one)


@pytest.mark.parametrize("stored,why", [
    ("hunter2", "not a hash"), ("scrypt$16384$8$1$!!$!!", "damaged"),
    ("scrypt$1024$8$1$" + "A" * 24 + "$" + "A" * 44, "too small"), (123, "text"),
])
def test_a_bad_stored_hash_is_refused_with_a_reason(stored, why):
    with pytest.raises(access.BadHash, match=why):
        access.parse_hash(stored)


def test_guard_counts_waits_and_locks_per_client():
    guard, now = access.Guard(), 0.0
    waits = []
    for _ in range(12):
        verdict = guard.check(["s1"], now)
        waits.append(verdict.wait_seconds)
        now += verdict.wait_seconds
        assert guard.check(["s1"], now).allowed
        guard.record(["s1"], False, now)
    assert waits[:10] == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60]
    assert waits[10] == 15 * 60  # locked after ten
    # another client is not slowed by s1 (below the process-wide limits)
    assert guard.check(["s2"], now).allowed
    # a right password clears the client's own record
    guard.record(["s1"], True, now)
    assert guard.check(["s1"], now).allowed


def test_guard_process_limit_covers_every_session():
    guard, now = access.Guard(), 0.0
    for i in range(50):
        now += 31
        guard.record([f"session-{i}"], False, now)  # one mistake each: no client limit reached
    verdict = guard.check(["a-new-session"], now)
    assert not verdict.allowed and verdict.locked and verdict.wait_seconds == 15 * 60


def test_guard_forgets_after_a_quiet_quarter_hour():
    guard = access.Guard()
    for t in range(5):
        guard.record(["s"], False, float(t))
    assert not guard.check(["s"], 5.0).allowed
    assert guard.check(["s"], 4.0 + 15 * 60).allowed


def policy(environ=None, values=None, problem=None, address="127.0.0.1", proxied=False):
    return access.editor_policy(environ or {}, values or {}, secrets_problem=problem, listen_address=address,
                                proxied=proxied)


def test_policy_fails_closed():
    assert policy().mode == "open"
    assert policy(address=None).reason == "auth.locked_network"  # unset = every interface
    assert policy(address="0.0.0.0").reason == "auth.locked_network"
    assert policy(proxied=True).reason == "auth.locked_network"  # a proxy brings the network in
    assert policy(problem="secrets.toml: bad").reason == "auth.locked_secrets"
    assert policy({"PARDASH_EDITOR_PASSWORD": "x"}, problem="bad").mode == "locked"
    assert policy(values={"editor_password": "x"}).reason == "auth.locked_plain"
    assert policy(values={"editor_password_hash": "x"}).reason == "auth.locked_hash"
    assert policy(values={"editor_emails": "a@b.vn"}).reason == "auth.locked_emails"


def test_policy_restricts_with_a_password_hash_or_named_editors():
    env = policy({"PARDASH_EDITOR_PASSWORD": "bí mật"}, address="0.0.0.0")
    assert env.mode == "restricted" and access.verify_password("bí mật", env.password_hash)
    stored = access.hash_password("y")
    assert policy(values={"editor_password_hash": stored}).password_hash == stored
    assert policy({"PARDASH_EDITOR_PASSWORD_HASH": stored}).password_hash == stored
    named = policy(values={"editor_emails": ["Lan@SoNoiVu.gov.vn "]}, address="0.0.0.0")
    assert named.mode == "restricted" and named.editor_emails == {"lan@sonoivu.gov.vn"}


def test_read_secrets_reports_where_and_what(tmp_path):
    good, bad = tmp_path / "a.toml", tmp_path / "secrets.toml"
    good.write_text('editor_password_hash = "h"\n', encoding="utf-8")
    bad.write_text("x = \n", encoding="utf-8")
    assert access.read_secrets([good, tmp_path / "missing.toml"]) == ({"editor_password_hash": "h"}, None)
    values, problem = access.read_secrets([good, bad])
    assert values == {} and "secrets.toml" in problem and "line 1" in problem


def test_loopback_addresses():
    assert access.is_loopback("127.0.0.1") and access.is_loopback("::1") and access.is_loopback("localhost")
    assert not access.is_loopback("0.0.0.0") and not access.is_loopback("") and not access.is_loopback("10.1.2.3")
