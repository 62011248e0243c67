"""Who may change the data, decided without Streamlit: the editor password kept only as a salted
hash, the slow-down and lock-out of repeated wrong passwords, and the policy that fails closed.

The Streamlit side (`ui/auth.py`) gathers the facts (environment, secrets, the address the
server listens on) and asks `editor_policy`; the command line makes a hash (`hash-password`) and
tells `scripts/run.sh` which address to listen on (`serve-address`).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import ipaddress
import os
import secrets
import threading
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ENV_PASSWORD = "PARDASH_EDITOR_PASSWORD"
ENV_PASSWORD_HASH = "PARDASH_EDITOR_PASSWORD_HASH"
SECRET_HASH = "editor_password_hash"
SECRET_PLAIN = "editor_password"
SECRET_EMAILS = "editor_emails"

# scrypt with the parameters OWASP names as a minimum (N=2^14, r=8, p=1): ~40 ms and 16 MB per
# check here, cheap for one sign-in, costly for a guesser holding a stolen secrets file.
_SCHEME = "scrypt"
_N, _R, _P, _DKLEN, _SALT_BYTES = 2 ** 14, 8, 1, 32, 16


class BadHash(ValueError):
    """A stored editor password hash that cannot be used (says what is wrong with it)."""


# ---- the password, stored only as a salted hash ------------------------------------------------

def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """'scrypt$16384$8$1$<salt>$<key>' (base64): what `editor_password_hash` holds."""
    if not password:
        raise ValueError("an empty password cannot be used")
    salt = os.urandom(_SALT_BYTES) if salt is None else salt
    key = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=_DKLEN)
    return "$".join([_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(key)])


def parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, key) of a stored hash, or BadHash saying what is wrong."""
    if not isinstance(stored, str):
        raise BadHash("it must be a text value in quotes")
    parts = stored.strip().split("$")
    if len(parts) != 6 or parts[0] != _SCHEME:
        raise BadHash("it is not a hash made by `python -m analysis hash-password`")
    try:
        n, r, p = (int(x) for x in parts[1:4])
        salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError as exc:
        raise BadHash("it is damaged (cost or base64 part unreadable)") from exc
    if n < 2 ** 14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16 or len(salt) < 16 or len(key) < 32:
        raise BadHash("its salt, key or cost is too small")
    return n, r, p, salt, key


def verify_password(given: str, stored: str) -> bool:
    """True when `given` is the password behind `stored`, compared in constant time."""
    n, r, p, salt, key = parse_hash(stored)
    candidate = hashlib.scrypt(given.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(key),
                               maxmem=256 * n * r * p + (1 << 20))
    return hmac.compare_digest(candidate, key)


@functools.lru_cache(maxsize=4)
def hash_of_environment_password(password: str) -> str:
    """PARDASH_EDITOR_PASSWORD hashed once per process: sign-ins compare against the hash only."""
    return hash_password(password)


# ---- slowing down and locking out guessers -----------------------------------------------------

@dataclass(frozen=True)
class Limits:
    """How many wrong passwords a key (a session, an address, the whole process) may try.

    The first `free` failures cost nothing; after that each attempt must wait `base_delay`
    seconds, doubling per failure up to `max_delay`; at `lock_after` failures the key is locked
    for `lock_seconds`. Failures are forgotten `forget_after` seconds after the last one."""
    free: int
    lock_after: int
    base_delay: float = 1.0
    max_delay: float = 60.0
    lock_seconds: float = 15 * 60.0
    forget_after: float = 15 * 60.0

    def wait(self, failures: int, last: float, now: float) -> float:
        if failures < self.free:
            return 0.0
        if failures >= self.lock_after:
            return max(0.0, last + self.lock_seconds - now)
        delay = min(self.base_delay * 2 ** (failures - self.free), self.max_delay)
        return max(0.0, last + delay - now)


CLIENT_LIMITS = Limits(free=3, lock_after=10)  # one session, one address: 3 tries, then 1, 2, 4 ... s, locked at 10
PROCESS_LIMITS = Limits(free=20, lock_after=50, max_delay=30.0)  # every session together


@dataclass
class Verdict:
    allowed: bool
    wait_seconds: float = 0.0
    locked: bool = False  # the lock-out, not just the slow-down


@dataclass
class Guard:
    """Wrong-password bookkeeping for one server process, shared by every session (thread-safe).

    `keys` name the client (its session, and its address when known); the process-wide count
    is kept too, so many sessions or addresses cannot guess faster than one."""
    client: Limits = CLIENT_LIMITS
    process: Limits = PROCESS_LIMITS
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    _PROCESS = "*process*"

    def _state(self, key: str, limits: Limits, now: float) -> tuple[int, float]:
        count, last = self._failures.get(key, (0, 0.0))
        if count and now - last >= max(limits.forget_after, limits.lock_seconds if count >= limits.lock_after else 0):
            return 0, 0.0
        return count, last

    def check(self, keys: Iterable[str], now: float) -> Verdict:
        """May the client try a password now? Refused attempts are not checked at all."""
        with self._lock:
            worst = Verdict(True)
            for key, limits in self._keyed(keys):
                count, last = self._state(key, limits, now)
                wait = limits.wait(count, last, now)
                if wait > worst.wait_seconds:
                    worst = Verdict(False, wait, count >= limits.lock_after)
            return worst

    def record(self, keys: Iterable[str], ok: bool, now: float) -> None:
        with self._lock:
            for key, limits in self._keyed(keys):
                if ok and key != self._PROCESS:
                    self._failures.pop(key, None)  # the editor got in: their own slate is clean
                elif not ok:
                    count, _last = self._state(key, limits, now)
                    self._failures[key] = (count + 1, now)
            self._forget_old(now)

    def _keyed(self, keys: Iterable[str]):
        return [(k, self.client) for k in keys] + [(self._PROCESS, self.process)]

    def _forget_old(self, now: float) -> None:
        horizon = max(self.client.forget_after, self.client.lock_seconds, self.process.lock_seconds)
        for key in [k for k, (_c, last) in self._failures.items() if now - last > horizon]:
            del self._failures[key]


# ---- the policy --------------------------------------------------------------------------------

@dataclass(frozen=True)
class EditorPolicy:
    """mode 'open' (everyone edits: a local single-user install), 'restricted' (editors sign in
    with the password or are named in editor_emails) or 'locked' (nobody edits; `reason` is the
    catalogue key saying why, `detail` its values)."""
    mode: str
    password_hash: str | None = None
    editor_emails: frozenset[str] = frozenset()
    reason: str | None = None
    detail: Mapping[str, str] = field(default_factory=dict)


def is_loopback(address: str | None) -> bool:
    """True for an address only this machine can reach (unset means every interface)."""
    if not address:
        return False
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def editor_policy(environ: Mapping[str, str], secrets_values: Mapping, *, secrets_problem: str | None,
                  listen_address: str | None, proxied: bool) -> EditorPolicy:
    """Decide who may edit. Anything that cannot be read or trusted locks editing (fails closed)."""
    if secrets_problem:
        return EditorPolicy("locked", reason="auth.locked_secrets", detail={"problem": secrets_problem})
    if secrets_values.get(SECRET_PLAIN):
        return EditorPolicy("locked", reason="auth.locked_plain")
    emails = secrets_values.get(SECRET_EMAILS) or []
    if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
        return EditorPolicy("locked", reason="auth.locked_emails")
    emails = frozenset(e.strip().lower() for e in emails if e.strip())
    stored = None
    if environ.get(ENV_PASSWORD):
        stored = hash_of_environment_password(environ[ENV_PASSWORD])
    else:
        stored = environ.get(ENV_PASSWORD_HASH) or secrets_values.get(SECRET_HASH) or None
        if stored is not None:
            try:
                parse_hash(stored)
            except BadHash as bad:
                return EditorPolicy("locked", reason="auth.locked_hash", detail={"problem": str(bad)})
    if stored or emails:
        return EditorPolicy("restricted", password_hash=stored, editor_emails=emails)
    if is_loopback(listen_address) and not proxied:
        return EditorPolicy("open")
    return EditorPolicy("locked", reason="auth.locked_network", detail={"address": listen_address or "0.0.0.0"})


# ---- the secrets files -------------------------------------------------------------------------

def shown_path(path: str | Path) -> str:
    """A secrets path as the editor should read it: relative to the app folder or to ~."""
    path = Path(path)
    for base, label in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return label + str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name


def read_secrets(paths: Iterable[str | Path]) -> tuple[dict, str | None]:
    """(values, problem): the TOML secrets files that exist, merged in order, or the first problem
    (unreadable, not UTF-8, malformed TOML) as a sentence. Missing files are simply absent."""
    values: dict = {}
    for path in paths:
        path = Path(path)
        if path.is_dir() or path.suffix != ".toml":
            continue  # Kubernetes-style secret folders: left to Streamlit
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not readable as UTF-8"
            return {}, f"{shown_path(path)}: {reason}"
        try:
            values.update(tomllib.loads(text))
        except tomllib.TOMLDecodeError as exc:
            return {}, f"{shown_path(path)}: {exc}"
    return values, None


def default_secrets_paths() -> list[Path]:
    """Where Streamlit looks by default: ~/.streamlit/secrets.toml, then ./.streamlit/secrets.toml."""
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def serve_address(environ: Mapping[str, str], secrets_paths: Iterable[str | Path]) -> tuple[str, str]:
    """(address, why) for `scripts/run.sh`: every interface only when editors must give a
    password; otherwise this machine only, because an open app would let anyone on the network
    import, and a proxy's identity header must come from the proxy alone."""
    values, problem = read_secrets(secrets_paths)
    policy = editor_policy(environ, values, secrets_problem=problem, listen_address="0.0.0.0", proxied=False)
    if policy.mode == "restricted" and policy.password_hash:
        return "0.0.0.0", "an editor password is configured: listening on every interface"
    if policy.mode == "restricted":
        # Editors named by a login a reverse proxy vouches for (trusted header): only the proxy
        # may reach the app, or anyone could send the header themselves.
        return "127.0.0.1", ("editors are named by login (editor_emails): listening on this machine only, "
                             "for a reverse proxy here (SECURITY.md); pass --server.address to change it")
    if policy.mode == "locked" and policy.reason != "auth.locked_network":
        return "127.0.0.1", f"editing is locked ({policy.reason}): listening on this machine only"
    return "127.0.0.1", ("no editor password is set: listening on this machine only "
                         "(set one, see SECURITY.md, to serve the network)")


def new_session_key() -> str:
    return secrets.token_hex(8)
