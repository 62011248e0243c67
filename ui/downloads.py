"""Download buttons for tables. The hook engineer E extends with .xlsx (analysis/export): pages
call only `download_buttons(df, name)`, so new formats appear on every page at once."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.i18n import t
from ui import selection


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Vietnamese text correctly; `;` and a decimal comma as Excel
    expects under a Vietnamese locale (our own importer reads this form back too)."""
    return df.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def download_buttons(df: pd.DataFrame, name: str) -> None:
    """Buttons to download `df` (already with the columns the user should get) as `name`.csv."""
    lang = selection.current_lang()
    st.download_button(t("dl.csv", lang), data=csv_bytes(df), file_name=f"{name}.csv", mime="text/csv",
                       key=f"dl_csv_{name}", icon=":material/download:")
