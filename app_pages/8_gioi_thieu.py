"""Giới thiệu: what each index means, methodology notes and breaks, sources and licences."""
import streamlit as st

from analysis import config
from analysis.i18n import index_name, t
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
    _home(lang)


def _home(lang: str) -> None:
    """The home province and index as set (read from the environment, no database), and how to
    change them."""
    home = config.home()
    st.subheader(t("about.home", lang))
    unit = layout.md_escape(home.unit) if home.unit else t("about.home_unit_unset", lang)
    index = index_name(home.index_code, lang) if home.index_code else t("about.home_index_unset", lang)
    st.markdown(t("about.home_now", lang, unit=unit, index=layout.md_escape(index)))
    st.markdown(t("about.home_how", lang, unit_env=config.HOME_UNIT_ENV, index_env=config.HOME_INDEX_ENV))
    st.code(f'{config.HOME_UNIT_ENV}="Lạng Sơn" {config.HOME_INDEX_ENV}=PAPI ./scripts/run.sh', language="bash")


layout.page("about", body)
