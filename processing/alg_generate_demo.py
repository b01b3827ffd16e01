"""safe_municipal:generate_demo_city — the deterministic demo city written into a store."""
from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from .base import BaseAlgorithm, tr

SCALES = ("tiny", "small", "medium", "city")


class _Cancelled(Exception):
    pass


class GenerateDemoCityAlgorithm(BaseAlgorithm):
    STORE, SCALE, SEED = "STORE", "SCALE", "SEED"

    def name(self):
        return "generate_demo_city"

    def displayName(self):  # noqa: N802 - QGIS API
        return tr("Generate demo city")

    def group(self):
        return tr("Demo")

    def groupId(self):  # noqa: N802 - QGIS API
        return "demo"

    def shortHelpString(self):  # noqa: N802 - QGIS API
        return tr("Writes a Yichang-like demo city into a new store: the five city districts, the source "
                  "document's named roads, tunnels and waterlogging points, a connected drainage network with "
                  "manholes at every pipe end, and several years of inspections and maintenance works. The same "
                  "scale and seed always give the same city. Scales: tiny and small for tests, medium, and city "
                  "(over 100,000 pipe segments) for benchmarks.")

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFileDestination(
            self.STORE, tr("Store file"), tr("GeoPackage (*.gpkg)")))
        # Static strings, so that qgis_process and models pass SCALE=small rather than an index.
        self.addParameter(QgsProcessingParameterEnum(
            self.SCALE, tr("Scale"), options=list(SCALES), defaultValue="small", usesStaticStrings=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, tr("Random seed"), QgsProcessingParameterNumber.Integer, 1, minValue=0))
        self.addOutput(QgsProcessingOutputNumber("DRAIN_PIPES", tr("Drainage pipes written")))
        self.addOutput(QgsProcessingOutputString("COUNTS", tr("Rows written per table (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 - QGIS API
        import json

        from ..layers.demo_writer import write_demo_city
        from ..layers.gpkg import StoreError

        path = self.parameterAsFileOutput(parameters, self.STORE, context)
        scale = self._scale(parameters, context)
        seed = self.parameterAsInt(parameters, self.SEED, context)
        feedback.pushInfo(tr("Generating the {scale} demo city (seed {seed}) into {path}…")
                          .format(scale=scale, seed=seed, path=path))
        try:
            counts = write_demo_city(path, scale=scale, seed=seed, feedback=feedback)
        except StoreError as e:
            raise self.fail(str(e)) from None
        if feedback.isCanceled():
            return {}
        for table, n in sorted(counts.items()):
            feedback.pushInfo(f"{table}: {n}")
        return {self.STORE: path, "DRAIN_PIPES": counts.get("drain_pipe", 0),
                "COUNTS": json.dumps(counts, sort_keys=True)}

    def _scale(self, parameters, context) -> str:
        scale = self.parameterAsEnumString(parameters, self.SCALE, context)
        if scale not in SCALES:
            raise self.fail(tr("Unknown scale {scale}; choose one of {scales}.")
                            .format(scale=scale, scales=", ".join(SCALES)))
        return scale
