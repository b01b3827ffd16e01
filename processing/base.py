"""Shared parts of the plugin's algorithms."""
from __future__ import annotations

import datetime as _dt

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtCore import QDate, QDateTime

from ..i18n import tr  # noqa: F401 - re-exported for the algorithms; one context for the catalogue


class BaseAlgorithm(QgsProcessingAlgorithm):
    """Group, help and instance creation common to every algorithm."""

    def group(self):
        return tr("Store")

    def groupId(self):  # noqa: N802 - QGIS API
        return "store"

    def createInstance(self):  # noqa: N802 - QGIS API
        return type(self)()

    @staticmethod
    def fail(message: str) -> QgsProcessingException:
        return QgsProcessingException(message)


class ReportAlgorithm(BaseAlgorithm):
    """An algorithm printing layouts: group *Reports*, run in the main thread (layouts render there,
    in a project of their own)."""

    def group(self):
        return tr("Reports")

    def groupId(self):  # noqa: N802 - QGIS API
        return "reports"

    def flags(self):
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading


def store_parameter(name: str = "STORE", description: str = ""):
    """The STORE input of every algorithm: a GeoPackage file (file picker) or a PostGIS store reference
    typed into the same box (``service=city schema=safe_municipal``, ``connection=<QGIS connection>``,
    ``host=… dbname=…``, ``postgresql://…``; see layers/store_ref.py)."""
    from qgis.core import QgsProcessingParameterFile

    param = QgsProcessingParameterFile(name, description or tr("Store (GeoPackage file or PostGIS reference)"),
                                       QgsProcessingParameterFile.Behavior.File, "", None, False,
                                       tr("GeoPackage (*.gpkg);;All files (*)"))
    param.setHelp(tr("A GeoPackage store file, or a PostGIS store: service=NAME, connection=QGIS CONNECTION, "
                     "host=… dbname=… or a postgresql:// URL, with schema=… and authcfg=… when needed"))
    return param


def as_date(value, name: str = "AS_OF") -> _dt.date | None:
    """A date parameter's value (QDate, QDateTime, date, ISO text) as a ``datetime.date``; None when
    empty. A text that is no date raises ValueError naming the parameter."""
    if value is None or value == "":
        return None
    if isinstance(value, QDateTime):
        value = value.date()
    if isinstance(value, QDate):
        return _dt.date(value.year(), value.month(), value.day()) if value.isValid() else None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(tr("{name}: {value} is not a date (YYYY-MM-DD)").format(name=name, value=text)) from None
