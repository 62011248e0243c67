"""The deck as PDF, through LibreOffice.

This is the dependency-light route: no Python package renders .pptx, so the file is handed to
`libreoffice --headless --convert-to pdf` (about 1.6 s per deck on this machine). It needs
LibreOffice (Impress) installed on the server (`apt-get install libreoffice-impress`); without
it `deck_to_pdf` returns None and `PDF_UNAVAILABLE` says why, and the .pptx stays available.
Vietnamese renders correctly: LibreOffice substitutes Calibri by a font with the glyphs (DejaVu
Sans here) and embeds it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PDF_UNAVAILABLE = ("PDF export needs LibreOffice (libreoffice/soffice on PATH); "
                   "the .pptx deck is available without it.")
TIMEOUT_SECONDS = 120


def libreoffice_binary() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("libreoffice", "soffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def deck_to_pdf(pptx_bytes: bytes) -> bytes | None:
    """Convert a .pptx (bytes) to PDF bytes; None when LibreOffice is absent.

    Each call uses its own temporary folder and LibreOffice profile, so two conversions at the
    same time (two app sessions) do not fight over the shared user profile lock. Raises
    `RuntimeError` with LibreOffice's output if the conversion itself fails.
    """
    binary = libreoffice_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pardash-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "deck.pptx"
        source.write_bytes(pptx_bytes)
        profile = (folder / "profile").as_uri()
        cmd = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        env = dict(os.environ, HOME=str(folder))
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env)
        target = folder / "deck.pdf"
        if done.returncode != 0 or not target.exists():
            raise RuntimeError(f"LibreOffice could not convert the deck: {done.stdout}{done.stderr}".strip())
        return target.read_bytes()
