"""python -m bench.imports [--rows N] [--template items|opening] [--db sqlite|postgres] [--keep]

Times the Excel import end to end on a fresh database: generates an xlsx of N rows (items by
serial number, or opening balances of lot-tracked ammunition), then uploads it (file checks,
header found, columns mapped), checks every row and posts it in one transaction, as the
screens and `manage.py import_xlsx` do. The target: 100,000 rows checked and posted in under
60 s on SQLite.
"""

import argparse
import io
import sys
import time
from pathlib import Path

from . import db

TMP = Path("/tmp")  # noqa: S108  the brief's place for throwaway benchmark databases


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__.split("\n\n")[1]
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--template", choices=["items", "opening"], default="items")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--name", help="SQLite file or PostgreSQL database name")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    return parser.parse_args(argv)


def build_file(template: str, rows: int) -> bytes:
    """Written in streaming mode, dates as text dd/mm/yyyy, as a unit's clerk would type."""
    from openpyxl import Workbook

    from kythuat.imports.specs import template as template_of

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dữ liệu")
    sheet.append([str(field.header) for field in template_of(template).fields])
    units = ["BENCH-1", "BENCH-2", "BENCH-3", "BENCH-4"]
    for n in range(rows):
        unit = units[n % len(units)]
        if template == "items":
            sheet.append(
                [
                    unit,
                    "BENCH-AK",
                    f"BA-{n:07d}",
                    1990 + n % 30,
                    1 + n % 4,
                    "SSCĐ" if n % 3 else "Huấn luyện",
                    "",
                    "10/01/2026",
                    "",
                ]
            )
        else:
            sheet.append(
                [
                    unit,
                    "BENCH-DAN",
                    f"L-{n % 2000:05d}",
                    str(10 + n % 90),
                    1 + n % 4,
                    "Dự trữ",
                    "",
                    "10/01/2026",
                    "",
                ]
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_dimension(buffer.getvalue(), rows + 1)


def _with_dimension(content: bytes, rows: int) -> bytes:
    """openpyxl's streaming writer leaves out <dimension>, which Excel and LibreOffice always
    write; without it openpyxl reads the whole sheet to size it each time a book is opened."""
    import zipfile

    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = (
                    data.replace(
                        b"<sheetData", f'<dimension ref="A1:I{rows}"/><sheetData'.encode(), 1
                    )
                    if b"<dimension" not in data
                    else data
                )
            new.writestr(info.filename, data)
    return target.getvalue()


def setup_org():
    from kythuat.catalog.models import Branch, EquipmentType, Tracking
    from kythuat.org.models import Role, Unit, UnitKind, User

    kind = UnitKind.objects.order_by("order").first()
    top = Unit.objects.create(code="BENCH", name="Đơn vị đo", kind=kind)
    for n in range(1, 5):
        Unit.objects.create(code=f"BENCH-{n}", name=f"Đơn vị đo {n}", kind=kind, parent=top)
    branch = Branch.objects.order_by("order").first()
    EquipmentType.objects.create(
        symbol="BENCH-AK", name="Súng đo", branch=branch, uom="khẩu", tracking=Tracking.SERIAL
    )
    EquipmentType.objects.create(
        symbol="BENCH-DAN", name="Đạn đo", branch=branch, uom="viên", tracking=Tracking.LOT
    )
    user = User.objects.create(username="bench", unit=top, role=Role.OFFICER)
    return top, user


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    name = args.name or (
        str(TMP / "kythuat-bench-imports.sqlite3")
        if args.db == "sqlite"
        else "kythuat_bench_imports"
    )
    db.configure(args.db, name)
    db.create(args.db, name)
    import django

    django.setup()
    db.migrate()
    from django.db import connection

    from kythuat.holdings.models import LedgerEntry
    from kythuat.imports import services

    top, _user = setup_org()
    timings = []

    def step(label, action):
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        timings.append((label, time.perf_counter() - wall, time.process_time() - cpu))
        return result

    content = step(
        "generate the xlsx (not part of the import)", lambda: build_file(args.template, args.rows)
    )
    imp = step(
        "upload: file checks, header, mapping",
        lambda: services.import_upload(
            actor=None, unit=top, template=args.template, file_name="bench.xlsx", content=content
        ),
    )
    imp = step("check every row", lambda: services.import_check(actor=None, imp=imp))
    if imp.error_count:
        raise SystemExit(f"The generated rows have errors: {imp.errors[:3]}")
    imp = step(
        "post: documents from the checked rows, one transaction",
        lambda: services.import_confirm(actor=None, imp=imp),
    )
    check, post = timings[2][1], timings[3][1]
    entries = LedgerEntry.objects.count()
    print(
        f"\nExcel import, {args.rows:,} rows ({args.template}), {connection.vendor}, "
        f"{len(content) / 1e6:.1f} MB file"
    )
    print(f"  {'':<56} {'wall':>7}   {'CPU':>7}")
    for label, seconds, cpu in timings:
        print(f"  {label:<56} {seconds:7.1f} s {cpu:7.1f} s")
    print(f"  {'check + post':<56} {check + post:7.1f} s {timings[2][2] + timings[3][2]:7.1f} s")
    print(
        f"  documents posted: {len(imp.documents)}, ledger entries: {entries:,}, "
        f"rows posted: {imp.posted_count:,}"
    )
    if not args.keep:
        connection.close()
        db.drop(args.db, name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
