"""The one door to the facility archive dock for the plugin's ways into it.

The map tool, the locator filter (and later anything else that opens a facility's archive) call
:func:`open_facility_archive`; the dock itself lives in ``dialogs/archive`` and is imported
lazily, so that nothing heavy loads before the user asks for an archive and the entry points
keep working (with a message) in a build without the dock. :func:`close_facility_archive` is
what ``unload`` calls: it only touches the dock module when it was ever imported.
"""
from __future__ import annotations

import importlib
import sys
import traceback

from qgis.core import Qgis

from ..i18n import tr
from .messages import log, push

ARCHIVE_MODULE = __package__ + ".archive"


def _archive_module():
    """The archive dock package, or None when this build has none."""
    try:
        module = importlib.import_module(ARCHIVE_MODULE)
    except ModuleNotFoundError as e:
        if e.name == ARCHIVE_MODULE:
            return None
        raise  # the dock is there but something it imports is not: a real error
    return module if hasattr(module, "open_archive") else None  # (a folder without the entry point yet)


def open_facility_archive(iface, store_path: str, kind: str, uid: str) -> bool:
    """Show the archive dock of facility ``kind``/``uid`` of the store ``store_path``.

    Returns False (after one message-bar line) when the archive cannot be shown.
    """
    try:
        archive = _archive_module()
        if archive is None:
            push(iface, tr("The facility archive is not available in this build of the plugin."), Qgis.Warning)
            return False
        archive.open_archive(iface, store_path, kind, uid)
    except Exception as e:  # noqa: BLE001 - one message for the user, the details in the log
        push(iface, tr("Cannot open the facility archive: {problem}").format(problem=str(e) or type(e).__name__),
             Qgis.Critical, details=traceback.format_exc())
        return False
    return True


def close_facility_archive(iface) -> None:
    """Remove the archive dock if one can exist (its module was imported); never raises."""
    archive = sys.modules.get(ARCHIVE_MODULE)
    close = getattr(archive, "close_archive", None)
    if close is None:
        return
    try:
        close(iface)
    except Exception:  # noqa: BLE001 - unload must go on
        log("close_archive failed:\n" + traceback.format_exc(), Qgis.Warning)
