"""safe_municipal:copy_store (processing/alg_copy_store.CopyStoreAlgorithm, through a provider of its own
until the plugin's provider lists it) GeoPackage → PostGIS → GeoPackage with every table's checksum
equal; and export_table, backup_store, restore_store of the plugin's provider on a PostGIS store."""
import json
import sqlite3
import uuid

import pytest
from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingProvider

from safe_municipal.layers import store_ref
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.store_copy import discard_target, table_checksums


class _CopyProvider(QgsProcessingProvider):
    def id(self):
        return "safe_municipal_copy_test"

    def name(self):
        return "Safe Municipal copy (test)"

    def loadAlgorithms(self):  # noqa: N802 - QGIS API
        from safe_municipal.processing.alg_copy_store import CopyStoreAlgorithm

        self.addAlgorithm(CopyStoreAlgorithm())


@pytest.fixture(scope="module")
def copy_id(qgis_processing):
    reg = QgsApplication.processingRegistry()
    if reg.algorithmById("safe_municipal:copy_store") is not None:
        yield "safe_municipal:copy_store"
        return
    provider = _CopyProvider()
    assert reg.addProvider(provider)
    yield "safe_municipal_copy_test:copy_store"
    reg.removeProvider(provider)


@pytest.fixture(scope="module")
def provider(qgis_processing):
    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = None
    if reg.providerById("safe_municipal") is None:
        added = SafeMunicipalProvider()
        assert reg.addProvider(added)
    yield reg.providerById("safe_municipal")
    if added is not None:
        reg.removeProvider(added)


@pytest.fixture
def new_ref(store_db):
    """new_ref() -> the reference of a PostGIS schema that does not exist yet (removed after the test)."""
    from pg_support import pg_ref

    made = []

    def _new():
        made.append(pg_ref(store_db, f"sm_c_{uuid.uuid4().hex[:8]}"))
        return made[-1]

    yield _new
    for ref in made:
        discard_target(ref, True)


def _run(alg_id, params):
    from qgis import processing

    return processing.run(alg_id, params)


def _checksums(ref):
    with store_ref.open_store(ref, writable=False) as s:
        return table_checksums(s)


def test_geopackage_to_postgis_and_back_with_equal_checksums(copy_id, sample_store, new_ref, tmp_path):
    original = _checksums(sample_store.path)
    ref = new_ref()
    res = _run(copy_id, {"INPUT": sample_store.path, "DATABASE": ref})
    assert res["CHECKSUMS_EQUAL"] is True and res["OUTPUT"] == store_ref.canonical(ref)
    tables = json.loads(res["TABLES"])
    assert {t: n for t, n in tables.items() if n} == {t: n for t, n in sample_store.counts.items() if n}
    assert res["ROWS"] == sum(tables.values())
    assert _checksums(ref) == original
    back = tmp_path / "back.gpkg"
    res = _run(copy_id, {"INPUT": ref, "OUTPUT": str(back)})
    assert res["CHECKSUMS_EQUAL"] is True and res["OUTPUT"] == str(back)
    assert _checksums(str(back)) == original
    with GpkgStore.open(str(back)) as s:  # the audit log came along as it was
        assert [r["user_name"] for r in s.rows("audit_log")] == ["tester"]
    # a PostGIS reference typed into the output box, into an existing empty store
    empty = new_ref()
    from safe_municipal.layers.pg_admin import create_pg_store

    create_pg_store(empty, 4546)
    res = _run(copy_id, {"INPUT": str(back), "OUTPUT": empty})
    assert res["OUTPUT"] == store_ref.canonical(empty) and _checksums(empty) == original


def test_the_target_must_be_new_or_empty(copy_id, sample_store, pg_copy, new_ref, tmp_path):
    full = pg_copy(sample_store.path)
    before = _checksums(full.ref)
    with pytest.raises(QgsProcessingException, match="is not empty"):
        _run(copy_id, {"INPUT": sample_store.path, "DATABASE": full.ref})
    assert _checksums(full.ref) == before
    with pytest.raises(QgsProcessingException, match="exists already"):
        _run(copy_id, {"INPUT": full.ref, "OUTPUT": sample_store.path})
    with pytest.raises(QgsProcessingException, match="onto itself"):
        _run(copy_id, {"INPUT": full.ref, "DATABASE": full.ref})
    with pytest.raises(QgsProcessingException, match="new store file or a PostGIS store"):
        _run(copy_id, {"INPUT": full.ref})
    with pytest.raises(QgsProcessingException, match="EPSG:2056"):  # an empty store of another CRS
        ref = new_ref()
        from safe_municipal.layers.pg_admin import create_pg_store

        create_pg_store(ref, 2056)
        _run(copy_id, {"INPUT": sample_store.path, "DATABASE": ref})
    assert store_ref.open_store(ref, writable=False).count("road") == 0


def test_export_backup_and_restore_algorithms_on_postgis(provider, sample_store, pg_copy, new_ref, tmp_path):
    from qgis import processing

    pg = pg_copy(sample_store.path)
    res = processing.run("safe_municipal:export_table", {
        "STORE": pg.ref, "TABLE": "drain_pipe", "FILTER": "diameter_mm >= 800", "OUTPUT": str(tmp_path / "p.gpkg")})
    assert res["ROWS"] == 2
    with sqlite3.connect(res["OUTPUT"]) as c:
        assert sorted(r[0] for r in c.execute("SELECT code FROM drain_pipe")) == ["GD0002", "GD0003"]
    res = processing.run("safe_municipal:backup_store", {"STORE": pg.ref, "OUTPUT": str(tmp_path / "b.zip")})
    assert json.loads(res["TABLES"])["road"] == 2
    ref = new_ref()
    res = processing.run("safe_municipal:restore_store", {"INPUT": str(tmp_path / "b.zip"), "STORE": ref})
    assert res["STORE"] == store_ref.canonical(ref) and res["SAFETY_COPY"] == ""
    assert _checksums(ref) == _checksums(pg.ref) == _checksums(sample_store.path)
    with pytest.raises(QgsProcessingException, match="is not empty"):
        processing.run("safe_municipal:restore_store", {"INPUT": str(tmp_path / "b.zip"), "STORE": pg.ref,
                                                        "OVERWRITE": True})
