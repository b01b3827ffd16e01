"""What every store backend (GeoPackage, PostGIS) shares: one connection, closed once, a context manager."""
from __future__ import annotations

import struct

from ..core import geometry as geo
from ..core import schema as S
from ..core.validation import ValidationError


class StoreBase:
    """A store over one DB-API connection (``self._conn``)."""

    _conn = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @staticmethod
    def _order_limit(table: str, known, order_by, limit, offset, quote) -> str:
        """`` ORDER BY … LIMIT … OFFSET …`` of a rows() query: ``order_by`` field names, ``-name``
        descending; a name the table lacks raises KeyError."""
        sql = ""
        if order_by:
            keys = []
            for key in order_by:
                name = key.lstrip("-")
                if name not in known:
                    raise KeyError(f"{table} has no field {name!r}")
                keys.append(quote(name) + (" DESC" if key.startswith("-") else ""))
            sql += " ORDER BY " + ", ".join(keys)
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return sql

    @staticmethod
    def _checked_wkb(t: S.Table, g, where) -> tuple:
        """(WKB, type name, bbox) of a row's geometry, checked against the table's geometry type;
        ValidationError naming the row and ``geom`` otherwise."""
        try:
            wkb = geo.to_wkb(g)
            gtype, bbox = geo.wkb_info(wkb)
        except (ValueError, struct.error) as e:
            raise ValidationError(t.name, where, "geom", f"is not a valid geometry ({e})") from None
        if gtype != t.geometry:
            raise ValidationError(t.name, where, "geom", f"is a {gtype}, the table holds {t.geometry}")
        return wkb, gtype, bbox
