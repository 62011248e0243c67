"""Who may change the data: editors only. Upload/import and undo are shown to an editor; viewers
see the history and the templates. The decision itself is `analysis.access.editor_policy`; this
module gathers what it needs and draws the sign-in.

An editor is configured by
- `PARDASH_EDITOR_PASSWORD` (environment; hashed in memory once, compared only as a hash),
- `PARDASH_EDITOR_PASSWORD_HASH` or `editor_password_hash` in `.streamlit/secrets.toml` (a salted
  scrypt hash made by `python -m analysis hash-password`; a plain `editor_password` is refused),
- `editor_emails` in the secrets: users whose `st.user` email (st.login/OIDC, or a reverse
  proxy's header mapped by `server.trustedUserHeaders`) is listed edit without the password.
With none of them everyone may edit, but only while the server listens on this machine alone.
Anything unreadable or untrustworthy locks editing and says why (fails closed). Wrong passwords
are slowed down and locked out per session, per address and per process (`analysis.access.Guard`).
"""
from __future__ import annotations

import logging
import math
import os
import time

import streamlit as st
from streamlit import config

from analysis import access
from analysis.i18n import t
from ui.markup import md_escape

ENV = access.ENV_PASSWORD
_SIGNED_IN = "_editor_signed_in"
_SESSION_KEY = "_editor_guard_key"
_PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-Ip")

_clock = time.monotonic  # injected by tests, so waits are counted rather than slept
_guard = access.Guard()  # one per server process: every session's wrong passwords
_log = logging.getLogger(__name__)


def reset_attempts() -> None:
    """Forget every wrong password (tests; a restart does the same)."""
    global _guard
    _guard = access.Guard()


def policy() -> access.EditorPolicy:
    """Who may edit now: read the secrets files and the environment on every run, so a file
    broken while the app runs locks editing at once."""
    values, problem = access.read_secrets(config.get_option("secrets.files"))
    if problem is None and _has_secret_folders():
        try:  # Kubernetes-style secret folders: Streamlit reads those
            values = {**values, **st.secrets.to_dict()}
        except Exception as exc:  # noqa: BLE001 - any failure to read secrets locks editing
            problem = str(exc).splitlines()[0]
    return access.editor_policy(os.environ, values, secrets_problem=problem,
                                listen_address=config.get_option("server.address"), proxied=_proxied())


def _has_secret_folders() -> bool:
    return any(os.path.isdir(p) for p in config.get_option("secrets.files"))


def _proxied() -> bool:
    """A request relayed by a reverse proxy comes from the network even if the proxy is local."""
    try:
        headers = st.context.headers
    except Exception:  # noqa: BLE001 - no request (bare or test run): not proxied
        return False
    return any(isinstance(headers.get(h), str) and headers.get(h) for h in _PROXY_HEADERS)


def editor_password() -> str | None:
    """The configured editor password hash, or None (kept for callers of the old name)."""
    return policy().password_hash


def can_edit(lang: str) -> bool:
    """True when this session may change the data; otherwise draws the sign-in or says why not."""
    rule = policy()
    if rule.mode == "open":
        st.caption(t("auth.single_user", lang))
        return True
    if rule.mode == "locked":
        st.session_state[_SIGNED_IN] = False
        detail = {k: str(v).replace("`", "'") for k, v in rule.detail.items()}  # shown in a code span
        st.warning(t(rule.reason, lang, **detail), icon=":material/lock:")
        return False
    if _named_editor(rule):
        st.caption(t("auth.signed_in_as", lang, who=md_escape(_user_email())))
        return True
    if st.session_state.get(_SIGNED_IN):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(t("auth.signed_in", lang))
        if right.button(t("auth.sign_out", lang), key="editor_sign_out", type="tertiary"):
            st.session_state[_SIGNED_IN] = False
            st.rerun()
        return True
    if rule.password_hash is None:
        st.info(t("auth.viewer_login", lang), icon=":material/lock:")
        return False
    if _sign_in_form(rule.password_hash, lang):
        st.session_state[_SIGNED_IN] = True
        st.rerun()  # redraw the page with the editor's controls and without the form
    return False


def _user_email() -> str:
    try:
        email = st.user.get("email")
    except Exception:  # noqa: BLE001 - no user information in this run
        return ""
    return str(email).strip().lower() if email else ""


def _named_editor(rule: access.EditorPolicy) -> bool:
    email = _user_email()
    return bool(email) and email in rule.editor_emails


def _client_keys() -> list[str]:
    """The session, and the address when the connection gives one (None on this machine)."""
    key = st.session_state.setdefault(_SESSION_KEY, access.new_session_key())
    keys = ["session:" + key]
    try:
        ip = st.context.ip_address
    except Exception:  # noqa: BLE001 - bare run: no address
        ip = None
    if isinstance(ip, str) and ip:
        keys.append("ip:" + ip)
    return keys


def _sign_in_form(stored_hash: str, lang: str) -> bool:
    st.info(t("auth.viewer", lang), icon=":material/lock:")
    with st.form("editor_sign_in", border=False):
        given = st.text_input(t("auth.password", lang), type="password", key="editor_password")
        submitted = st.form_submit_button(t("auth.sign_in", lang))
    if not submitted:
        return False
    keys, now = _client_keys(), _clock()
    verdict = _guard.check(keys, now)
    if not verdict.allowed:  # refused without checking: no answer to learn from while waiting
        st.error(_wait_text(verdict, lang, "auth.too_many"))
        return False
    ok = access.verify_password(given or "", stored_hash)
    _guard.record(keys, ok, now)
    if ok:
        return True
    _log.warning("wrong editor password from %s", ", ".join(keys))
    after = _guard.check(keys, now)
    st.error(t("auth.wrong", lang) if after.allowed else _wait_text(after, lang, "auth.wrong_wait"))
    return False


def _wait_text(verdict: access.Verdict, lang: str, key: str) -> str:
    if verdict.locked:
        return t("auth.locked_out", lang, minutes=max(1, math.ceil(verdict.wait_seconds / 60)))
    return t(key, lang, seconds=max(1, math.ceil(verdict.wait_seconds)))
