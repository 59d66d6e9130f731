"""Text people type, cleaned the same way for every client (cards, text dialog, decisions).

:func:`clean_text` is the one place that decides which characters of a typed text are
kept: what is stored is what every client displays. Removed are the characters that
change how a text looks without being visible themselves, or that databases refuse:

* control characters (C0 but tab and newline, DEL, C1); carriage returns and the Unicode
  line/paragraph separators become newlines;
* format characters (Unicode category Cf): bidirectional embeddings, overrides, isolates
  and marks (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), zero-width space and
  joiners (U+200B–U+200D), word joiner (U+2060), byte order mark (U+FEFF), soft hyphen;
* lone surrogates (JSON may carry them; no database encoding can store them).

Letters are kept, composed (NFC): Swedish å ä ö, the Sami á č đ ŋ š ŧ ž, and any other
script, combining marks and emoji included.
"""

from __future__ import annotations

import re
import unicodedata

_ASCII_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS = {0x85: "\n", 0x2028: "\n", 0x2029: "\n"}
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_KEPT_CONTROLS = frozenset("\t\n")


def clean_text(text: str) -> str:
    """``text`` as Målbot stores it: line breaks unified, invisible and control
    characters removed (see the module doc), NFC, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        return _ASCII_CONTROLS.sub("", text).strip()
    text = text.translate(_LINE_BREAKS)
    # Most texts hold nothing to drop: every category removed (Cc, Cf, Cs) is one that
    # str.isprintable() refuses, so a text printable but for its tabs and newlines is
    # kept whole without looking at each character in Python.
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = "".join(ch for ch in text if ch in _KEPT_CONTROLS
                       or unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return unicodedata.normalize("NFC", text).strip()
