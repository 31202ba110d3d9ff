"""This app's cases for tests/test_scoping_routes.py: the review screens' cases and the report
screens' cases, each kept beside its own tests."""

from . import scoping_reports, scoping_reviews

OBJECT: dict = {**scoping_reviews.OBJECT, **scoping_reports.OBJECT}
LIST: dict = {**scoping_reviews.LIST, **scoping_reports.LIST}
CREATE: dict = {**scoping_reviews.CREATE, **scoping_reports.CREATE}
REFERENCE: set = scoping_reviews.REFERENCE | scoping_reports.REFERENCE


def extend_world(world: dict) -> None:
    for part in (scoping_reviews, scoping_reports):
        if hasattr(part, "extend_world"):
            part.extend_world(world)
