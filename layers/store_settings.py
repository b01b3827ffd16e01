"""Settings kept inside the store (table ``setting``: key → JSON value).

What belongs to a city rather than to one technician's QGIS profile lives here, so everyone using
the store (and a copied store) sees the same: the maintenance plan's urgency weights, the cover
cases' response and fix time limits, and so on. Each module owning a setting documents its key and
default; :func:`get` returns the default when the store has no row. Writes go through the store
(validated, one transaction, audited like any other row). No QGIS import.
"""
from __future__ import annotations

import json
import uuid
from typing import Any

from ..core.validation import ValidationError

TABLE = "setting"


def get(store, key: str, default: Any = None) -> Any:
    """The JSON value of ``key``, or ``default`` when it is not set."""
    # store.rows: JSON as text on both backends (a raw query gives PostgreSQL's jsonb as a dict)
    row = next(store.rows(TABLE, "key = ?", (key,), columns=("value",)), None)
    if row is None or row["value"] is None:
        return default
    try:
        return json.loads(row["value"])
    except ValueError:
        raise ValidationError(TABLE, key, "value", "is not valid JSON") from None


def set(store, key: str, value: Any) -> None:  # noqa: A001 - the module is used as store_settings.set
    """Store ``value`` (anything JSON can hold) under ``key``, replacing what was there."""
    if not isinstance(key, str) or not key.strip():
        raise ValidationError(TABLE, "new", "key", "is required")
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError) as e:
        raise ValidationError(TABLE, key, "value", f"cannot be stored as JSON ({e})") from None
    with store.transaction():
        row = store.execute(f'SELECT uid FROM "{TABLE}" WHERE key = ?', (key,)).fetchone()
        if row is None:
            store.insert(TABLE, [{"uid": str(uuid.uuid4()), "key": key, "value": text}])
        else:
            store.update(TABLE, row[0], {"value": text})


def unset(store, key: str) -> bool:
    """Remove ``key`` (back to the default); True when there was a row."""
    with store.transaction():
        row = store.execute(f'SELECT uid FROM "{TABLE}" WHERE key = ?', (key,)).fetchone()
        if row is None:
            return False
        store.delete(TABLE, [row[0]])
        return True
