"""How big a book may be, checked on the zip before any parsing.

A small xlsx can unpack to a huge sheet or to millions of shared strings: openpyxl reads every
shared string into memory when it opens the book, so a 137 KB file once took 44 s and 100 MB
of memory. The limits are counted on the raw XML (a regular expression over the stream), which
takes well under a second even at the limits, and the reading stops at the unpacked-size limit
whatever sizes the zip declares.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .sheetxml import count_elements

DEFAULT_MAX_ROWS = 100_000
DEFAULT_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_SHARED_STRINGS = 500_000
HEADER_ALLOWANCE = 30  # title and header rows above the data (reader.HEADER_SCAN_ROWS)
SHARED_STRINGS = "xl/sharedStrings.xml"


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def max_unzipped_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_UNZIPPED_BYTES", DEFAULT_MAX_UNZIPPED_BYTES))


def max_shared_strings() -> int:
    return int(getattr(settings, "IMPORT_MAX_SHARED_STRINGS", DEFAULT_MAX_SHARED_STRINGS))


def _too_big(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "Unpacked, the book is larger than %(limit)s, more than an import can read. "
            "Keep only the data sheet, split the rows into several files and upload them "
            "one by one."
        )
        % {"limit": filesizeformat(limit)},
        code="too_big_unzipped",
    )


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuses a book over the unpacked size, row or shared-string limits."""
    budget = max_unzipped_bytes()
    if sum(info.file_size for info in archive.infolist()) > budget:
        raise _too_big(budget)
    names = archive.namelist()
    try:
        if SHARED_STRINGS in names:
            with archive.open(SHARED_STRINGS) as source:
                strings = count_elements(source, b"si", max_bytes=budget)
            if strings > max_shared_strings():
                raise ValidationError(
                    _(
                        "The book holds %(count)s different texts; an import reads at most "
                        "%(limit)s. Keep only the data sheet, split the rows into several "
                        "files and upload them one by one."
                    )
                    % {"count": f"{strings:,}".replace(",", "."),
                       "limit": f"{max_shared_strings():,}".replace(",", ".")},
                    code="too_many_strings",
                )
        for name in names:
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with archive.open(name) as source:
                rows = count_elements(source, b"row", max_bytes=budget)
            if rows > max_rows() + HEADER_ALLOWANCE:
                raise ValidationError(
                    _(
                        "A sheet of the book has %(count)s rows; an import takes at most "
                        "%(limit)s rows. Split the rows into several files and upload them "
                        "one by one."
                    )
                    % {"count": f"{rows:,}".replace(",", "."),
                       "limit": f"{max_rows():,}".replace(",", ".")},
                    code="too_many_rows",
                )
    except OverflowError:
        raise _too_big(budget) from None
