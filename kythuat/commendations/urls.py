app_name = "commendations"
urlpatterns: list = []
