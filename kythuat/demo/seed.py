"""Builds the whole demo through the services, deterministically (a fixed random seed)."""

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kythuat.catalog.models import UsageGroup
from kythuat.holdings import services as holdings_services
from kythuat.org import services as org_services
from kythuat.org.models import Unit, User

from .book import Book
from .catalogue import build_catalogue
from .extensions import seed_extensions
from .history import History
from .logins import DEMO_LOGINS, DEMO_PASSWORD, SUPERUSER
from .org_tree import Tree, TreeBuilder
from .plan import FIRST_YEAR, decision

SEED = 382  # Nghị quyết 382-NQ/ĐUQSTW, which the demo's books start after
MARKER_CODES = ("BQP", "QK1")  # if either exists, the demo (or a real tree) is there
STRENGTH_ROLES = ("province", "regiment", "battalion", "company")


@dataclass
class Summary:
    units: int
    types: int
    items: int
    documents: int
    lines: int
    users: list[str]
    skipped_users: list[str]


def demo_exists() -> bool:
    return Unit.objects.filter(code__in=MARKER_CODES).exists()


def seed(*, items: int, small: bool, progress: Callable[[str], None]) -> Summary:
    """Creates the demo; the caller runs it in one transaction and checks demo_exists()."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not secrets
    today = timezone.localdate()
    tree = TreeBuilder(small=small).build()
    progress(_("%(count)s units and their facilities") % {"count": len(tree.units)})
    kinds = build_catalogue()
    progress(_("%(count)s equipment types") % {"count": len(kinds)})
    created, skipped = create_users(tree)
    groups = {group.code: group for group in UsageGroup.objects.all()}
    book = Book(tree, kinds, groups)
    History(
        book=book,
        tree=tree,
        kinds=kinds,
        groups=groups,
        items=items,
        today=today,
        rng=rng,
        progress=progress,
    ).run()
    set_strengths(book, tree, rng)
    seed_extensions(tree=tree, book=book, groups=groups, today=today, seed=SEED, small=small,
                    progress=progress)
    held = sum(len(unit_items) for unit_items in book.items.values())
    return Summary(
        units=Unit.objects.within(tree.units["BQP"]).count(),  # with those closed since
        types=len(kinds),
        items=held,
        documents=book.documents,
        lines=book.lines,
        users=created,
        skipped_users=skipped,
    )


def create_users(tree: Tree) -> tuple[list[str], list[str]]:
    """The demo logins; an existing login name is left as it is."""
    created, skipped = [], []
    for login in DEMO_LOGINS:
        if User.objects.filter(username__iexact=login.username).exists():
            skipped.append(login.username)
            continue
        names = {
            "first_name": login.first_name,
            "last_name": login.last_name,
            "position": login.position,
        }
        if login.role == SUPERUSER:
            User.objects.create_superuser(login.username, "", DEMO_PASSWORD, **names)
        else:
            org_services.user_create(
                actor=None,
                username=login.username,
                password=DEMO_PASSWORD,
                unit=tree.units[login.unit_code],
                role=login.role,
                **names,
            )
        created.append(login.username)
    return created, skipped


def set_strengths(book: Book, tree: Tree, rng: random.Random) -> None:
    """Authorised strength of the main types per unit: some above, some below what is held."""
    start = dt.date(FIRST_YEAR, 1, 1)
    revised = dt.date(2021, 1, 1)
    for unit in tree.units.values():
        if tree.role.get(unit.pk) not in STRENGTH_ROLES:
            continue
        counts = Counter(item.type_id for item in book.held(unit))
        for type_id, count in counts.most_common(rng.randint(3, 6)):
            etype = book.kind_of[type_id].etype
            factor = rng.choice((0.8, 0.9, 1.0, 1.0, 1.1, 1.2, 1.3))
            holdings_services.authorized_strength_set(
                actor=None,
                unit=unit,
                type=etype,
                quantity=Decimal(round(count * factor)),
                valid_from=start,
                decision_ref="Quyết định "
                + decision(rng, start, "QĐ-BTTM", "Tổng Tham mưu trưởng"),
            )
            if rng.random() < 0.3:
                holdings_services.authorized_strength_set(
                    actor=None,
                    unit=unit,
                    type=etype,
                    quantity=Decimal(max(1, round(count * rng.choice((0.85, 1.15))))),
                    valid_from=revised,
                    decision_ref="Quyết định "
                    + decision(rng, revised, "QĐ-BTTM", "Tổng Tham mưu trưởng"),
                )
