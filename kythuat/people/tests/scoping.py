"""Scoping cases of this app for tests/test_scoping_routes.py."""

OBJECT: dict = {}
LIST: dict = {}
CREATE: dict = {}
REFERENCE: set = set()
