"""Giới thiệu: what each index means, methodology notes and breaks, sources and licences."""
import streamlit as st

from analysis.i18n import t
from ui import layout


def body(lang: str, ws: str) -> None:
    st.markdown(t("app.subtitle", lang))
    st.subheader(t("about.indices", lang))
    for key in ("about.par", "about.sipas", "about.papi", "about.pci"):
        st.markdown(t(key, lang))
    st.subheader(t("about.method", lang))
    st.markdown(t("about.breaks", lang))
    st.subheader(t("about.sources", lang))
    st.markdown(t("about.licences", lang))
    with st.expander(t("about.readme", lang)):
        st.markdown(layout.bundled_readme())


layout.page("about", body)
