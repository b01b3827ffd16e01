"""Detail records in the archive (issue 4), driven like a user with QTest inside QGIS (pytest-qgis):
CCTV defects entered one by one with the live grade following them, bad cells shown inline with
nothing written, inspection and details saved together and loaded again, tunnel items, and the
waterlogging events tab with the live GB 51222 judgement."""
import re
import sqlite3
import subprocess
from contextlib import closing

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtGui import QInputMethodEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLineEdit, QMessageBox

from safe_municipal.core import schema as S
from safe_municipal.dialogs.archive import close_archive, open_archive
from safe_municipal.dialogs.archive.detail_editor import EventEditor, InspectionEditor
from safe_municipal.dialogs.archive.dock import badge_colours
from safe_municipal.dialogs.archive.logic import badge_hue, grade_fraction
from safe_municipal.dialogs.archive.record_editor import RecordEditor
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.project import load_store

Button = QMessageBox.StandardButton


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def sql(path, query, params=()):
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return con.execute(query, params).fetchall()


def dump(path) -> dict:
    """Every row of every table: a store left 'row-identical' compares equal."""
    out = {}
    for t in S.TABLES:
        cols = ", ".join(f'"{c}"' for c in t.field_names)
        out[t.name] = sorted(map(repr, sql(path, f'SELECT {cols} FROM "{t.name}"')))
    return out


def counts(path) -> dict:
    return {t.name: sql(path, f'SELECT count(*) FROM "{t.name}"')[0][0] for t in S.TABLES}


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()


def keys(target, text: str):
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            QTest.keyClicks(target, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QCoreApplication.sendEvent(target, event)
    QCoreApplication.processEvents()


def type_text(field, text: str):
    editor = field.editor
    target = editor.lineEdit() if hasattr(editor, "lineEdit") and editor.lineEdit() else editor
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    keys(target, text)


def choose(field, value):
    assert field.combo.findData(value) >= 0, value
    field.combo.setCurrentIndex(field.combo.findData(value))


def type_cell(table, row: int, col: int, text: str):
    """Type into a cell through its item editor, as a user does (double-click, type, Return)."""
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    QCoreApplication.processEvents()
    editor = table.viewport().findChild(QLineEdit) or table.findChild(QLineEdit)
    editor.selectAll()
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    keys(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QCoreApplication.processEvents()
    assert table.item(row, col).text() == text


def pick(details, row: int, field: str, value):
    combo = details.combo_at(row, field)
    assert combo.findData(value) >= 0, (field, value, [combo.itemData(i) for i in range(combo.count())])
    combo.setCurrentIndex(combo.findData(value))
    QCoreApplication.processEvents()


def enter(details, **cells):
    """Add a line and fill it: value-list cells chosen, the others typed."""
    click(details.add_button)
    r = details.table.rowCount() - 1
    for field, value in cells.items():
        if details.kinds[details.column(field)] == "combo":
            pick(details, r, field, value)
        else:
            type_cell(details.table, r, details.column(field), str(value))
    return r


class Answers(list):
    def __call__(self, parent, title, text, *args):
        self.asked = getattr(self, "asked", []) + [(title, text)]
        assert self, f"unexpected question: {title}: {text}"
        return self.pop(0)


def live(ed):
    p = ed.live_panel
    return {"grade": p["liveGrade"].text(), "indices": p["liveIndices"].text(), "category": p["liveCategory"].text(),
            "action": p["liveAction"].text(), "reason": p.reason(), "colour": p["liveGrade"].property("badgeColour")}


def colour(standard, grade):
    return badge_colours(badge_hue(grade_fraction(standard, grade)))[0]


def done(ed):
    ed._done = True
    ed.close()


@pytest.fixture()
def town(sample_store, qgis_iface, qgis_new_project, english):
    """The sample store with what grading needs on the pipe, the bridge and the road."""
    s = sample_store
    with GpkgStore.open(s.path) as store, store.audit_suspended() as conn:
        conn.execute("UPDATE drain_pipe SET length_m = 40, diameter_mm = 800, area_class = 'arterial', "
                     "soil_class = 'ordinary' WHERE uid = ?", (s.pipe,))
        conn.execute("UPDATE bridge SET bridge_type = 'beam', bridge_class = 'III', span_count = 1 WHERE uid = ?",
                     (s.bridge,))
        conn.execute("UPDATE road SET road_class = 'arterial', pavement_type = 'asphalt', length_m = 100, width_m = 15 "
                     "WHERE uid = ?", (s.road_a,))
    load_store(s.path)
    s.iface = qgis_iface
    yield s
    close_archive(qgis_iface)
    QgsProject.instance().removeAllMapLayers()
    flush()


def test_cctv_defects_entered_one_by_one_grade_live_and_are_saved_with_the_inspection(town, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", Answers())  # no question may be asked
    dock = open_archive(town.iface, town.path, "drain_pipe", town.pipe)
    before = counts(town.path)
    click(dock.inspections.add_button)
    ed = dock.inspections.editor
    assert isinstance(ed, InspectionEditor) and ed.isVisible()
    details = ed.details_table
    assert [details.table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "Defect code *", "Defect grade *", "Start chainage (m) *", "End chainage (m)", "Orientation"]
    choose(ed.widget("inspection_type"), "cctv")
    assert live(ed)["grade"] == "I" and live(ed)["colour"] == colour("CJJ181-2012", "I")  # a survey without defects
    r = enter(details, code="SL")
    assert live(ed)["reason"] == "Not gradable yet: line 1, Defect grade: is required"
    assert details.cell_state(r, "grade") == "warning"
    type_cell(details.table, r, 1, "1")
    type_cell(details.table, r, 2, "25")
    assert (live(ed)["grade"], details.cell_state(r, "grade")) == ("I", None)  # SL-1: F 0.5, RI 0.35
    enter(details, code="CK", grade=2, start_m=15)
    assert (live(ed)["grade"], live(ed)["colour"]) == ("II", colour("CJJ181-2012", "II"))  # F 2, RI 1.4
    enter(details, code="PL", grade=3, start_m=5)  # STANDARDS.md §1.3: F 5, S_M 0.075, RI 4.25 → Ⅲ
    assert live(ed) == {"grade": "III", "indices": "F = 5 · S_M = 0.075 · RI = 4.25 · G = 0 · Y_M = 0 · MI = 0",
                        "category": "Corrective maintenance (矫正性养护)", "action": "应尽快修复", "reason": "",
                        "colour": colour("CJJ181-2012", "III")}
    assert ed.live_panel["liveGrades"].text() == "structural III · RI III · functional I · MI I"
    # a bad cell: shown live, then refused on saving with the line and field named; nothing written
    r = enter(details, code="PL", grade=5, start_m=30)
    assert live(ed)["reason"] == "Not gradable yet: line 4, Defect grade: is 5, above the maximum 4"
    assert live(ed)["grade"] == "not gradable yet" and live(ed)["colour"] == badge_colours(None)[0]
    snapshot = dump(town.path)
    click(ed.save_button)
    assert ed.isVisible() and ed.error_text("details") == "Details, line 4, Defect grade: is 5, above the maximum 4"
    assert details.cell_state(r, "grade") == "error" and dump(town.path) == snapshot
    type_cell(details.table, r, 2, "thirty")
    click(ed.save_button)
    assert ed.error_text("details") == "Details, line 4, Start chainage (m): is 'thirty', not a number"
    assert details.cell_state(r, "start_m") == "error" and details.cell_state(r, "grade") is None
    assert dump(town.path) == snapshot
    pick(details, r, "code", "FS")  # a grade FS does not have: the grading engine's word, on that cell
    type_cell(details.table, r, 1, "4")
    type_cell(details.table, r, 2, "30")
    assert live(ed)["reason"] == "Not gradable yet: line 4, Defect grade: 4 is not a grade of FS (1-3)"
    click(ed.save_button)
    assert ed.error_text("details") == "Details, line 4, Defect grade: 4 is not a grade of FS (1-3)"
    assert dump(town.path) == snapshot
    type_cell(details.table, r, 1, "2")
    assert live(ed)["grade"] == "III" and live(ed)["reason"] == ""
    click(ed.save_button)  # the inspection and its four defects, in one transaction
    assert not ed.isVisible() and ed.result() == ed.DialogCode.Accepted
    after = counts(town.path)
    assert after == {**before, "inspection": before["inspection"] + 1, "pipe_defect": 4,
                     "audit_log": before["audit_log"] + 5}
    rec = dock.archive.record("inspection", ed.saved_uid)
    assert (rec["facility_uid"], rec["inspection_type"], rec["standard"], rec["grade"]) == (
        town.pipe, "cctv", "CJJ181-2012", "III")  # the grade was left empty: filled from the live result
    indices = dock.inspections.model.rows[0]["indices"]
    assert '"RI": 4.25' in indices and '"F": 5.0' in indices
    assert [(d["code"], d["grade"], d["start_m"]) for d in dock.archive.details(ed.saved_uid)] == [
        ("PL", 3, 5.0), ("CK", 2, 15.0), ("SL", 1, 25.0), ("FS", 2, 30.0)]
    assert dock.tabs.tabText(1) == "Health records (1)"
    # reopened: the details load (by chainage) and grade at once; removing one writes only that
    dock.inspections.view.selectRow(0)
    click(dock.inspections.edit_button)
    ed = dock.inspections.editor
    assert isinstance(ed, InspectionEditor) and not ed.is_dirty()
    assert ed.details_table.texts() == [("PL", "3", "5", "", None), ("CK", "2", "15", "", None),
                                        ("SL", "1", "25", "", None), ("FS", "2", "30", "", None)]
    assert live(ed)["grade"] == "III"
    ed.details_table.table.selectRow(3)
    click(ed.details_table.remove_button)
    assert ed.is_dirty() and live(ed)["grade"] == "III"
    fid = sql(town.path, "SELECT max(fid) FROM audit_log")[0][0]
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert sql(town.path, "SELECT table_name, action FROM audit_log WHERE fid > ?", (fid,)) == [
        ("pipe_defect", "delete")]  # the record's grade is the inspector's now: kept


def test_a_typed_grade_is_kept_and_use_for_this_record_copies_the_live_one(town):
    dock = open_archive(town.iface, town.path, "tunnel", town.tunnel)
    ed = dock.inspections.add()
    assert ed.details_table.table.horizontalHeaderItem(0).text() == "Item *"
    assert live(ed)["reason"] == "Not gradable yet: enter the condition value of at least one item"
    for item, value in (("洞口", 1), ("洞门", 0), ("衬砌", 1), ("衬砌", 2), ("路面", 1), ("检修道", 1), ("排水", 2),
                        ("吊顶及预埋件", 0), ("内装饰", 1), ("标志标线", 0)):  # STANDARDS.md §4, 衬砌 in two segments
        enter(ed.details_table, item=item, value=value)
    assert (live(ed)["grade"], live(ed)["indices"], live(ed)["action"]) == ("3", "JGCI = 68.5", "局部病害处治")
    assert ed.details_table.combo_at(0, "item").currentText() == "洞口 (portal)"
    ed.widget("grade").set_value("2")  # the inspector's own grade
    click(ed.save_button)
    rec = dock.archive.record("inspection", ed.saved_uid)
    assert (rec["grade"], rec["indices"], len(dock.archive.details(ed.saved_uid))) == ("2", None, 10)
    ed = dock.inspections.edit(ed.saved_uid)
    click(ed.live_panel.use_button)
    assert (ed.widget("grade").value(), ed.widget("indices").text()) == ("3", "JGCI = 68.5")
    click(ed.save_button)
    rec = dock.archive.record("inspection", ed.saved_uid)
    assert (rec["grade"], rec["indices"]) == ("3", '{"JGCI": 68.5}')


def test_bridge_elements_follow_their_part_and_the_worked_example_grades_d(town):
    dock = open_archive(town.iface, town.path, "bridge", town.bridge)
    ed = dock.inspections.add()
    d = ed.details_table
    r = enter(d, part="deck")
    elements = [d.combo_at(r, "element").itemData(i) for i in range(1, d.combo_at(r, "element").count())]
    assert elements == ["铺装", "桥头平顺", "伸缩装置", "排水", "人行道", "栏杆"]
    pick(d, r, "element", "铺装")
    type_cell(d.table, r, d.column("mdp"), "20")
    enter(d, part="deck", element="伸缩装置", mdp=35)
    enter(d, part="superstructure", instance=1, element="主梁", mdp=10)
    r = enter(d, part="substructure", instance=1)  # the first support of a one-span bridge: an abutment
    assert d.combo_at(r, "element").itemData(1) == "台帽"
    pick(d, r, "element", "支座")
    type_cell(d.table, r, d.column("mdp"), "25")
    assert (live(ed)["grade"], live(ed)["indices"]) == ("D", "BCI = 93.981 · BSI = 65 · BCI_m = 85.25 · BCI_s = 94 · "
                                                             "BCI_x = 96.875")  # STANDARDS.md §2
    assert live(ed)["action"] == "检测评估后局部中修、大修或加固"
    r = enter(d, part="deck", element="栏杆", dps="20, 10")  # defect deductions: MDP 22.22
    assert live(ed)["grade"] == "D"
    type_cell(d.table, r, d.column("dps"), "20, lots")
    assert live(ed)["reason"] == ("Not gradable yet: line 5, Defect deductions (DP): must be deductions from 0 to 100 "
                                  "separated by commas, e.g. 20, 10")
    assert d.cell_state(r, "dps") == "warning"
    done(ed)


def test_pavement_distresses_and_the_iri_grade_a_road(town):
    dock = open_archive(town.iface, town.path, "road", town.road_a)
    ed = dock.inspections.add()
    d = ed.details_table
    assert live(ed)["reason"] == "Not gradable yet: enter the distresses, or the IRI under Indices"
    types = [d.combo_at(enter(d), "type").itemData(i) for i in range(1, 5)]
    assert types == ["线裂", "网裂", "碎裂/龟裂", "车辙"]  # the asphalt distresses of CJJ 36
    pick(d, 0, "type", "线裂")
    type_cell(d.table, 0, d.column("length_m"), "60")
    enter(d, type="坑槽", area_m2=3)
    assert (live(ed)["grade"], live(ed)["indices"]) == ("B", "PCI = 82.655")  # without an IRI: PCI only
    type_text(ed.widget("indices"), "IRI = 3.0")  # STANDARDS.md §3.4
    assert (live(ed)["grade"], live(ed)["indices"], live(ed)["action"]) == (
        "B", "PCI = 82.655 · RQI = 3.96 · PQI = 80.582", "保养小修")
    click(ed.save_button)
    rec = dock.archive.record("inspection", ed.saved_uid)
    assert (rec["grade"], rec["indices"]) == ("B", '{"IRI": 3.0, "PCI": 82.6547, "PQI": 80.5819, "RQI": 3.96}')
    assert [(x["type"], x["length_m"], x["area_m2"]) for x in dock.archive.details(ed.saved_uid)] == [
        ("线裂", 60.0, None), ("坑槽", None, 3.0)]


def test_missing_facility_inputs_are_named_and_the_record_still_saves(town):
    bare = sql(town.path, "SELECT uid FROM drain_pipe WHERE code = 'GD0002'")[0][0]
    dock = open_archive(town.iface, town.path, "drain_pipe", bare)
    ed = dock.inspections.add()
    enter(ed.details_table, code="PL", grade=2, start_m=3)
    assert live(ed)["reason"] == ("Not gradable yet: Length (m): is not recorded for this facility "
                                  "(Identity and attributes tab)")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert dock.archive.record("inspection", ed.saved_uid)["grade"] is None
    assert [(x["code"], x["grade"]) for x in dock.archive.details(ed.saved_uid)] == [("PL", 2)]


def test_unsaved_detail_changes_are_asked_about(town, monkeypatch):
    dock = open_archive(town.iface, town.path, "tunnel", town.tunnel)
    before = dump(town.path)
    answers = Answers([Button.Cancel, Button.Discard])
    monkeypatch.setattr(QMessageBox, "question", answers)
    ed = dock.inspections.add()
    enter(ed.details_table, item="衬砌", value=2)
    QTest.keyClick(ed, Qt.Key.Key_Escape)  # Cancel: stays open
    assert ed.isVisible()
    click(ed.cancel_button)  # Discard
    assert not ed.isVisible() and [a[0] for a in answers.asked] == ["Unsaved changes"] * 2
    assert dump(town.path) == before


def test_kinds_without_details_keep_the_plain_editor(town):
    dock = open_archive(town.iface, town.path, "manhole", town.manhole)
    ed = dock.inspections.add()
    assert type(ed) is RecordEditor
    done(ed)


def test_waterlogging_events_tab_adds_an_event_with_its_live_judgement(town, monkeypatch):
    dock = open_archive(town.iface, town.path, "tunnel", town.tunnel)
    assert dock.tabs.count() == 7 and dock.tabs.indexOf(dock.events) == -1  # only for waterlogging points
    dock.load(town.path, "waterlogging_point", town.waterlogging)
    assert [dock.tabs.tabText(i) for i in range(3)] == ["Identity and attributes", "Health records",
                                                        "Waterlogging events"]
    before = counts(town.path)
    dock.tabs.setCurrentWidget(dock.events)
    click(dock.events.add_button)
    ed = dock.events.editor
    assert isinstance(ed, EventEditor) and ed.windowTitle() == "New Waterlogging event"
    assert [ed.rows[n][0].text() for n in ed.rows] == [
        "Event date *", "Rainfall (mm)", "Rain return period (years)", "Maximum depth (cm)", "Duration (min)",
        "Water entered buildings", "Traffic impact"]
    assert live(ed)["reason"] == "Not gradable yet: Rain return period (years): is needed to judge the event"
    type_text(ed.widget("rainfall_mm"), "142")
    type_text(ed.widget("return_period_yr"), "20")
    type_text(ed.widget("max_depth_cm"), "25")
    type_text(ed.widget("duration_min"), "50")
    # STANDARDS.md §5: a 1-in-20-year rain, 25 cm for 50 min, in a large city (design 30 years)
    assert live(ed)["grade"] == "Waterlogged (内涝点)" and live(ed)["colour"] == colour("GB51222-2017", "waterlogged")
    assert live(ed)["indices"] == "rain 1 in 20 years (design 30 years), 25 cm deep for 50 min"
    assert live(ed)["action"] == "列为内涝点（未达到内涝防治标准），排查排水能力不足并整治"
    type_text(ed.widget("max_depth_cm"), "12")
    assert live(ed)["grade"] == "Compliant" and live(ed)["colour"] == colour("GB51222-2017", "compliant")
    choose(ed.widget("building_ingress"), True)
    assert live(ed)["grade"] == "Waterlogged (内涝点)"
    type_text(ed.widget("traffic_impact"), "车道积水，交通受阻")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert counts(town.path) == {**before, "waterlogging_event": 1, "audit_log": before["audit_log"] + 1}
    row = dock.archive.record("waterlogging_event", ed.saved_uid)
    assert (row["facility_uid"], row["return_period_yr"], row["max_depth_cm"], row["building_ingress"],
            row["traffic_impact"]) == (town.waterlogging, 20.0, 12.0, 1, "车道积水，交通受阻")
    m = dock.events.model
    assert dock.tabs.tabText(2) == "Waterlogging events (1)"
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(m.columnCount())] == [
        "Event date", "Judgement (GB 51222)", "Maximum depth (cm)", "Duration (min)", "Rain return period (years)",
        "Rainfall (mm)", "Water entered buildings", "Traffic impact"]
    assert [m.data(m.index(0, c)) for c in range(m.columnCount())] == [
        dock.archive.today.isoformat(), "Waterlogged (内涝点)", "12", "50", "20", "142", "yes", "车道积水，交通受阻"]
    assert m.data(m.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "列为内涝点（未达到内涝防治标准），排查排水能力不足并整治"
    # edited: the judgement follows; deleted after a question
    ed = dock.events.edit(ed.saved_uid)
    assert live(ed)["grade"] == "Waterlogged (内涝点)" and not ed.is_dirty()
    choose(ed.widget("building_ingress"), False)
    click(ed.save_button)
    assert m.data(m.index(0, 1)) == "Compliant" and dock.archive.record("waterlogging_event", ed.saved_uid)[
        "building_ingress"] == 0
    monkeypatch.setattr(QMessageBox, "question", answers := Answers([Button.Yes]))
    dock.events.view.selectRow(0)
    click(dock.events.delete_button)
    assert "Delete the waterlogging event of" in answers.asked[0][1] and counts(town.path)["waterlogging_event"] == 0
    # a future date is refused inline
    ed = dock.events.add()
    ed.widget("event_on").set_value("2999-01-01")
    click(ed.save_button)
    assert ed.isVisible() and ed.error_text("event_on") == "Event date: is 2999-01-01, in the future"
    done(ed)
    dock.load(town.path, "tunnel", town.tunnel)
    assert dock.tabs.indexOf(dock.events) == -1 and dock.tabs.count() == 7


def test_the_live_grade_speaks_chinese(town):
    from safe_municipal import i18n

    qm = i18n.I18N_DIR / "safe_municipal_zh_CN.qm"
    ts = qm.with_suffix(".ts")
    if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
        subprocess.run(["lrelease", "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = i18n.install_translator("zh_CN")
    try:
        dock = open_archive(town.iface, town.path, "drain_pipe", town.pipe)
        ed = dock.inspections.add()
        assert ed.live_panel.title() == "实时评级"
        r = enter(ed.details_table, code="PL", start_m=5)
        assert live(ed)["grade"] == "暂不能评级" and live(ed)["reason"] == "暂不能评级：第 1 行，缺陷等级：为必填项"
        type_cell(ed.details_table.table, r, 1, "3")
        type_cell(ed.details_table.table, r, 3, "4")
        assert live(ed)["reason"] == "暂不能评级：第 1 行，终点距离（米）：为 4 m，小于起点距离 5 m"
        type_cell(ed.details_table.table, r, 3, "")
        assert (live(ed)["grade"], live(ed)["category"]) == ("III", "矫正性养护")
        assert ed.live_panel["liveGrades"].text().startswith("结构性 III")
        done(ed)
    finally:
        i18n.remove_translator(translator)


def test_lines_not_touched_are_written_back_unchanged(town):
    dock = open_archive(town.iface, town.path, "bridge", town.bridge)
    insp = dock.archive.add_record("inspection", "bridge", town.bridge, {"inspected_on": "2025-06-01",
                                                                         "standard": "CJJ99-2017"})
    dock.archive.set_details(insp, [dict(part="deck", element="铺装", mdp=12.345678),
                                    dict(part="deck", element="栏杆", dps=[20.25, 10.125]),
                                    dict(part="superstructure", instance=1, element="主梁", mdp=7.5)])
    ed = dock.inspections.edit(insp)
    d = ed.details_table
    assert [d.table.item(r, d.column("mdp")).text() for r in range(3)] == ["12.345678", "", "7.5"]
    assert d.table.item(1, d.column("dps")).text() == "20.25, 10.125"
    type_cell(d.table, 2, d.column("mdp"), "8")
    fid = sql(town.path, "SELECT max(fid) FROM audit_log")[0][0]
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert sql(town.path, "SELECT table_name, action FROM audit_log WHERE fid > ?", (fid,)) == [
        ("inspection", "update"), ("bridge_element", "update")]  # the grade (left empty) filled; one line
    assert [(x["mdp"], x["dps"]) for x in dock.archive.details(insp)] == [
        (12.345678, None), (None, "[20.25, 10.125]"), (8.0, None)]
