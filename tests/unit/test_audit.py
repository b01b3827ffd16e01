"""Audit triggers: every insert, edit and delete writes audit_log with exact old and new values,
whoever makes it (the store, plain SQL as QGIS forms do, GDAL)."""
import json
import sqlite3
import uuid

import pytest
from osgeo import ogr

from safe_municipal.core import schema as S
from safe_municipal.core.validation import ValidationError
from safe_municipal.layers.gpkg import GpkgStore

ogr.UseExceptions()


def uid():
    return str(uuid.uuid4())


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "a.gpkg"))
    s.user = "王工"
    yield s
    s.close()


def log(store):
    """The audit log, oldest first (store.rows: the values as JSON text on either backend)."""
    cols = ("user_name", "table_name", "row_uid", "action", "old_values", "new_values")
    return [dict(zip(("user_name", "table_name", "row_uid", "action", "old", "new"), (r[c] for c in cols)))
            for r in store.rows("audit_log", columns=cols, order_by=("fid",))]


def maintenance(**kw):
    row = {"uid": uid(), "facility_uid": uid(), "facility_kind": "bridge", "category": "minor",
           "status": "planned", "started_on": "2025-03-01", "cost_yuan": 12000.5, "description": "伸缩缝 更换"}
    row.update(kw)
    return row


def test_insert_update_delete_logged_exactly(store):
    m = maintenance()
    store.insert("maintenance", [m])
    old, new = store.update("maintenance", m["uid"], {"status": "done", "finished_on": "2025-03-04"})
    store.delete("maintenance", [m["uid"]])
    entries = log(store)
    assert [e["action"] for e in entries] == ["insert", "update", "delete"]
    assert all(e["user_name"] == store.user and e["table_name"] == "maintenance" and e["row_uid"] == m["uid"]
               for e in entries)
    ins, upd, dele = entries
    assert ins["old"] is None
    unset = [f.name for f in S.table("maintenance").fields if f.name not in m]
    assert "contractor" in unset and "finished_on" in unset
    assert json.loads(ins["new"]) == {**{k: None for k in unset}, **m}
    assert json.loads(upd["old"]) == json.loads(ins["new"])
    assert json.loads(upd["new"]) == {**json.loads(ins["new"]), "status": "done", "finished_on": "2025-03-04"}
    assert json.loads(dele["old"]) == json.loads(upd["new"]) and dele["new"] is None
    uids = [r[0] for r in store.execute("SELECT uid FROM audit_log")]
    assert all(len(u) == 36 and uuid.UUID(u).version == 4 for u in uids) and len(set(uids)) == 3
    stamp = next(store.rows("audit_log", columns=("changed_at",)))["changed_at"]
    assert len(stamp) == 24 and stamp.endswith("Z") and stamp[10] == "T"


def test_geometry_change_flagged(store):
    r = {"uid": uid(), "code": "JC-1", "geom": ("Point", (1.0, 2.0))}
    store.insert("manhole", [r])
    store.update("manhole", r["uid"], {"geom": ("Point", (1.5, 2.0))})
    store.update("manhole", r["uid"], {"name": "井1"})
    upd = [json.loads(e["new"]) for e in log(store) if e["action"] == "update"]
    assert [u["geom_changed"] for u in upd] == [True, False]


def test_no_change_no_entry_and_failed_write_no_entry(store):
    m = maintenance()
    store.insert("maintenance", [m])
    store.update("maintenance", m["uid"], {"status": "planned"})  # same value
    with pytest.raises(ValidationError) as e:
        store.update("maintenance", m["uid"], {"cost_yuan": -5})
    assert e.value.field == "cost_yuan"
    with pytest.raises(ValidationError):
        store.delete("maintenance", [m["uid"], uid()])  # second does not exist: nothing deleted
    assert store.count("maintenance") == 1
    assert [e["action"] for e in log(store)] == ["insert"]


def test_suspended_audit_is_back_on_after(store):
    with store.audit_suspended():
        store.insert("maintenance", [maintenance()])
    assert log(store) == []
    assert store.execute("SELECT count(*) FROM sm_meta WHERE key = 'audit'").fetchone() == (0,)
    store.insert("maintenance", [maintenance()])
    assert len(log(store)) == 1


def test_edits_outside_the_plugin_are_audited(store):
    """What QGIS's attribute form does (an UPDATE through GDAL) is audited too."""
    m = maintenance()
    store.insert("maintenance", [m])
    ds = ogr.Open(store.path, update=1)
    lyr = ds.GetLayerByName("maintenance")
    f = lyr.GetNextFeature()
    f.SetField("contractor", "宜昌市政养护公司")
    lyr.SetFeature(f)
    ds = None
    c = sqlite3.connect(store.path)
    c.execute("DELETE FROM maintenance")
    c.commit()
    c.close()
    entries = log(store)
    assert [e["action"] for e in entries] == ["insert", "update", "delete"]
    assert json.loads(entries[1]["new"])["contractor"] == "宜昌市政养护公司"
    assert entries[1]["user_name"] == "王工"  # the last user the store recorded
