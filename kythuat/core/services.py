from typing import Any

from django.db import models


def model_update(
    *, instance: models.Model, fields: list[str], data: dict[str, Any]
) -> dict[str, list[Any]]:
    """Sets the given fields from data, saves the changed ones, returns {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for field in fields:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if old != new:
            changes[field] = [old, new]
            setattr(instance, field, new)
    if changes:
        instance.full_clean()
        stamp = ["updated_at"] if hasattr(instance, "updated_at") else []
        instance.save(update_fields=[*changes, *stamp])
    return changes
