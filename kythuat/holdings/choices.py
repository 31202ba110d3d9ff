from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("receipt")
    ISSUE = "issue", _("issue to a subordinate")
    TRANSFER = "transfer", _("transfer")
    RETURN = "return", _("return")
    GRADE_CHANGE = "grade_change", _("grade change")
    USAGE_CHANGE = "usage_change", _("usage group change")
    CONSUMPTION = "consumption", _("consumption")
    LOSS = "loss", _("loss")
    FOUND = "found", _("found")
    WRITE_OFF = "write_off", _("write-off")
    ADJUST_IN = "adjust_in", _("stocktake surplus")
    ADJUST_OUT = "adjust_out", _("stocktake shortage")


# What a kind does to the books: adds to the receiving unit, takes from the sending unit,
# moves from one to the other, or restates grade or usage group inside one unit.
INCREASES = {MovementKind.RECEIPT, MovementKind.FOUND, MovementKind.ADJUST_IN}
DECREASES = {MovementKind.CONSUMPTION, MovementKind.LOSS, MovementKind.WRITE_OFF,
             MovementKind.ADJUST_OUT}
MOVES = {MovementKind.ISSUE, MovementKind.TRANSFER, MovementKind.RETURN}
RESTATES = {MovementKind.GRADE_CHANGE, MovementKind.USAGE_CHANGE}

# Document number prefixes (phiếu nhập, phiếu xuất …).
NUMBER_PREFIX = {
    MovementKind.RECEIPT: "PN",
    MovementKind.ISSUE: "PX",
    MovementKind.TRANSFER: "ĐC",
    MovementKind.RETURN: "TL",
    MovementKind.GRADE_CHANGE: "PC",
    MovementKind.USAGE_CHANGE: "NSD",
    MovementKind.CONSUMPTION: "TH",
    MovementKind.LOSS: "MM",
    MovementKind.FOUND: "TT",
    MovementKind.WRITE_OFF: "LBC",
    MovementKind.ADJUST_IN: "KKT",
    MovementKind.ADJUST_OUT: "KKG",
}


class ReceiptSource(models.TextChoices):
    HIGHER_LEVEL = "higher_level", _("from the higher level")
    FACTORY = "factory", _("from a factory")
    PURCHASE = "purchase", _("purchase")
    OTHER = "other", _("other")


class ItemStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("in service")
    IN_REPAIR = "in_repair", _("in repair")
    WRITTEN_OFF = "written_off", _("written off")
    CONSUMED = "consumed", _("consumed")
    LOST = "lost", _("lost")
    VOID = "void", _("cancelled")


HELD_STATUSES = [ItemStatus.IN_SERVICE, ItemStatus.IN_REPAIR]


class LotStatus(models.TextChoices):
    NORMAL = "normal", _("normal")
    ISOLATED = "isolated", _("isolated pending recall")
    DISPOSAL_APPROVED = "disposal_approved", _("approved for disposal")
    DISPOSED = "disposed", _("disposed")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")
