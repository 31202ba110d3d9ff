from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kythuat.people"
    verbose_name = _("Technical staff")
