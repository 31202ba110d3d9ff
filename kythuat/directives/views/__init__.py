"""The directive screens: directives.py (list, page, cascade, forms), clauses.py."""
