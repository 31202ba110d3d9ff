import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


def test_the_language_switch_gives_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("login"))
    assert page["Content-Language"] == "en"
    assert "Log in" in page.content.decode()
