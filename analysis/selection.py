"""What the user is looking at: one value object passed from the sidebar to every page."""
from __future__ import annotations

from dataclasses import dataclass

from analysis.geo import geography_of_year


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
