"""User-supplied text made safe for Streamlit's Markdown (names of units, criteria, agencies,
files): every element that shows such text escapes it here."""
from __future__ import annotations

import re

# The characters that can start Markdown syntax (* _ [ ] ( ) # ` | ~, list markers + - . !, = for
# headings), HTML and entities (< > &), Streamlit's LaTeX ($) and its :icon: / :color[...] forms.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&])")


def md_escape(text) -> str:
    """User-supplied text (unit, criterion, agency names, sources) made literal for st.markdown,
    st.caption, st.info ... : every Markdown/HTML special character is backslash-escaped, so
    `**X** <img onerror=...>` shows as typed and never as bold, a link, an image or HTML."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text)).replace("\n", "  \n")
