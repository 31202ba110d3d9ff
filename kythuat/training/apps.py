from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "kythuat.training"
    verbose_name = _("Technical training and contests")
