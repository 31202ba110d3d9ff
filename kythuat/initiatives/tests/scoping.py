OBJECT: dict = {}
LIST: dict = {}
CREATE: dict = {}
REFERENCE: set = set()


def extend_world(world: dict) -> None:
    """Adds this app's records outside the tester's subtree."""
