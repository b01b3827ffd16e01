"""The audit tests (tests/unit/test_audit.py) again, on an empty PostGIS store: there the log is
written by the database's trigger and names the login; what the archive's history reads back is the
same on both backends."""
import json

import pytest
from unit.test_audit import *  # noqa: F401,F403 - every test of the module, on this module's store
from unit.test_audit import log, maintenance

from safe_municipal.layers.archive import Archive
from safe_municipal.layers.gpkg import GpkgStore


@pytest.fixture
def store(tmp_path, pg_copy):
    GpkgStore.create(str(tmp_path / "a.gpkg")).close()
    return pg_copy(tmp_path / "a.gpkg")


# GDAL and sqlite3 on the GeoPackage file; the PostGIS way (plain SQL by another login, as QGIS's
# postgres provider does) is test_plain_sql_of_another_login_is_audited below.
test_edits_outside_the_plugin_are_audited = None


def test_plain_sql_of_another_login_is_audited(store, connect):
    m = maintenance()
    store.insert("maintenance", [m])
    conn = connect("eve_editor")
    with conn, conn.cursor() as cur:
        cur.execute(f'SET search_path = "{store.schema}", public')
        cur.execute("UPDATE maintenance SET contractor = %s WHERE uid = %s", ("宜昌市政养护公司", m["uid"]))
        cur.execute("DELETE FROM maintenance")
    entries = log(store)
    assert [(e["action"], e["user_name"]) for e in entries] == [
        ("insert", store.user), ("update", "eve_editor"), ("delete", "eve_editor")]
    assert json.loads(entries[1]["new"])["contractor"] == "宜昌市政养护公司"
    conn = connect("eve_editor")  # nobody but the trigger writes the log
    with pytest.raises(Exception, match="permission denied"), conn, conn.cursor() as cur:
        cur.execute(f'DELETE FROM "{store.schema}".audit_log')
    assert len(log(store)) == 3


def test_the_archive_reads_the_same_history_from_both_backends(store, tmp_path):
    """jsonb on PostGIS (nested JSON, whole reals as integers, booleans, offsets) and the GeoPackage's
    JSON text read back by the archive in one form."""
    gpkg = GpkgStore.create(str(tmp_path / "b.gpkg"))
    gpkg.user = store.user
    try:
        seen = []
        for s in (gpkg, store):
            insp = {"uid": "6f1b1f52-8d7f-4d1b-9a55-3a1ad1a4a001", "facility_uid": "6f1b1f52-8d7f-4d1b-9a55-3a1ad1a4a002",
                    "facility_kind": "road", "inspected_on": "2025-06-01", "standard": "CJJ36-2016",
                    "grade": "B", "indices": json.dumps({"PCI": 82.0, "RQI": 4})}
            s.insert("inspection", [insp])
            s.update("inspection", insp["uid"], {"grade": "C", "indices": json.dumps({"PCI": 70.5})})
            ev = {"uid": "6f1b1f52-8d7f-4d1b-9a55-3a1ad1a4a003", "facility_uid": insp["facility_uid"],
                  "event_on": "2025-07-01", "max_depth_cm": 30.0, "building_ingress": True}
            s.insert("waterlogging_event", [ev])
            hist = Archive(s).change_history([insp["uid"], ev["uid"]])
            seen.append([(h["table_name"], h["action"], h["user_name"], h["old_values"], h["new_values"])
                         for h in hist])
        g, p = seen
        assert len(g) == len(p) == 3
        for a, b in zip(g, p):
            assert a[:3] == b[:3]
            for va, vb in ((a[3], b[3]), (a[4], b[4])):
                assert (va is None) == (vb is None)
                if va is None:
                    continue
                assert set(va) == set(vb)
                for k in va:
                    if k == "indices" and va[k] is not None:
                        assert json.loads(va[k]) == json.loads(vb[k])
                    else:
                        assert (k, va[k]) == (k, vb[k]) and type(va[k]) is type(vb[k])
        ev_new = p[0][4]
        assert ev_new["building_ingress"] is True and ev_new["max_depth_cm"] == 30.0
        assert isinstance(ev_new["max_depth_cm"], float)
    finally:
        gpkg.close()
