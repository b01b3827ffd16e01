"""The facility archive dock: the entry points the plugin, the map tool and the locator call.

    dock = open_archive(iface, "/data/yichang.gpkg", "tunnel", uid)   # shows (creating once) the dock
    dock.load(path, kind, uid)                                         # another facility in the same dock
    close_archive(iface)                                               # plugin unload: remove the dock

There is one dock per QGIS window (object name ``SafeMunicipalArchiveDock``), in the right dock area.
"""
from __future__ import annotations

from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt

from .dock import OBJECT_NAME, ArchiveDock

__all__ = ["ArchiveDock", "OBJECT_NAME", "close_archive", "find_archive", "open_archive"]

_docks: dict = {}  # id(iface) -> ArchiveDock


def find_archive(iface):
    """The archive dock of this QGIS window, or None."""
    dock = _docks.get(id(iface))
    if dock is not None and not sip.isdeleted(dock):
        return dock
    _docks.pop(id(iface), None)
    main = iface.mainWindow()
    found = main.findChild(ArchiveDock, OBJECT_NAME) if main is not None else None
    if found is not None:
        _docks[id(iface)] = found
    return found


def open_archive(iface, store_path: str, kind: str, uid: str) -> ArchiveDock:
    """Show the archive of facility ``uid`` (table ``kind``) of the store at ``store_path``.

    Creates the dock the first time (right dock area), then reuses it. When the facility cannot be
    shown, the message bar says why and the dock keeps what it showed (``dock.uid`` tells which).
    """
    dock = find_archive(iface)
    if dock is None:
        dock = ArchiveDock(iface, iface.mainWindow())
        iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        _docks[id(iface)] = dock
    if dock.load(store_path, kind, uid) or dock.uid is not None:
        dock.setUserVisible(True)  # (a new dock that could show nothing stays hidden; the message says why)
        dock.raise_()
    return dock


def close_archive(iface) -> None:
    """Remove the dock and release its store and temporary files (the plugin's unload)."""
    dock = find_archive(iface)
    _docks.pop(id(iface), None)
    if dock is None:
        return
    dock.shutdown()
    remove = getattr(iface, "removeDockWidget", None)
    if callable(remove):
        remove(dock)
    else:  # test doubles of QgisInterface
        iface.mainWindow().removeDockWidget(dock)
    dock.hide()
    dock.setParent(None)
    dock.deleteLater()
