"""Routes of the report screens (sections, figures, issue, compare, Word)."""

urlpatterns: list = []
