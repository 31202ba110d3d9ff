"""Routes of the review screens (reviews, plans, committee, submissions)."""

urlpatterns: list = []
