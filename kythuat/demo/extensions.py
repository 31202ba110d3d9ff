"""The demo content of the other apps (facilities' records, maintenance, vehicles, ammunition,
stocktakes, documents …), each built by the app's own `demo.py` after the books exist.

An app's `demo.py` defines `seed(context: DemoContext) -> str`, creating its records through
its services from what the books hold, and returns one line for the progress output. Each app
gets its own random generator, so adding content to one app does not change another's.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec

from kythuat.catalog.models import UsageGroup

from .book import Book
from .org_tree import Tree
from .reorg2025 import follow

# The 2026 reorganisations (reorg) come before the apps whose records they would contradict:
# a lot isolated or a stocktake opened after a depot was dissolved.
APPS = ("storage", "maintenance", "vehicles", "reorg", "ammunition", "documents", "stocktake",
        "reports", "imports", "jobs", "indicators", "directives", "targets", "reviews",
        "commendations", "initiatives", "campaign", "people", "training", "reviews.report_demo",
        "documents.inbox_demo")


@dataclass
class DemoContext:
    tree: Tree  # units by code, their roles, facilities, provinces, regiments
    book: Book  # what each unit holds now (items, stock, lots), mirrored while seeding
    groups: dict[str, UsageGroup]
    today: dt.date
    rng: random.Random
    small: bool
    # Brings the tree and book in line with applied reorganisation decisions (reorg2025.follow)
    follow: Callable[[list], None] = lambda decisions: None


def seed_extensions(*, tree: Tree, book: Book, groups: dict[str, UsageGroup], today: dt.date,
                    seed: int, small: bool, progress: Callable[[str], None]) -> None:
    for app in APPS:
        # "app" runs the app's demo.py; "app.module" a second step of an app that must run
        # after the others (the review reports, issued with every figure the records hold).
        name = f"kythuat.{app}" if "." in app else f"kythuat.{app}.demo"
        if find_spec(name) is None:
            continue
        context = DemoContext(tree=tree, book=book, groups=groups, today=today,
                              rng=random.Random(f"{seed}-{app}"), small=small,  # noqa: S311
                              follow=lambda decisions: follow(tree, book, decisions))
        progress(import_module(name).seed(context))
