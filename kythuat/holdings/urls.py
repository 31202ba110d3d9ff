app_name = "holdings"
urlpatterns: list = []
