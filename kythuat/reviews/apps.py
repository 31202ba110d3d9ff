from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "kythuat.reviews"
    verbose_name = _("Reviews")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from .models import ReviewKind

        register_reference("review-kind", ReviewKind,
                           ["code", "name", "months", "order", "is_active"],
                           title=_("Review kinds"),
                           help_text=_("Quarterly, six-month and annual reviews, interim "
                                       "(sơ kết) and final (tổng kết) reviews over N years."))
