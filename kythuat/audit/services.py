import datetime as dt
import decimal
from typing import Any

from django.db import models

from .models import AuditEvent


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value: model instances by their text, dates ISO."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    unit: Any = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
) -> AuditEvent:
    """Writes one audit row in the caller's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        unit=unit,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        changes={field: [_plain(old), _plain(new)]
                 for field, (old, new) in (changes or {}).items()},
        note=note,
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, list[Any]]:
    """Changes for a newly created row: every given field from nothing to its value."""
    return {field: [None, getattr(instance, field)] for field in fields}
