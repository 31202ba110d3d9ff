"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

import datetime as dt

from kythuat.stocktake.models import CountLine, Stocktake

_STOCKTAKE = [
    "stocktake-detail", "stocktake-edit", "member-add", "stocktake-start", "stocktake-finish",
    "stocktake-reopen", "stocktake-approve", "stocktake-cancel", "stocktake-variances",
    "stocktake-variance-export", "stocktake-record", "stocktake-sheets-export",
    "stocktake-import",
]
OBJECT: dict = {
    **{f"stocktake:{name}": "stocktake" for name in _STOCKTAKE},
    "stocktake:member-remove": "stocktake_member",
    "stocktake:sheet-detail": "stocktake_sheet", "stocktake:sheet-export": "stocktake_sheet",
    "stocktake:sheet-line-add": "stocktake_sheet", "stocktake:sheet-fill": "stocktake_sheet",
    "stocktake:line-edit": "stocktake_line", "stocktake:line-delete": "stocktake_line",
    "stocktake-detail": "stocktake", "stocktake-sheet-detail": "stocktake_sheet",
    "stocktake-sheet-count": "stocktake_sheet",
}
LIST: dict = {
    "stocktake:stocktake-list": {"unit": True, "q": "secret"},
    "stocktake:stocktake-export": {"unit": True},
    "stocktake:stocktake-create": None,
    "stocktake-list": None, "stocktake-sheet-list": None,
}
CREATE: dict = {
    "stocktake:stocktake-create": (Stocktake, lambda w: {
        "unit": w["unit"].pk, "kind": "ad_hoc", "as_of": "01/03/2026", "title": "X"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    from kythuat.stocktake import services

    stocktake = services.stocktake_create(
        actor=None, unit=world["unit"], kind="ad_hoc", as_of=dt.date(2026, 2, 1),
        title="SECRET-A kiểm kê đột xuất", decision_ref="SECRET-A QĐ")
    member = services.member_add(actor=None, stocktake=stocktake, name="SECRET-A Trưởng ban",
                                 role="chair")
    services.stocktake_start(actor=None, stocktake=stocktake)
    lines = list(CountLine.objects.filter(sheet__stocktake=stocktake))
    for line in lines:
        services.line_count(actor=None, line=line,
                            count=services.LineCount(counted=line.booked))
    services.stocktake_finish(actor=None, stocktake=stocktake)
    services.stocktake_approve(actor=None, stocktake=stocktake)
    world.update({"stocktake": stocktake, "stocktake_member": member,
                  "stocktake_sheet": lines[0].sheet, "stocktake_line": lines[0]})
