"""What the store's login may write, for the docks and dialogs that write (issue 8).

The plugin reads the login's rights and disables what it may not do; the database refuses it
anyway. :class:`Rights` answers ``can_write(table)`` from the store (PostGIS: the database's
grants, ``PgStore.can_write``; a writable GeoPackage allows everything, a read-only one nothing)
and words the refusal as the archive dock does — the login and its role::

    rights = Rights.of_store(store, writable)          # a store the caller keeps open
    rights = Rights.of_ref(ref, ("programme", …))       # opened, read and closed here
    rights.apply(button, ("cover_case",))               # enabled, or disabled with why as its tooltip
    rights.refusal(("cover_case",))                     # "" when the login may write them

The answers are cached: a role changes rarely, and the docks read the rights again when they are
given a store (or refreshed by hand).
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..core import schema as S
from ..i18n import tr, translate
from ..layers.errors import StoreError

#: the widget property keeping a button's own tooltip while the refusal is shown
TIP_PROPERTY = "sm_own_tip"


def table_label(table: str) -> str:
    try:
        return translate(S.TR_CONTEXT, S.table(table).label)
    except KeyError:
        return table


class Rights:
    """Which tables the login may write. ``store``: an open store asked for tables not read yet
    (None: only the tables read when the rights were made; others count as not writable)."""

    def __init__(self, store=None, writable: bool = True, user: str = "", role: str = "",
                 tables: Optional[dict] = None, known: bool = True):
        self.store = store
        self.writable = bool(writable)
        self.user = user
        self.role = role
        self.known = known  # False: the store could not be asked; nothing is disabled, the write will say why
        self._tables = dict(tables or {})

    # ------------------------------------------------------------------ making
    @classmethod
    def of_store(cls, store, writable: bool = True) -> Rights:
        """The rights of an open store the caller keeps open (tables asked on first use)."""
        return cls(store, writable, user=getattr(store, "user", "") or "")

    @classmethod
    def of_ref(cls, ref: str, tables: Iterable[str]) -> Rights:
        """Open the store named ``ref``, read the rights to ``tables`` and close it. A GeoPackage is
        tried writable (a read-only file writes nothing); a PostGIS store's grants are read on a
        read-only connection. A store that cannot be opened gives rights that disable nothing."""
        from ..layers.store_ref import is_postgis, open_store

        tables = tuple(dict.fromkeys(tables))
        try:
            if is_postgis(ref):
                store, writable = open_store(ref, writable=False), True
            else:
                try:
                    store, writable = open_store(ref), True
                except StoreError as e:
                    if "read-only" not in str(e):
                        raise
                    store, writable = open_store(ref, writable=False), False
        except StoreError:
            return cls(writable=True, known=False)
        rights = cls.of_store(store, writable)
        try:
            for t in tables:
                rights.can_write(t)
            rights.role_name()
            return rights
        finally:
            rights.store = None
            store.close()

    # ------------------------------------------------------------------ asking
    def can_write(self, table: str) -> bool:
        """Whether the store is writable and the login may change ``table``."""
        if not self.known:
            return True
        if not self.writable:
            return False
        if table not in self._tables:
            try:
                self._tables[table] = self.store is not None and bool(self.store.can_write(table))
            except StoreError:
                self._tables[table] = False
        return self._tables[table]

    def can_write_all(self, tables: Iterable[str]) -> bool:
        return all(self.can_write(t) for t in tables if t)

    def role_name(self) -> str:
        if not self.role and self.store is not None:
            try:
                self.role = self.store.role() or "—"
            except StoreError:
                self.role = "—"
        return self.role or "—"

    def refusal(self, tables: Iterable[str]) -> str:
        """Why the login may not change ``tables`` ("" when it may), as the archive dock says it."""
        tables = [t for t in tables if t]
        if self.can_write_all(tables):
            return ""
        if not self.writable:
            return tr("The store is read-only: it cannot be changed.")
        refused = [table_label(t) for t in tables if not self.can_write(t)]
        return tr("Your login {user} ({role}) may not change: {tables}.").format(
            user=self.user or "—", role=self.role_name(), tables=", ".join(refused))

    def apply(self, widget, tables: Iterable[str], enabled: bool = True) -> bool:
        """Enable ``widget`` when ``enabled`` and the login may write ``tables``; otherwise disable it.
        While the login may not, the tooltip says why (the widget's own tooltip comes back when it
        may). Returns whether the login may write them."""
        tables = tuple(tables)
        may = self.can_write_all(tables)
        own = widget.property(TIP_PROPERTY)
        if own is None:
            own = widget.toolTip()
            widget.setProperty(TIP_PROPERTY, own)
        widget.setEnabled(bool(enabled) and may)
        widget.setToolTip(own if may else self.refusal(tables))
        return may


__all__ = ["Rights", "TIP_PROPERTY", "table_label"]
