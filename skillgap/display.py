"""Terminal column helpers that count Hangul and other wide characters as two cells."""
from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Return how many terminal cells `text` takes (East Asian wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, cells: int) -> str:
    """Return `text` padded with spaces to `cells` terminal cells (unchanged when already wider)."""
    return text + " " * max(cells - width(text), 0)
