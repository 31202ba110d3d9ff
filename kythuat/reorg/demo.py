"""Demo reorganisations of Quân khu 1 in 2026, after the 2025 reorganisation that the demo
applies in the middle of its books (`kythuat/demo/reorg2025.py`, DOMAIN.md §9): the years up to
2025 are closed, so the decisions recorded here fall in the open year. The demo's tree and book
then follow the applied decisions (`context.follow`), so the apps seeded later see the
successors.

- 01/06/2026, applied: Kho K22 is dissolved into the Bộ CHQS tỉnh Cao Bằng; its equipment is
  handed over in the ledger and the depot building goes with it (the contents stay in place).
- 01/09/2026, applied: in Lạng Sơn, the last Ban CHPTKV is merged into the one before it;
  its communes go on under the successor, its users are moved.
- 01/01/2027, announced: the merged Ban CHPTKV takes a name covering both areas.

"As it is", the history of the depot and of the merged Ban CHPTKV rolls into their successors.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kythuat.org.models import Unit

from . import services
from .models import Change, Reorganisation

D = dt.date


def _decision(region: Unit, number: str, title: str, signed: dt.date, effective: dt.date
              ) -> Reorganisation:
    return services.decision_create(actor=None, issuer=region, number=number, title=title,
                                    signed_on=signed, effective_on=effective)


def _try_apply(decision: Reorganisation, today: dt.date) -> str:
    """Applies the decision; one refused (an isolated lot that may not move, an open
    stocktake) is cancelled and named in the progress line instead of stopping the demo."""
    try:
        with transaction.atomic():
            services.decision_apply(actor=None, decision=decision, today=today)
    except ValidationError as error:
        services.decision_cancel(actor=None, decision=decision)
        return f"{decision.number}: {' '.join(error.messages)[:120]}"
    return ""


def seed(context) -> str:
    tree, today = context.tree, context.today
    region = tree.units["QK1"]
    applied, announced, problems = 0, 0, []
    depot = tree.units.get("QK1-CB-K22")
    if depot is not None and today >= D(2026, 6, 1):
        decision = _decision(region, "1260/QĐ-BTL",
                             "Giải thể Kho K22, chuyển VKTBKT và kho tàng về Bộ CHQS tỉnh "
                             "Cao Bằng", D(2026, 5, 15), D(2026, 6, 1))
        services.change_add(actor=None, decision=decision, kind=Change.Kind.DISSOLVE,
                            unit=depot, successor=depot.parent)
        problem = _try_apply(decision, today)
        applied += not problem
        problems += [problem] if problem else []
    areas = [u for u in tree.of_role("ptkv") if u.code.startswith("QK1-LS-")]
    areas.sort(key=lambda u: u.code)
    if len(areas) >= 2 and today >= D(2026, 9, 1):
        merged, successor = areas[-1], areas[-2]
        decision = _decision(region, "2150/QĐ-BTL",
                             f"Hợp nhất {merged.name} vào {successor.name}",
                             D(2026, 8, 15), D(2026, 9, 1))
        services.change_add(actor=None, decision=decision, kind=Change.Kind.MERGE,
                            unit=merged, successor=successor)
        problem = _try_apply(decision, today)
        applied += not problem
        problems += [problem] if problem else []
        if not problem:
            place = successor.name.split(" - ", 1)[-1]
            other = merged.name.split(" - ", 1)[-1]
            renaming = _decision(region, "2611/QĐ-BTL", f"Đổi tên {successor.name}",
                                 D(2026, 11, 20), D(2027, 1, 1))
            number = successor.name.split(" - ", 1)[0]
            services.change_add(actor=None, decision=renaming, kind=Change.Kind.RENAME,
                                unit=successor, name=f"{number} - {place} - {other}",
                                short_name=f"PTKV - {place} - {other}"[:60])
            services.decision_announce(actor=None, decision=renaming)
            announced = 1
    follow = getattr(context, "follow", None)
    if follow is not None:
        follow(list(Reorganisation.objects.filter(
            number__in=["1260/QĐ-BTL", "2150/QĐ-BTL"], status=Reorganisation.Status.APPLIED)))
    line = _("Reorganisations: %(applied)s decisions applied, %(announced)s announced") % {
        "applied": applied, "announced": announced}
    if problems:
        line += _(" (refused: %(problems)s)") % {"problems": "; ".join(problems)}
    return line
