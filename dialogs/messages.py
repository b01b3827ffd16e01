"""User messages: one short line in the message bar, details in the message log.

The message bar gets ``pushMessage(title, text, level, duration)`` (the 4-argument
form, the one every QGIS version and pytest-qgis's mock bar implement); the log
gets the full text under the tag ``Safe Municipal``.
"""
from __future__ import annotations

import re

from qgis.core import Qgis, QgsMessageLog

from ..i18n import tr
from ..settings import LOG_TAG

DURATION_INFO = 5
DURATION_ERROR = 0  # errors stay until the user closes them


def log(text: str, level=Qgis.Info) -> None:
    QgsMessageLog.logMessage(text, LOG_TAG, level)


def push(iface, text: str, level=Qgis.Info, details: str = "") -> None:
    """A message bar line (title: the plugin's name) plus the same text and ``details`` in the log."""
    duration = DURATION_ERROR if level == Qgis.Critical else DURATION_INFO
    iface.messageBar().pushMessage(tr("Safe Municipal"), text, level, duration)
    log(text + ("\n" + details if details else ""), level)


# StoreError messages are English and start with the file name ("<path>: <problem>").
# Each known problem gets a translated sentence; an unknown one is shown as it is.
_PROBLEMS = (  # first match wins: a lock can surface inside another message ("... (database is locked)")
    ("locked", lambda: tr("another program is writing to it; close it there and try again")),
    ("no such file", lambda: tr("the file does not exist")),
    ("is a folder", lambda: tr("it is a folder, not a store file")),
    ("not a Safe Municipal store", lambda: tr("it is not a Safe Municipal store")),
    ("newer than this plugin", lambda: tr("it was written by a newer version of Safe Municipal; "
                                          "update the plugin to open it")),
    ("needs upgrading", lambda: tr("it has an older schema and must be opened writable to be upgraded")),
    ("damaged store", lambda: tr("the store is damaged")),
    ("read-only", lambda: tr("the file is read-only; copy it or make it writable")),
    ("exists already", lambda: tr("the file exists already; choose another name")),
    ("does not exist", lambda: tr("the folder does not exist")),
    ("is not writable", lambda: tr("the folder is not writable")),
)


def describe_problem(error: Exception, path: str = "") -> str:
    """The problem part of a store error, translated when it is a known one."""
    message = str(error)
    for needle, sentence in _PROBLEMS:
        if needle in message:
            return sentence()
    if path and message.startswith(str(path)):
        message = message[len(str(path)):].lstrip(": ")
    return re.sub(r"\s+", " ", message).strip() or type(error).__name__


def project_store_or_warn(iface):
    """The store of the current project, or None after telling the user to open one first."""
    from qgis.core import QgsProject

    from ..settings import project_store_path

    path = project_store_path(QgsProject.instance())
    if not path:
        push(iface, tr("There is no store in the project; open a store first."), Qgis.Warning)
    return path or None


def remove_dock(iface, dock) -> None:
    """Take one of the plugin's docks out of the main window for good (plugin unload)."""
    remove = getattr(iface, "removeDockWidget", None)
    if callable(remove):
        remove(dock)
    else:  # test doubles of QgisInterface
        iface.mainWindow().removeDockWidget(dock)
    dock.hide()
    dock.setParent(None)
    dock.deleteLater()


class DockController:
    """A toolbar action showing one of the plugin's docks on the project's store.

    Subclasses set ``dock_class`` and implement :meth:`show_store` (point the dock at the store)
    and :meth:`close_dock` (what the dock does before it goes: restore, stop)."""

    dock_class = None

    def __init__(self, iface):
        self.iface = iface
        self.dock = None

    def run(self):
        """Show the dock for the project's store (None, with a warning, when there is none)."""
        from qgis.PyQt.QtCore import Qt

        path = project_store_or_warn(self.iface)
        if not path:
            return None
        if self.dock is None:
            self.dock = self.dock_class(self.iface, self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.show_store(self.dock, path)
        self.dock.setUserVisible(True)
        self.dock.raise_()
        return self.dock

    def show_store(self, dock, path: str) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def close_dock(self, dock) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def unload(self) -> None:
        dock, self.dock = self.dock, None
        if dock is None:
            return
        self.close_dock(dock)
        remove_dock(self.iface, dock)


class OpenDialogs:
    """The non-modal dialogs of one kind open on the project's store (import wizards, export dialogs):
    opened on the store or refused with a message-bar warning, forgotten when closed, all closed when
    the plugin unloads (a running task cancelled; ``silent``: its result no longer reported)."""

    def __init__(self):
        self.items: list = []

    def open(self, iface, factory, parent=None):
        path = project_store_or_warn(iface)
        if not path:
            return None
        dialog = factory(iface, path, parent if parent is not None else iface.mainWindow())
        self.items.append(dialog)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.show()
        return dialog

    def _closed(self, dialog) -> None:
        if dialog in self.items:
            self.items.remove(dialog)
        dialog.deleteLater()

    def close_all(self, silent: bool = False) -> None:
        for dialog in list(self.items):
            if silent and getattr(dialog, "task", None) is not None:
                dialog.task.on_done = None
            dialog.reject()
