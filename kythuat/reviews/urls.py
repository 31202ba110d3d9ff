from .views import report_urls, review_urls

app_name = "reviews"
urlpatterns = [*review_urls.urlpatterns, *report_urls.urlpatterns]
