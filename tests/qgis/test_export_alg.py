"""Export, backup and restore algorithms through processing.run; QGIS reads the exported files."""
import json
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer

from safe_municipal.core import schema as S
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.processing.alg_export import (
    BackupStoreAlgorithm,
    ExportTableAlgorithm,
    RestoreStoreAlgorithm,
)


@pytest.fixture()
def run(qgis_processing):
    from qgis import processing

    def go(alg, params):
        return processing.run(alg, params)

    return go


def test_names_and_group():
    for cls, name in ((ExportTableAlgorithm, "export_table"), (BackupStoreAlgorithm, "backup_store"),
                      (RestoreStoreAlgorithm, "restore_store")):
        alg = cls()
        alg.initAlgorithm()
        assert alg.name() == name and alg.groupId() == "import_export" and alg.group() == "Import and export"
        assert alg.shortHelpString()
    alg = ExportTableAlgorithm()
    alg.initAlgorithm()
    assert alg.parameterDefinition("TABLE").options() == [t.name for t in S.TABLES]


def test_export_a_filtered_layer_qgis_reads(run, sample_store, tmp_path):
    out = tmp_path / "道路.shp"
    res = run(ExportTableAlgorithm(), {"STORE": sample_store.path, "TABLE": "road", "FILTER": "district = '西陵区'",
                                       "OUTPUT": str(out), "VALUE_LABELS": False})
    assert res["ROWS"] == 1 and res["OUTPUT"] == str(out)
    assert sorted(Path(f).suffix for f in json.loads(res["FILES"])) == [".cpg", ".dbf", ".prj", ".shp", ".shx"]
    layer = QgsVectorLayer(str(out), "roads", "ogr")
    assert layer.isValid() and layer.featureCount() == 1
    assert layer.crs().authid() == "EPSG:4546"
    f = next(layer.getFeatures())
    assert f["name"] == "沿江大道" and f["road_class"] == "expressway" and f["code"] == "DL0001"
    assert layer.fields().indexOf("maint_unit") >= 0
    assert abs(f.geometry().length() - 1200.0) < 1e-6


def test_export_with_labels_crs_and_append(run, sample_store, tmp_path):
    out = tmp_path / "bundle.gpkg"
    run(ExportTableAlgorithm(), {"STORE": sample_store.path, "TABLE": "drain_pipe", "OUTPUT": str(out),
                                 "VALUE_LABELS": True, "CRS": "EPSG:4326"})
    res = run(ExportTableAlgorithm(), {"STORE": sample_store.path, "TABLE": "maintenance_material",
                                       "OUTPUT": str(out), "APPEND": True})
    assert res["ROWS"] == 2
    pipes = QgsVectorLayer(f"{out}|layername=drain_pipe", "pipes", "ogr")
    assert pipes.isValid() and pipes.crs().authid() == "EPSG:4326" and pipes.featureCount() == 3
    usage = sorted(f["usage"] for f in pipes.getFeatures())
    assert usage == sorted(c.label for c in S.VALUE_LISTS["pipe_usage"])
    materials = QgsVectorLayer(f"{out}|layername=maintenance_material", "m", "ogr")
    assert sorted(f["material"] for f in materials.getFeatures()) == ["磷镁混合料", "超高性能混凝土"]


def test_export_errors_are_processing_errors(run, sample_store, tmp_path):
    with pytest.raises(QgsProcessingException):
        run(ExportTableAlgorithm(), {"STORE": sample_store.path, "TABLE": "road", "FILTER": "nonsense ==",
                                     "OUTPUT": str(tmp_path / "x.csv")})
    with pytest.raises(QgsProcessingException):
        run(ExportTableAlgorithm(), {"STORE": sample_store.path, "TABLE": "road",
                                     "OUTPUT": str(tmp_path / "missing" / "x.csv")})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["city.gpkg"]  # the store only


def test_backup_and_restore(run, sample_store, tmp_path):
    backup = tmp_path / "备份.zip"
    res = run(BackupStoreAlgorithm(), {"STORE": sample_store.path, "OUTPUT": str(backup)})
    assert res["OUTPUT"] == str(backup) and json.loads(res["TABLES"])["road"] == 2
    target = tmp_path / "restored.gpkg"
    res = run(RestoreStoreAlgorithm(), {"INPUT": str(backup), "STORE": str(target)})
    assert res["SCHEMA_VERSION"] == S.SCHEMA_VERSION and res["SAFETY_COPY"] == ""
    assert json.loads(res["TABLES"]) == {**{t: 0 for t in json.loads(res["TABLES"])}, **sample_store.counts}
    with pytest.raises(QgsProcessingException):  # exists, no OVERWRITE
        run(RestoreStoreAlgorithm(), {"INPUT": str(backup), "STORE": str(target)})
    res = run(RestoreStoreAlgorithm(), {"INPUT": str(backup), "STORE": str(target), "OVERWRITE": True})
    assert Path(res["SAFETY_COPY"]).is_file()
    with GpkgStore.open(str(target), writable=False) as s:
        assert s.get("bridge", sample_store.bridge)["name"] == "至喜长江大桥"
    layer = QgsVectorLayer(f"{target}|layername=road", "roads", "ogr")
    assert layer.isValid() and layer.featureCount() == 2
    del layer  # not kept alive by the traceback of the pytest.raises below until after QGIS exits
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(backup.read_bytes()[:500])
    with pytest.raises(QgsProcessingException):
        run(RestoreStoreAlgorithm(), {"INPUT": str(damaged), "STORE": str(tmp_path / "never.gpkg")})
    assert not (tmp_path / "never.gpkg").exists()
