"""safe_municipal:create_store — a new, empty store."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core import schema
from ..layers import store_ref
from ..layers.gpkg import GpkgStore, StoreError
from .base import BaseAlgorithm, tr


class CreateStoreAlgorithm(BaseAlgorithm):
    STORE, DATABASE, CRS, OVERWRITE = "STORE", "DATABASE", "CRS", "OVERWRITE"

    def name(self):
        return "create_store"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Create store")

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Creates an empty Safe Municipal store with every facility and record table, value list and "
                  "constraint of the current schema version: a GeoPackage file (Store file), or a schema in a "
                  "PostgreSQL/PostGIS database (PostGIS store: a QGIS connection name as connection=NAME, a "
                  "pg_service as service=NAME, libpq keywords or a postgresql:// URL, with schema=… — default "
                  "safe_municipal — and authcfg=… for credentials from the QGIS authentication manager). On "
                  "PostGIS the login must be a superuser or have CREATEROLE; the roles sm_viewer, sm_inspector, "
                  "sm_editor and sm_admin are created when missing. The CRS must be projected (CGCS2000 "
                  "Gauss–Krüger zones are usual); the default is EPSG:4546.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFileDestination(
            self.STORE, tr("Store file"), tr("GeoPackage (*.gpkg)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.DATABASE, tr("PostGIS store (instead of a file)"), optional=True))
        # Optional: on QGIS 3.22 a required CRS parameter refuses a missing value despite its default.
        self.addParameter(QgsProcessingParameterCrs(
            self.CRS, tr("Coordinate reference system"), f"EPSG:{schema.DEFAULT_EPSG}", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Overwrite an existing file"), False))
        self.addOutput(QgsProcessingOutputString("SCHEMA_VERSION", tr("Schema version")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        database = (self.parameterAsString(parameters, self.DATABASE, context) or "").strip()
        path = "" if database else self.parameterAsFileOutput(parameters, self.STORE, context)
        if database and not store_ref.is_postgis(database):
            raise self.fail(tr("{ref} is not a PostGIS store reference (service=…, connection=…, host=… dbname=… "
                               "or postgresql://…)").format(ref=database))
        if not database and not path:
            raise self.fail(tr("Give a store file or a PostGIS store."))
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
        if database:
            from ..layers.pg_admin import create_pg_store

            try:
                path = create_pg_store(database, epsg)
                store = store_ref.open_store(path, writable=False)
            except StoreError as e:
                raise self.fail(str(e)) from None
        else:
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
