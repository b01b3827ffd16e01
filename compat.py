"""Version shims: one place for what differs between QGIS 3.22 (Qt5) and QGIS 4 (Qt6).

Feature-detect (``hasattr``), never parse version strings. Code elsewhere writes the
3.22 names with fully scoped enums (they work on both).
"""
from __future__ import annotations

from qgis.core import Qgis

try:  # Qt6 moved QAction to QtGui; QGIS's Qt5 PyQt shim keeps it in QtWidgets
    from qgis.PyQt.QtGui import QAction  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the Qt version
    from qgis.PyQt.QtWidgets import QAction

QGIS_VERSION_INT: int = Qgis.versionInt() if hasattr(Qgis, "versionInt") else Qgis.QGIS_VERSION_INT


def version_int(text: str) -> int:
    """``"3.22"`` -> 32200, ``"4.99.1"`` -> 49901 (QGIS's own encoding)."""
    parts = [int(p) for p in (text.split(".") + ["0", "0"])[:3]]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def qgis_within(minimum: str, maximum: str, version: int = QGIS_VERSION_INT) -> bool:
    """Whether ``version`` lies between metadata's qgisMinimumVersion and qgisMaximumVersion.

    As the plugin manager reads it, the maximum covers its whole minor series
    (``4.99`` allows 4.99.x).
    """
    return version_int(minimum) <= version <= version_int(maximum) + 99


__all__ = ["QAction", "QGIS_VERSION_INT", "qgis_within", "version_int"]
