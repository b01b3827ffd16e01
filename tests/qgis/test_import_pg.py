"""safe_municipal:import_facilities through processing.run on a PostGIS store reference: the rows land in
PostGIS (refused rows reported as on a GeoPackage), an update by code is audited by the database under
the login that ran it."""
import json
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingException

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
import import_corpus as corpus  # noqa: E402


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


def _run(params):
    from qgis import processing

    return processing.run("safe_municipal:import_facilities", params)


def test_import_facilities_into_a_postgis_store(provider, sample_store, pg_copy, store_db, tmp_path):
    from pg_support import pg_ref

    from safe_municipal.layers import store_ref

    admin = pg_copy(sample_store.path)
    ref = pg_ref(store_db, admin.schema, "eve_editor")  # an editor imports
    rows = [corpus.pipe(1), corpus.pipe(2, 管径=10), corpus.pipe(3)]
    src = corpus.write_layer(tmp_path / "pipes.geojson", rows)
    report = tmp_path / "r.json"
    res = _run({"STORE": ref, "INPUT": src, "KIND": "drain_pipe", "OUTPUT": str(report)})
    assert (res["READ"], res["INSERTED"], res["REJECTED"], res["WRITTEN"]) == (3, 2, 1, 1)
    assert json.loads(report.read_text(encoding="utf-8"))["rejected"][0]["field"] == "diameter_mm"
    with store_ref.open_store(ref, writable=False) as s:
        got = {r["code"]: r for r in s.rows("drain_pipe", "code LIKE 'YS-%'")}
        assert set(got) == {"YS-001", "YS-003"} and got["YS-001"]["diameter_mm"] == 500
        assert s.count("drain_pipe") == sample_store.counts["drain_pipe"] + 2
    # again, by code: one changed, one the same; the update audited under the login
    src = corpus.write_layer(tmp_path / "again.geojson", [corpus.pipe(1, 名称="解放路"), corpus.pipe(3)])
    res = _run({"STORE": ref, "INPUT": src, "KIND": "drain_pipe", "MODE": "update"})
    assert (res["UPDATED"], res["UNCHANGED"], res["INSERTED"]) == (1, 1, 0)
    with store_ref.open_store(ref, writable=False) as s:
        [log] = s.rows("audit_log", "action = 'update' AND table_name = 'drain_pipe'")
        assert log["user_name"] == "eve_editor" and "解放路" in log["new_values"]
    # a viewer may not import: the database's refusal, named
    viewer = pg_ref(store_db, admin.schema, "alice_viewer")
    with pytest.raises(QgsProcessingException, match="alice_viewer may not insert"):
        _run({"STORE": viewer, "INPUT": corpus.write_layer(tmp_path / "v.geojson", [corpus.pipe(9)]),
              "KIND": "drain_pipe"})
