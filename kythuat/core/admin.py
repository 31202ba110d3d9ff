"""The Django admin's titles: the product's name, not Django's, and Vietnamese names for the
sections that installed packages add (sign-in protection, API tokens), whose own catalogues
have no Vietnamese."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Kỹ Thuật – system administration")
admin.site.site_title = _("Kỹ Thuật administration")
admin.site.index_title = _("Records kept by the system administrator")

# app label → its name; (app label, model) → the model's plural name
APP_NAMES = {
    "axes": _("Sign-in protection"),
    "authtoken": _("API tokens"),
}
MODEL_NAMES = {
    ("axes", "AccessAttempt"): _("Failed sign-in attempts"),
    ("axes", "AccessLog"): _("Sign-in log"),
    ("axes", "AccessFailureLog"): _("Failed sign-ins"),
    ("authtoken", "TokenProxy"): _("API tokens"),
    ("authtoken", "Token"): _("API tokens"),
}

_get_app_list = admin.site.get_app_list


def get_app_list(request, app_label=None):
    """The admin's index and side bar, with the names above in place of the packages' own."""
    app_list = _get_app_list(request, app_label)
    for app in app_list:
        app["name"] = str(APP_NAMES.get(app["app_label"], app["name"]))
        for model in app["models"]:
            key = (app["app_label"], model["object_name"])
            model["name"] = str(MODEL_NAMES.get(key, model["name"]))
    return app_list


admin.site.get_app_list = get_app_list
