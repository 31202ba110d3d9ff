from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "kythuat.people"
    verbose_name = _("Technical staff")

    def ready(self) -> None:
        from kythuat.catalog.forms import register_reference

        from . import indicators  # noqa: F401  (indicators and certificate alerts)
        from .models import CertificateKind, ExamRule, PassRule, PersonCategory, Trade

        register_reference(
            "person-category", PersonCategory, ["code", "name", "order", "is_active"],
            title=_("Categories of technical staff"),
            help_text=_("Technical officers, QNCN, defence workers, defence civil servants, "
                        "soldiers with a technical duty."))
        register_reference(
            "trade", Trade, ["code", "name", "ladder_size", "order", "is_active"],
            title=_("Trades and their skill ladders"),
            help_text=_("Each trade with the number of its skill levels (2 to 7, NĐ 83/2016, "
                        "TT 41/2017); the lower half of the ladder is the low band."))
        register_reference(
            "exam-rule", ExamRule,
            ["trade", "band", "min_months", "training_required", "is_active"],
            title=_("Who may sit the exam to raise a level"),
            help_text=_("Minimum months at the level held and whether a training course is "
                        "required, by trade (empty: every trade) and band of the level held."))
        register_reference(
            "exam-pass-rule", PassRule,
            ["name", "max_mark", "theory_min", "practice_min", "is_active"],
            title=_("Pass marks of the exam to raise a level"),
            help_text=_("The active rule is copied onto each new exam session."))
        register_reference(
            "certificate-kind", CertificateKind,
            ["code", "name", "validity_months", "warn_days", "order", "is_active"],
            title=_("Kinds of certificate and qualification"),
            help_text=_("With their usual validity and how many days before expiry they "
                        "appear on the dashboard's alerts."))
