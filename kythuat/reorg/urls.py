from django.urls import path  # noqa: F401

app_name = "reorg"
urlpatterns: list = []
