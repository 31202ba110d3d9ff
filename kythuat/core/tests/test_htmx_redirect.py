"""After an htmx form is saved the user sees the page again, even when the form sat on the page
it returns to."""

from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from kythuat.core.htmx import redirect_after_post


def _request(current: str = ""):
    headers = {"HX-Request": "true"}
    if current:
        headers["HX-Current-URL"] = current
    request = RequestFactory().post("/x/", headers=headers)
    request.htmx = HtmxDetails(request)
    return request


def test_a_form_on_the_same_page_refreshes_it():
    response = redirect_after_post(_request("http://h/reviews/1/#plan"), "/reviews/1/#members")
    assert response.headers["HX-Refresh"] == "true"


def test_another_page_is_a_client_redirect():
    response = redirect_after_post(_request("http://h/reviews/1/"), "/reviews/2/#plan")
    assert response.headers["HX-Redirect"] == "/reviews/2/#plan"
    plain = redirect_after_post(_request(), "/reviews/1/#plan")
    assert plain.headers["HX-Redirect"] == "/reviews/1/#plan"
