"""What the user is looking at: one value object passed from the sidebar to every page."""
from __future__ import annotations

from dataclasses import dataclass

MERGER_YEAR = 2025  # scores from this year on refer to the 34 provinces


def geography_of_year(year: int) -> str:
    """`vn63` for years up to 2024, `vn34` from 2025 (the province merger of 1 July 2025)."""
    return "vn34" if int(year) >= MERGER_YEAR else "vn63"


@dataclass(frozen=True)
class Selection:
    workspace: str = "real"          # 'real' | 'demo'
    index_code: str | None = None
    year: int | None = None
    unit_code: str | None = None
    peers: tuple[str, ...] = ()
    lang: str = "vi"                 # 'vi' | 'en'

    @property
    def geography(self) -> str | None:
        return geography_of_year(self.year) if self.year is not None else None
