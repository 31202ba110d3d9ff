"""Vietnamese text helpers: folding for diacritic-insensitive search."""

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics, đ→d, collapse spaces: "Súng  ĐKZ" → "sung dkz"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def nfc(text: str | None) -> str:
    """NFC form with surrounding spaces removed; NFD input from old files becomes NFC."""
    return unicodedata.normalize("NFC", text or "").strip()
