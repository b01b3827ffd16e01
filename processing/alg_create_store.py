"""safe_municipal:create_store — a new, empty store."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFileDestination,
)

from ..core import schema
from ..layers.gpkg import GpkgStore, StoreError
from .base import BaseAlgorithm, tr


class CreateStoreAlgorithm(BaseAlgorithm):
    STORE, CRS, OVERWRITE = "STORE", "CRS", "OVERWRITE"

    def name(self):
        return "create_store"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Create store")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Creates an empty Safe Municipal store (a GeoPackage file) with every facility and record "
                  "table, value list and constraint of the current schema version. The CRS must be projected "
                  "(CGCS2000 Gauss–Krüger zones are usual); the default is EPSG:4546.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFileDestination(
            self.STORE, tr("Store file"), tr("GeoPackage (*.gpkg)")))
        # Optional: on QGIS 3.22 a required CRS parameter refuses a missing value despite its default.
        self.addParameter(QgsProcessingParameterCrs(
            self.CRS, tr("Coordinate reference system"), f"EPSG:{schema.DEFAULT_EPSG}", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Overwrite an existing file"), False))
        self.addOutput(QgsProcessingOutputString("SCHEMA_VERSION", tr("Schema version")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        path = self.parameterAsFileOutput(parameters, self.STORE, context)
        crs = self.parameterAsCrs(parameters, self.CRS, context)
        if not crs.isValid():
            crs = QgsCoordinateReferenceSystem(f"EPSG:{schema.DEFAULT_EPSG}")
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        epsg = _epsg(crs)
        if epsg is None:
            raise self.fail(tr("The CRS {crs} has no EPSG code; choose an EPSG CRS such as EPSG:4546.")
                            .format(crs=crs.authid() or crs.description()))
        if crs.isGeographic():
            raise self.fail(tr("The CRS {crs} is geographic; a store needs a projected CRS (metres).")
                            .format(crs=crs.authid()))
        try:
            store = GpkgStore.create(path, epsg=epsg, overwrite=overwrite)
        except StoreError as e:
            raise self.fail(str(e)) from None
        version = store.schema_version
        store.close()
        feedback.pushInfo(tr("Created store {path} (schema version {v}, EPSG:{epsg}).")
                          .format(path=path, v=version, epsg=epsg))
        return {self.STORE: path, "SCHEMA_VERSION": str(version)}


def _epsg(crs: QgsCoordinateReferenceSystem):
    authid = crs.authid()
    if authid.upper().startswith("EPSG:"):
        try:
            return int(authid.split(":")[1])
        except ValueError:
            return None
    return None
