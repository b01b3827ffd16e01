"""Shared parts of the plugin's algorithms."""
from qgis.core import QgsProcessingAlgorithm, QgsProcessingException

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
