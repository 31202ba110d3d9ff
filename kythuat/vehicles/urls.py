from django.urls import path  # noqa: F401

app_name = "vehicles"
urlpatterns: list = []
