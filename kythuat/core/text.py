"""Vietnamese text helpers: folding for diacritic-insensitive search."""

import re
import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics, đ→d, collapse spaces: "Súng  ĐKZ" → "sung dkz"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def file_slug(text: str | None) -> str:
    """A file name stem that keeps Vietnamese readable: "Biên bản bàn giao 00012/ĐC" →
    "bien-ban-ban-giao-00012-dc" (Django's slugify alone drops "đ", which has no accent to
    strip)."""
    from django.utils.text import slugify

    return slugify(fold(text))


def nfc(text: str | None) -> str:
    """NFC form with surrounding spaces removed; NFD input from old files becomes NFC."""
    return unicodedata.normalize("NFC", text or "").strip()


# Control characters ------------------------------------------------------------------------

# C0 controls but tab, newline and carriage return; DEL and the C1 controls; lone surrogates
# (JSON can carry "\ud800"); the two non-characters U+FFFE and U+FFFF. None of them can be
# typed on purpose, XML (so xlsx and docx) cannot hold them, and PostgreSQL refuses NUL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_control(text: str) -> str:
    """The text without control characters (pasted from other programs, never meant)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


# Serial numbers ----------------------------------------------------------------------------

# Characters that show nothing: zero-width space, non-joiner, joiner, word joiner, invisible
# operators, byte order mark, soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# Every dash and minus that looks like "-": hyphen, non-breaking hyphen, figure dash, en and
# em dash, horizontal bar, minus sign, small and full-width hyphen-minus (NFKC maps some).
_DASHES = re.compile("[\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d]")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def normalize_serial(serial: str | None) -> str:
    """One spelling of a serial number, however it was typed or pasted: NFKC (full-width
    digits become digits), no invisible characters, every dash a "-" with no spaces around
    it, single spaces, trimmed. "AK - 47" with an en dash, with a zero-width space or with
    full-width digits is "AK-47"."""
    if not serial:
        return ""
    text = unicodedata.normalize("NFKC", strip_control(serial))
    text = _DASHES.sub("-", _INVISIBLE.sub("", text))
    text = _SPACED_HYPHEN.sub("-", text)
    return " ".join(text.split())


def serial_key(serial: str | None) -> str:
    """What two serial numbers share when they are the same one: the normalized serial,
    folded (case and diacritics ignored). Stored as Item.search_text."""
    return fold(normalize_serial(serial))
