"""Who the audit log names for edits made through QGIS itself (attribute forms, the edit tools).

The store's audit triggers read the user from ``sm_meta`` (a GeoPackage has no session user).
The plugin's own writes set it per transaction; for QGIS's edit buffer this module stamps the
QGIS user into the store just before a store layer commits (``beforeCommitChanges``), so the
triggers that fire during the commit name the right person.

A PostGIS store needs none of this: its audit trigger names the database login (``session_user``),
which nobody can set; :func:`stamp_user` and :func:`hook_layer` leave such stores alone.
"""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsVectorLayer

from .errors import StoreError
from .store_ref import is_postgis, open_store

PROP_TABLE = "safe_municipal/table"
PROP_STORE = "safe_municipal/store"
_HOOKED = "safe_municipal/audit_user_hooked"


def qgis_user() -> str:
    """Who the audit log names: the QGIS user's full name, else the login name, else the operating
    system's user."""
    from .gpkg import default_user

    return QgsApplication.userFullName() or QgsApplication.userLoginName() or default_user()


def as_qgis_user(store):
    """Make a GeoPackage store's audit name the QGIS user; a PostGIS store keeps its login (the
    database's audit names the login, and messages about rights must too). Returns the store."""
    if getattr(store, "backend", "gpkg") != "postgis":
        store.user = qgis_user() or store.user
    return store


def stamp_user(store_path: str, user: str | None = None) -> None:
    """Record ``user`` in the store as the author of the next writes (one short transaction).
    Nothing to do for a PostGIS store (the login is the author)."""
    if is_postgis(store_path):
        return
    store = open_store(store_path)
    try:
        store.user = user or qgis_user()
        with store.transaction():
            pass  # the transaction itself writes sm_meta.user
    finally:
        store.close()


def hook_layer(layer: QgsVectorLayer) -> bool:
    """Stamp the QGIS user before ``layer`` commits; once per layer. Returns whether it hooked."""
    path = layer.customProperty(PROP_STORE)
    if not path or not layer.customProperty(PROP_TABLE) or layer.property(_HOOKED) or is_postgis(path):
        return False

    def before_commit(*_args) -> None:
        try:
            stamp_user(path)
        except StoreError as e:  # the commit itself will report a locked or read-only store
            QgsMessageLog.logMessage(str(e), "Safe Municipal", Qgis.Warning)

    layer.beforeCommitChanges.connect(before_commit)
    layer.setProperty(_HOOKED, True)
    return True


def hook_project(project) -> int:
    """Hook every store layer of ``project``; returns how many were newly hooked."""
    return sum(hook_layer(lyr) for lyr in project.mapLayers().values() if isinstance(lyr, QgsVectorLayer))
