"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables), and
those of the list exports added to org, catalog and holdings by this task.

The outside records are the shared world's (Lạng Sơn's items, lots, documents, strength).
"""

from kythuat.holdings.models import AuthorizedStrength

OBJECT: dict = {}
LIST: dict = {
    "reports:index": {"unit": True},
    "reports:increase-decrease": {"unit": True, "year": "2026"},
    "reports:increase-decrease-export": {"unit": True, "year": "2026"},
    "reports:grades": {"unit": True},
    "reports:grades-export": {"unit": True},
    "reports:strength": {"unit": True},
    "reports:strength-export": {"unit": True},
    "statistics-increase-decrease": {"unit": True, "year": "2026"},
    "statistics-grades": {"unit": True},
    "statistics-strength": {"unit": True},
    # List exports added by this task to org, catalog and holdings.
    "org:unit-export": {"q": "lang"},
    "org:unit-export-csv": {"q": "lang"},
    "org:user-export": {"unit": True},
    "org:user-export-csv": {"unit": True},
    "catalog:type-export": {"q": "secret"},
    "catalog:type-export-csv": {"q": "secret"},
    "catalog:branch-export": None,
    "catalog:branch-export-csv": None,
    "holdings:balance-export-csv": {"unit": True},
    "holdings:movement-export-csv": {"unit": True},
    "holdings:lot-export": None,
    "holdings:lot-export-csv": None,
    "holdings:period-close-export": None,
    "holdings:period-close-export-csv": None,
}
CREATE: dict = {
    "reports:strength-set": (AuthorizedStrength, lambda w: {
        "unit": w["unit"].pk, "type": w["type"].pk, "quantity": "5",
        "valid_from": "01/01/2026"}),
}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    pass
