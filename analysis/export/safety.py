"""The formula-injection guard shared by the CSV and xlsx writers.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, a tab
or carriage return) as a formula. Unit and criterion names come from users' import files, so a
name such as `=HYPERLINK(...)` must reach the reader as text, never as a formula (OWASP "CSV
injection").
"""
from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# XML 1.0 (xlsx, pptx) cannot hold C0 control characters other than tab, newline and carriage
# return; a stored name may contain them (imports keep text literally), so exports show U+FFFD.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read `text` as the start of a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Prefix a formula-like text with an apostrophe (the CSV route: Excel shows the text as is)."""
    return "'" + text if is_formula_like(text) else text


def xml_safe(text: str) -> str:
    """`text` with the characters XML cannot hold replaced by U+FFFD (visible, not dropped)."""
    return _XML_ILLEGAL.sub("\ufffd", text)
