"""This app's cases for tests/test_scoping_routes.py (see its docstring for the tables).

`extend_world(world)` adds this app's records of Lạng Sơn (outside the tester's subtree) to the
shared `world` dict; OBJECT values are keys of that dict.
"""

OBJECT: dict = {}
LIST: dict = {}
CREATE: dict = {}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    pass
