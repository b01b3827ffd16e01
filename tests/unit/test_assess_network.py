"""Network assessment (体检): inputs, cycles, assess_network on the demo city. No QGIS needed."""
import datetime as dt
import hashlib
import json
import uuid

import pytest

from safe_municipal.core import assessment_inputs as AI
from safe_municipal.core import schema as S
from safe_municipal.core.cycles import add_months, next_due
from safe_municipal.layers.assess import AssessCancelled, assess_network
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore

AS_OF = "2025-12-31"
KINDS = ("drain_pipe", "road", "bridge", "tunnel", "waterlogging_point", "manhole")


def uid():
    return str(uuid.uuid4())


@pytest.fixture
def store(tmp_path):
    path = str(tmp_path / "tiny.gpkg")
    write_demo_city(path, "tiny", 1)
    s = GpkgStore.open(path)
    yield s
    s.close()


def facility_digest(store):
    h = hashlib.sha256()
    for kind in S.FACILITY_KINDS:
        for r in store.execute(f'SELECT * FROM "{kind}" ORDER BY fid'):
            h.update(repr(r).encode())
    return h.hexdigest()


def grades(store, kind):
    return {r["uid"]: r["grade"] for r in store.rows(kind, columns=["uid", "grade"])}


# --------------------------------------------------------------------------- schema
def test_detail_tables_in_schema():
    for name in ("pipe_defect", "pavement_distress", "bridge_element", "tunnel_item"):
        t = S.table(name)
        assert t.field("inspection_uid").required and "inspection_uid" in t.indexes
    assert S.table("waterlogging_event").field("facility_uid").required
    assert S.table("assessment").field("category").values == "assessment_category"
    assert set(S.value_codes("cctv_code")) >= {"PL", "FZ", "SG"}
    for t in S.FACILITY_TABLES:
        assert {"recommended_action", "recommended_category"} <= set(t.field_names)


def test_detail_rows_audited_with_their_facility(store):
    insp = next(store.rows("inspection", "facility_kind = 'drain_pipe'", columns=["uid", "facility_uid"]))
    store.insert("pipe_defect", [{"uid": uid(), "inspection_uid": insp["uid"], "code": "PL", "grade": 1,
                                  "start_m": 1.0}])
    row = store.execute("SELECT facility_uid FROM audit_log WHERE table_name = 'pipe_defect'").fetchone()
    assert row[0] == insp["facility_uid"]


# --------------------------------------------------------------------------- cycles and inputs
def test_cycles_defaults_and_config():
    on = "2024-03-10"
    assert next_due("drain_pipe", {}, {"grade": "III", "inspected_on": on}, AS_OF) == dt.date(2025, 3, 10)
    assert next_due("drain_pipe", {}, {"grade": "IV", "inspected_on": on}, AS_OF) == dt.date(2024, 6, 10)
    assert next_due("bridge", {}, {"grade": "D", "inspected_on": on}, AS_OF) == dt.date(2024, 9, 10)
    assert next_due("tunnel", {}, {"grade": "3", "inspected_on": on}, AS_OF) == dt.date(2024, 9, 10)
    assert next_due("road", {}, {"grade": "A", "inspected_on": on}, AS_OF) == dt.date(2025, 3, 10)
    assert next_due("manhole", {}, {"grade": "non_compliant", "inspected_on": on}, AS_OF) == dt.date(2024, 6, 10)
    assert next_due("waterlogging_point", {}, {"grade": "waterlogged"}, "2025-12-31") == dt.date(2026, 5, 1)
    assert next_due("waterlogging_point", {}, {"grade": "waterlogged"}, "2025-04-30") == dt.date(2025, 5, 1)
    conf = {"bridge": {"by_class": {"II": {"A": 6}}}, "road": {"by_grade": {"A": 24}}}
    assert next_due("bridge", {"bridge_class": "II"}, {"grade": "A", "inspected_on": on}, AS_OF, conf) == \
        dt.date(2024, 9, 10)
    assert next_due("road", {}, {"grade": "A", "inspected_on": on}, AS_OF, conf) == dt.date(2026, 3, 10)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_inputs_mapping():
    road = {"road_class": "arterial", "pavement_type": "asphalt", "length_m": 100, "width_m": 15}
    std, data = AI.build("road", road, {"uid": "i", "indices": json.dumps({"IRI": 3.0})},
                         [{"type": "线裂", "area_m2": None, "length_m": 60, "dp": None}])
    assert std == "CJJ36-2016" and data == {"road_class": "arterial", "pavement": "asphalt", "area_m2": 1500.0,
                                            "distresses": [{"type": "线裂", "length_m": 60}], "iri": 3.0}
    bridge = {"bridge_type": "beam", "bridge_class": "III", "span_count": 1}
    rows = [{"part": "deck", "instance": None, "element": "铺装", "mdp": 20},
            {"part": "deck", "instance": None, "element": "伸缩装置", "mdp": 35},
            {"part": "superstructure", "instance": 1, "element": "主梁", "mdp": 10},
            {"part": "substructure", "instance": 1, "instance_kind": "abutment", "element": "支座", "mdp": 25}]
    _, data = AI.build("bridge", bridge, {"uid": "i"}, rows)
    assert data["substructure"] == [{"kind": "abutment", "支座": 25}, {"kind": "abutment"}]
    from safe_municipal.core.standards import assess
    a = assess("CJJ99-2017", data)
    assert (a.grades, round(a.index["BCI"], 2)) == ({"BCI": "A", "BSI": "D"}, 93.98)
    with pytest.raises(AI.Skip, match="load_class"):
        AI.build("manhole", {"cover_zone": "carriageway"})
    with pytest.raises(AI.Skip, match="no waterlogging event"):
        AI.build("waterlogging_point", {}, events=[])


# --------------------------------------------------------------------------- the network
def test_assess_network_updates_and_is_idempotent(store):
    recorded = {k: grades(store, k) for k in ("drain_pipe", "tunnel", "bridge")}
    result = assess_network(store, as_of=AS_OF)
    assert result["assessed"] > 300 and result["changed"] == result["assessed"]
    assert set(result["by_kind"]) == set(KINDS)
    assert store.count("assessment") == result["changed"]
    assert sum(sum(g.values()) for g in result["by_grade"].values()) == result["assessed"]
    # the demo's detail rows reproduce its recorded grades (pipes, tunnels, bridges graded by the engine)
    for kind in ("drain_pipe", "tunnel"):
        now = grades(store, kind)
        assert all(now[u] == g for u, g in recorded[kind].items() if g is not None), kind
    pipe = next(store.rows("drain_pipe", "grade IS NOT NULL AND recommended_category IS NOT NULL"))
    assert pipe["grade_standard"] == "CJJ181-2012" and pipe["recommended_action"]

    counts = (store.count("assessment"), store.count("audit_log"), facility_digest(store))
    again = assess_network(store, as_of=AS_OF)
    assert again["changed"] == 0 and again["updated"] == 0 and again["assessed"] == result["assessed"]
    assert (store.count("assessment"), store.count("audit_log"), facility_digest(store)) == counts


def _worked_example_pipe(store, defects=True):
    pipe = {"uid": uid(), "code": "GD-T-0001", "usage": "sewage", "diameter_mm": 800, "length_m": 40.0,
            "area_class": "arterial", "soil_class": "ordinary",
            "geom": ("LineString", [(527000.0, 3397000.0), (527040.0, 3397000.0)])}
    store.insert("drain_pipe", [pipe])
    if not defects:
        return pipe
    insp = {"uid": uid(), "facility_uid": pipe["uid"], "facility_kind": "drain_pipe", "inspected_on": "2024-03-10",
            "inspection_type": "cctv", "standard": "CJJ181-2012"}
    store.insert("inspection", [insp])
    store.insert("pipe_defect", [
        {"uid": uid(), "inspection_uid": insp["uid"], "code": c, "grade": g, "start_m": x}
        for c, g, x in (("PL", 3, 5.0), ("CK", 2, 15.0), ("SL", 1, 25.0))])
    return pipe


def test_worked_example_pipe(store):
    pipe = _worked_example_pipe(store)
    result = assess_network(store, kinds=["drain_pipe"], as_of=AS_OF)
    row = store.get("drain_pipe", pipe["uid"])
    assert (row["grade"], row["recommended_category"], row["next_due"]) == ("III", "corrective", "2025-03-10")
    assert row["recommended_action"] == "应尽快修复"
    a = next(store.rows("assessment", "facility_uid = ?", (pipe["uid"],)))
    assert json.loads(a["indices"])["RI"] == pytest.approx(4.25)
    assert json.loads(a["grades"])["structural"] == "III" and a["category"] == "corrective"
    assert result["by_kind"]["drain_pipe"]["changed"] >= 1
    # a new defect changes the result: a new assessment row, the facility updated
    insp = a["inspection_uid"]
    store.insert("pipe_defect", [{"uid": uid(), "inspection_uid": insp, "code": "PL", "grade": 4, "start_m": 35.0}])
    again = assess_network(store, kinds=["drain_pipe"], as_of=AS_OF)
    assert again["changed"] == 1 and again["updated"] == 1
    assert store.get("drain_pipe", pipe["uid"])["grade"] == "IV"


def test_skipped_facilities_reported(store):
    pipe = _worked_example_pipe(store, defects=False)
    result = assess_network(store, kinds=["drain_pipe"], as_of=AS_OF)
    assert result["skipped_facilities"][pipe["uid"]] == "drain_pipe: no CCTV survey"
    assert result["skipped"] == result["by_kind"]["drain_pipe"]["skipped"] >= 1
    assert store.get("drain_pipe", pipe["uid"])["grade"] is None


def test_kinds_filter(store):
    result = assess_network(store, kinds=["tunnel"], as_of=AS_OF)
    assert list(result["by_kind"]) == ["tunnel"]
    kinds = {r[0] for r in store.execute("SELECT DISTINCT facility_kind FROM assessment")}
    assert kinds == {"tunnel"}
    with pytest.raises(ValueError, match="rain_inlet"):
        assess_network(store, kinds=["rain_inlet"])


def test_as_of_ignores_later_inspections(store):
    pipe = _worked_example_pipe(store)
    result = assess_network(store, kinds=["drain_pipe"], as_of="2024-01-01")
    assert "no CCTV survey" in result["skipped_facilities"][pipe["uid"]]


def test_cancel_rolls_back(store):
    class Feedback:
        calls, progress = 0, []

        def isCanceled(self):  # noqa: N802 - QgsFeedback's name
            self.calls += 1
            return self.calls > 4

        def setProgress(self, p):  # noqa: N802
            self.progress.append(p)

    before = (store.count("assessment"), store.count("audit_log"), facility_digest(store))
    with pytest.raises(AssessCancelled):
        assess_network(store, as_of=AS_OF, feedback=Feedback())
    assert (store.count("assessment"), store.count("audit_log"), facility_digest(store)) == before


def test_special_bridges_with_option(store):
    plain = assess_network(store, kinds=["bridge"], as_of=AS_OF)
    general = assess_network(store, kinds=["bridge"], as_of=AS_OF,
                             options={"CJJ99-2017": {"special_types": "general"}})
    assert general["skipped"] < plain["skipped"] or plain["skipped"] == 0


def test_bulk_attribute_insert_keeps_feature_count(store):
    insp = next(store.rows("inspection", "facility_kind = 'drain_pipe'", columns=["uid"]))["uid"]
    before = store.count("pipe_defect")
    rows = [{"uid": uid(), "inspection_uid": insp, "code": "SL", "grade": 1, "start_m": 1.0}
            for _ in range(GpkgStore.BULK_ROWS + 5)]
    store.insert("pipe_defect", rows)
    n = store.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'pipe_defect'").fetchone()[0]
    assert n == store.count("pipe_defect") == before + len(rows)
    names = {r[0] for r in store.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                          "AND tbl_name = 'pipe_defect'")}
    assert "trigger_insert_feature_count_pipe_defect" in names


# --------------------------------------------------------------------------- writing: derived data, not audited
def triggers(store):
    return dict(store.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"))


def test_assessment_writes_are_not_audited_and_triggers_come_back(store):
    store.user = "体检员"
    before_log, before_triggers = store.count("audit_log"), triggers(store)
    result = assess_network(store, as_of=AS_OF)
    assert result["updated"] > 300
    assert store.count("audit_log") == before_log  # derived fields: the assessment table is their history
    assert triggers(store) == before_triggers
    assert {r[0] for r in store.execute("SELECT DISTINCT assessed_by FROM assessment")} == {"体检员"}
    count = store.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'assessment'").fetchone()[0]
    assert count == store.count("assessment") == result["changed"]
    # a hand edit of a grade is still audited, and the R-tree still follows moved geometries
    pipe = next(store.rows("drain_pipe", columns=["uid", "grade"]))
    store.update("drain_pipe", pipe["uid"], {"grade": "IV" if pipe["grade"] != "IV" else "I"})
    assert store.count("audit_log") == before_log + 1
    assert store.execute("SELECT value FROM sm_meta WHERE key = 'audit'").fetchone() is None


@pytest.fixture
def twin(store, tmp_path):
    """A second store holding the same data as ``store`` (before the test changes it)."""
    import shutil

    copy = str(tmp_path / "copy.gpkg")
    shutil.copyfile(store.path, copy)
    with GpkgStore.open(copy) as other:
        yield other


def test_small_chunks_give_the_same_result(store, twin, monkeypatch):
    from safe_municipal.layers import assess as A

    whole = assess_network(store, as_of=AS_OF)
    monkeypatch.setattr(A, "CHUNK", 7)
    other = twin
    chunked = assess_network(other, as_of=AS_OF)
    assert facility_digest(other) == facility_digest(store)
    assert other.count("assessment") == store.count("assessment") == chunked["changed"]
    assert assess_network(other, as_of=AS_OF)["changed"] == 0
    for key in ("assessed", "changed", "updated", "skipped", "by_grade"):
        assert chunked[key] == whole[key], key


def test_a_failing_write_rolls_everything_back(store, monkeypatch):
    import sqlite3

    from safe_municipal.layers import assess as A

    monkeypatch.setattr(A, "CHUNK", 50)
    real_job = A._DerivedWrites.job
    calls = []

    def job(self, new_rows, updates):
        run = real_job(self, new_rows, updates)
        calls.append(1)
        if len(calls) == 3:  # the third chunk breaks a CHECK constraint in the writer thread
            def broken(conn):
                run(conn)
                conn.execute("INSERT INTO assessment (uid, facility_uid, facility_kind, assessed_on) "
                             "VALUES ('short', 'x', 'drain_pipe', '2025-01-01')")
            return broken
        return run

    monkeypatch.setattr(A._DerivedWrites, "job", job)
    before = (store.count("assessment"), store.count("audit_log"), facility_digest(store), triggers(store))
    with pytest.raises(sqlite3.IntegrityError):
        assess_network(store, as_of=AS_OF)
    assert (store.count("assessment"), store.count("audit_log"), facility_digest(store), triggers(store)) == before
    assert store.execute("SELECT value FROM sm_meta WHERE key = 'audit'").fetchone() is None


def test_triggers_suspended_guards(store):
    from safe_municipal.layers.errors import StoreError

    with pytest.raises(StoreError, match="inside a transaction"):
        with store.triggers_suspended("drain_pipe", "update"):
            pass
    before = triggers(store)
    with store.transaction():
        with pytest.raises(ValueError, match="select"):
            with store.triggers_suspended("drain_pipe", "select"):
                pass
        with store.triggers_suspended("drain_pipe", "update"):  # auditing on: the audit trigger stays
            names = set(triggers(store))
            assert "sm_audit_drain_pipe_update" in names and "rtree_drain_pipe_geom_update3" not in names
            assert "rtree_drain_pipe_geom_update1" in names  # limited to the geometry: kept
    assert triggers(store) == before
    with pytest.raises(RuntimeError):
        with store.audit_suspended():
            with store.triggers_suspended("drain_pipe", "update"):
                assert "sm_audit_drain_pipe_update" not in triggers(store)
                raise RuntimeError("boom")
    assert triggers(store) == before
