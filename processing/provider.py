"""The ``safe_municipal`` Processing provider."""
from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .alg_assess_network import AssessNetworkAlgorithm
from .alg_cases import CaseStatisticsAlgorithm, DispatchCasesAlgorithm
from .alg_copy_store import CopyStoreAlgorithm
from .alg_create_store import CreateStoreAlgorithm
from .alg_export import BackupStoreAlgorithm, ExportTableAlgorithm, RestoreStoreAlgorithm
from .alg_generate_demo import GenerateDemoCityAlgorithm
from .alg_import import ImportFacilitiesAlgorithm
from .alg_import_cctv import ImportCctvAlgorithm
from .alg_import_osm import ImportOsmAlgorithm
from .alg_import_swmm import ImportSwmmAlgorithm
from .alg_maintenance_plan import MaintenancePlanAlgorithm
from .alg_overview import ExportOverviewAlgorithm
from .alg_programmes import DistrictStatisticsAlgorithm, ProgrammeProgressAlgorithm, RecordCleaningAlgorithm
from .alg_reports import ExportHealthBooksAlgorithm
from .base import tr

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "safe_municipal.svg"


class SafeMunicipalProvider(QgsProcessingProvider):
    def id(self):
        return "safe_municipal"

    def name(self):
        return tr("Safe Municipal (平安市政)")

    def longName(self):  # noqa: N802 - QGIS API
        return self.name()

    def icon(self):
        return QIcon(str(ICON)) if ICON.exists() else super().icon()

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        self.addAlgorithm(CreateStoreAlgorithm())
        self.addAlgorithm(CopyStoreAlgorithm())
        self.addAlgorithm(GenerateDemoCityAlgorithm())
        self.addAlgorithm(AssessNetworkAlgorithm())
        self.addAlgorithm(MaintenancePlanAlgorithm())
        for alg in (ProgrammeProgressAlgorithm, DistrictStatisticsAlgorithm, RecordCleaningAlgorithm,
                    DispatchCasesAlgorithm, CaseStatisticsAlgorithm, ExportHealthBooksAlgorithm,
                    ExportOverviewAlgorithm, ImportFacilitiesAlgorithm, ImportOsmAlgorithm, ImportSwmmAlgorithm, ImportCctvAlgorithm,
                    ExportTableAlgorithm, BackupStoreAlgorithm, RestoreStoreAlgorithm):
            self.addAlgorithm(alg())
