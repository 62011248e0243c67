"""Who may change the data: editors only. Upload/import and undo are shown to an editor; viewers
see the history and the templates.

The password comes from the environment variable PARDASH_EDITOR_PASSWORD, or from
`st.secrets["editor_password"]` when a secrets file exists. With neither (a local single-user
install) everyone may edit, and the data page says so.
"""
from __future__ import annotations

import hmac
import os

import streamlit as st

from analysis.i18n import t

ENV = "PARDASH_EDITOR_PASSWORD"
_SIGNED_IN = "_editor_signed_in"


def editor_password() -> str | None:
    """The configured editor password, or None when editing is open to everyone."""
    value = os.environ.get(ENV)
    if value:
        return value
    try:
        value = st.secrets.get("editor_password")
    except Exception:  # no secrets file (FileNotFoundError / StreamlitSecretNotFoundError): not set
        return None
    return str(value) if value else None


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the answer's timing does not reveal the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def can_edit(lang: str) -> bool:
    """True when this session may change the data; otherwise draws the editor sign-in."""
    expected = editor_password()
    if not expected:
        st.caption(t("auth.single_user", lang))
        return True
    if st.session_state.get(_SIGNED_IN):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(t("auth.signed_in", lang))
        if right.button(t("auth.sign_out", lang), key="editor_sign_out", type="tertiary"):
            st.session_state[_SIGNED_IN] = False
            st.rerun()
        return True
    signed_in = _sign_in_form(expected, lang)
    if signed_in:
        st.session_state[_SIGNED_IN] = True
        st.rerun()  # redraw the page with the editor's controls and without the form
    return False


def _sign_in_form(expected: str, lang: str) -> bool:
    st.info(t("auth.viewer", lang), icon=":material/lock:")
    with st.form("editor_sign_in", border=False):
        given = st.text_input(t("auth.password", lang), type="password", key="editor_password")
        submitted = st.form_submit_button(t("auth.sign_in", lang))
    if not submitted:
        return False
    if password_matches(given or "", expected):
        return True
    st.error(t("auth.wrong", lang))
    return False
