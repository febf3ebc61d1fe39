"""Text at the edge: what every surface does to a person's message before anything parses or stores it."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls except tab and newlines, DEL, lone surrogates, and the invisible format characters
# that hide text (zero-width spaces and joiners, bidirectional overrides, BOM).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_text(raw: str) -> str:
    """Remove control and invisible format characters; NFC-normalise. The same on every database."""
    return unicodedata.normalize("NFC", _CONTROL.sub("", raw))
