"""Helpers shared by the QGIS tests (importable: tests/conftest.py puts tests/ on sys.path)."""
from qgis.core import Qgis


class Messages:
    """The message bar lines pushed since this object was made."""

    def __init__(self, iface):
        self.bar = iface.messageBar()
        self.start = {lvl: len(self.bar.get_messages(lvl)) for lvl in
                      (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success)}

    def __call__(self, level):
        return self.bar.get_messages(level)[self.start[level]:]
