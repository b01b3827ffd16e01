"""The facility archive dock (issue #3), driven like a user with QTest inside QGIS (pytest-qgis), on a
fresh copy of the tiny demo city each; bad input leaves the rows of every table and the audit log as they were."""
import datetime as dt
import json
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace

import pytest
from qgis.core import Qgis, QgsCoordinateTransform, QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtGui import QColor, QDesktopServices, QImage, QInputMethodEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QTabWidget

from safe_municipal.core import schema as S
from safe_municipal.dialogs.archive import ArchiveDock, close_archive, find_archive, logic, open_archive
from safe_municipal.dialogs.archive.attributes import feature_of
from safe_municipal.dialogs.archive.dock import MAX_ATTACHMENT_SETTING, badge_colours, qgis_user
from safe_municipal.layers.archive import new_uid
from safe_municipal.layers.demo_writer import write_demo_city
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.project import find_layer, load_store

TODAY = dt.date.today()
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
Button = QMessageBox.StandardButton


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def sql(path, query, params=()):
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        return con.execute(query, params).fetchall()


class City(SimpleNamespace):
    """The store under test (``path``, ``iface``, facility uids) and what its file holds."""

    def counts(self) -> dict:
        return {t.name: sql(self.path, f'SELECT count(*) FROM "{t.name}"')[0][0] for t in S.TABLES}

    def last_fid(self) -> int:
        return sql(self.path, "SELECT coalesce(max(fid), 0) FROM audit_log")[0][0]

    def audit(self, since_fid: int) -> list:
        rows = sql(self.path, "SELECT user_name, table_name, row_uid, action, old_values, new_values FROM audit_log"
                              " WHERE fid > ? ORDER BY fid", (since_fid,))
        return [dict(user=r[0], table=r[1], row_uid=r[2], action=r[3], old=json.loads(r[4]) if r[4] else None,
                     new=json.loads(r[5]) if r[5] else None) for r in rows]

    def layer_count(self, table: str) -> int:
        return find_layer(QgsProject.instance(), table, self.path).featureCount()


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()


def keys(target, text: str):
    """Keys for ASCII; an input-method commit, as a Chinese IME sends it, for other characters."""
    for chunk in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if chunk.isascii():
            QTest.keyClicks(target, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QCoreApplication.sendEvent(target, event)
    QCoreApplication.processEvents()


def type_text(field, text: str):  # select what a field holds and type over it
    editor = field.editor
    target = editor.lineEdit() if hasattr(editor, "lineEdit") and editor.lineEdit() else editor
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    keys(target, text)


def type_date(field, iso: str):  # section by section, into a DateField's QDateEdit
    edit = field.edit
    QApplication.setActiveWindow(edit.window())
    edit.setFocus()  # entering an empty date offers today's to type over
    for section, text in zip((edit.Section.YearSection, edit.Section.MonthSection, edit.Section.DaySection),
                             iso.split("-")):
        edit.setSelectedSection(section)
        QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert field.value() == iso


def choose(field, value):
    assert field.combo.findData(value) >= 0, value
    field.combo.setCurrentIndex(field.combo.findData(value))


def type_cell(table, row: int, col: int, text: str):  # through the cell's item editor
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    QCoreApplication.processEvents()
    editor = table.viewport().findChild(QLineEdit) or table.findChild(QLineEdit)
    editor.selectAll()
    keys(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QCoreApplication.processEvents()
    assert table.item(row, col).text() == text


def type_materials(ed, *lines):
    for line in lines:
        click(ed.materials_table.add_button)
        for c, text in enumerate(line):
            type_cell(ed.materials_table.table, ed.materials_table.table.rowCount() - 1, c, text)


class Answers(list):
    """Stands in for QMessageBox.question: gives the prepared answers, keeps the questions in ``asked``."""

    def __call__(self, parent, title, text, *args):
        self.asked = getattr(self, "asked", []) + [(title, text)]
        assert self, f"unexpected question: {title}: {text}"
        return self.pop(0)


def add_inspections(path, kind, uid, n):
    with GpkgStore.open(path) as store, store.audit_suspended():
        store.insert("inspection", [dict(
            uid=new_uid(), facility_uid=uid, facility_kind=kind, inspected_on=str(dt.date(2020, 1, 1) + dt.timedelta(i)),
            inspection_type="routine", inspector=f"P{i:04d}", standard="JTGH12-2015", grade=str(1 + i % 5),
            indices=json.dumps({"JGCI": 60 + i % 40})) for i in range(n)])


def write_png(path) -> bytes:
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 30, 30))
    return Path(path).read_bytes() if image.save(str(path), "PNG") else b""


def colour_pixels(image, colour: QColor, tolerance: int = 40) -> int:
    return sum(1 for y in range(image.height()) for x in range(image.width())
               if sum(abs(a - b) for a, b in zip(QColor(image.pixel(x, y)).getRgb()[:3], colour.getRgb()[:3]))
               <= tolerance)


def show(dock, tab: int):
    dock.setFloating(True)
    dock.resize(700, 600)
    dock.show()
    dock.tabs.setCurrentIndex(tab)
    flush()


def done(ed):  # close an editor left open on purpose, without the unsaved-changes question
    ed._done = True
    ed.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    write_demo_city(str(path := tmp_path_factory.mktemp("archive") / "tiny.gpkg"), scale="tiny", seed=1)
    return path


@pytest.fixture()
def city(template, tmp_path, qgis_iface, qgis_new_project):
    path = tmp_path / "city.gpkg"
    shutil.copy(template, path)
    load_store(str(path))
    uid = {k: sql(path, f'SELECT uid FROM "{k}" WHERE name = ?', (n,))[0][0]
           for k, n in (("tunnel", "东山隧道"), ("road", "东山大道"))}
    yield City(path=str(path), iface=qgis_iface, tunnel=uid["tunnel"], road=uid["road"])
    close_archive(qgis_iface)
    QgsProject.instance().removeAllMapLayers()
    flush()


@pytest.fixture()
def dock(city):
    d = open_archive(city.iface, city.path, "tunnel", city.tunnel)
    flush()
    return d


def test_open_shows_header_tabs_records_connections_and_recommendation(city, dock):
    assert isinstance(dock, ArchiveDock) and dock.objectName() == "SafeMunicipalArchiveDock"
    assert dock.windowTitle() == "Facility archive" and dock.parent() is city.iface.mainWindow()
    h, overdue = dock.header, dt.date(2026, 5, 16) < TODAY
    assert [h[n].text() for n in ("headerCode", "headerName", "headerKind", "headerDistrict", "gradeBadge",
                                  "headerStandard", "headerLastInspected", "headerNextDue", "headerCategory")] == [
        "SD-XL-000001", "东山隧道", "Tunnels", "西陵区", "1", "JTG H12-2015 tunnels", "2025-05-16",
        "2026-05-16" + ("  (overdue)" if overdue else ""), "Preventive maintenance (预防性养护)"]
    assert (h["gradeBadge"].property("badgeColour"), h["headerNextDue"].property("overdue")) == (
        badge_colours(120)[0], overdue)  # the best grade: green
    assert [dock.tabs.tabText(i) for i in range(dock.tabs.count())] == [
        "Identity and attributes", "Health records (7)", "Maintenance (4)", "Attachments", "Grade history",
        "Connections (1)", "Change history"]
    m, w = dock.inspections.model, dock.works.model
    assert (m.rowCount(), w.rowCount()) == (7, 4)
    assert [m.data(m.index(0, c)) for c in range(7)] == [
        "2025-05-16", "Periodic inspection", "韩雪", "JTGH12-2015", "JGCI = 86.3", "1",
        "土建结构技术状况评分JGCI 86.3，评定为1类；主要病害：装饰板脱落。"]
    assert [w.data(w.index(0, c)) for c in range(8)] == [
        "2025-01-15", "2025-01-20", "Minor repair (小修保养)", "Done", "保养维修：截水沟修补、灯具更换",
        "三峡路桥养护工程有限公司", "160,266.85", "磷镁混合料 1.54 t"]
    assert w.data(w.index(1, 7)) == "超高性能混凝土(UHPC) 18.5 m³; 环氧树脂 1260 kg; 防水卷材 860 m²"
    assert [i.text(0) for i in dock.connections.items()] == ["DL-XL-000001 东山大道"]
    assert dock.connections.tree.topLevelItem(0).text(0) == "Road (1)"
    rec = dock.grades.recommendation.text()
    assert rec.startswith("Recommended: Preventive maintenance (预防性养护) (grade 1, JTG H12-2015 tunnels).")
    assert "2026-05-16" in rec
    # the grade chart paints the grade as a step line and the JGCI values as points
    chart = dock.grades.chart
    assert (chart.standard, chart.index_name, len(chart.history)) == ("JTGH12-2015", "JGCI", 7)
    chart.resize(420, 240)
    image = chart.grab().toImage()
    assert colour_pixels(image, chart.LINE_COLOUR) > 100 and colour_pixels(image, chart.POINT_COLOUR) >= 7 * 12
    chart.set_history([])
    empty = chart.grab().toImage()
    assert colour_pixels(empty, chart.LINE_COLOUR) == 0 and colour_pixels(empty, chart.POINT_COLOUR) == 0


def test_dock_is_reused_released_and_removed(city, dock):
    assert open_archive(city.iface, city.path, "road", city.road) is dock
    assert len(city.iface.mainWindow().findChildren(ArchiveDock)) == 1 and find_archive(city.iface) is dock
    assert dock.header["headerCode"].text() == "DL-XL-000001"
    assert dock.load(city.path, "tunnel", new_uid()) is False  # unknown: a message, the dock keeps what it shows
    assert dock.header["headerCode"].text() == "DL-XL-000001"
    assert any("Cannot open the archive" in m for m in city.iface.messageBar().get_messages(Qgis.Critical))
    dock.load(city.path, "tunnel", city.tunnel)
    show(dock, 1)
    dock.close()  # closing the dock releases the store; showing it again reads the store afresh
    assert dock.store is None and dock.archive is None
    add_inspections(city.path, "tunnel", city.tunnel, 1)
    dock.setUserVisible(True)
    assert dock.store is not None and dock.tabs.tabText(1) == "Health records (8)"
    close_archive(city.iface)
    assert city.iface.mainWindow().findChildren(ArchiveDock) == [] and find_archive(city.iface) is None


def test_add_maintenance_through_the_editor(city, dock):
    before, fid = city.counts(), city.last_fid()
    layer_before = city.layer_count("maintenance")
    dock.tabs.setCurrentIndex(2)
    click(dock.works.add_button)
    ed = dock.works.editor
    assert ed.isVisible() and ed.rows["category"][0].text() == "Category *"
    choose(ed.widget("category"), "minor")
    choose(ed.widget("status"), "done")
    start, end = str(TODAY - dt.timedelta(days=3)), str(TODAY - dt.timedelta(days=1))
    type_date(ed.widget("started_on"), start)
    type_date(ed.widget("finished_on"), end)
    type_text(ed.widget("description"), "截水沟清淤")
    type_text(ed.widget("contractor"), "宜昌市政养护公司")
    type_text(ed.widget("cost_yuan"), "12000.5")
    click(ed.save_button)
    assert not ed.isVisible() and ed.result() == ed.DialogCode.Accepted
    assert city.counts() == {**before, "maintenance": before["maintenance"] + 1, "audit_log": before["audit_log"] + 1}
    (e,) = city.audit(fid)
    assert (e["user"], e["table"], e["action"], e["old"]) == (qgis_user(), "maintenance", "insert", None)
    assert e["new"] == {"uid": ed.saved_uid, "facility_uid": city.tunnel, "facility_kind": "tunnel",
                        "category": "minor", "status": "done", "started_on": start, "finished_on": end,
                        "description": "截水沟清淤", "contractor": "宜昌市政养护公司", "cost_yuan": 12000.5,
                        **{k: None for k in ("work_type", "due_on", "reason", "urgency", "estimated_cost_yuan",
                                             "responsible_unit", "plan_ref", "programme_uid")}}
    assert dock.works.model.rows[0]["uid"] == ed.saved_uid and dock.tabs.tabText(2) == "Maintenance (5)"
    assert city.layer_count("maintenance") == layer_before + 1  # QGIS's own layer sees it (reloaded)
    close_archive(city.iface)  # reopened: still there, with its history
    d = open_archive(city.iface, city.path, "tunnel", city.tunnel)
    m = d.works.model
    assert [m.data(m.index(0, c)) for c in range(8)] == [
        start, end, "Minor repair (小修保养)", "Done", "截水沟清淤", "宜昌市政养护公司", "12,000.50", ""]
    assert d.history.row(0)[1:] == [qgis_user(), "Maintenance works", "Insert"]
    assert d.history.lines(0) == ["Category: Minor repair (小修保养)", "Status: Done", f"Start date: {start}",
                                  f"End date: {end}", "Description: 截水沟清淤", "Contractor: 宜昌市政养护公司",
                                  "Cost (yuan): 12000.5"]


def test_edit_inspection_audits_old_and_new(city, dock):
    m, uid = dock.inspections.model, dock.inspections.model.row_uid(0)
    before, fid = city.counts(), city.last_fid()
    dock.inspections.view.selectRow(0)
    click(dock.inspections.edit_button)
    ed = dock.inspections.editor
    assert (ed.widget("inspector").value(), ed.widget("indices").text()) == ("韩雪", "JGCI = 86.3")
    assert ed.widget("grade").scale() == ["1", "2", "3", "4", "5"]
    type_text(ed.widget("inspector"), "Wang Gong")
    ed.widget("grade").combo.setCurrentIndex(ed.widget("grade").combo.findText("2"))
    type_text(ed.widget("indices"), "JGCI = 84.1; note = re-checked")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted and city.counts() == {**before, "audit_log": before["audit_log"] + 1}
    (e,) = city.audit(fid)
    assert (e["user"], e["table"], e["row_uid"], e["action"]) == (qgis_user(), "inspection", uid, "update")
    assert {k for k in e["new"] if e["new"][k] != e["old"][k]} == {"inspector", "grade", "indices"}
    assert (e["old"]["inspector"], e["new"]["inspector"], e["old"]["grade"], e["new"]["grade"]) == (
        "韩雪", "Wang Gong", "1", "2")
    assert [json.loads(e[k]["indices"]) for k in ("old", "new")] == [{"JGCI": 86.3}, {"JGCI": 84.1, "note": "re-checked"}]
    assert dock.history.row(0)[1:] == [qgis_user(), "Health records", "Update"]
    assert dock.history.lines(0) == ["Inspector: 韩雪 → Wang Gong",
                                     "Indices: JGCI = 86.3 → JGCI = 84.1; note = re-checked", "Grade: 1 → 2"]
    assert dock.history.tree.topLevelItem(0).isExpanded() and m.data(m.index(0, 2)) == "Wang Gong"


def test_materials_are_written_with_their_work_in_one_transaction(city, dock):
    before, fid = city.counts(), city.last_fid()
    ed = dock.works.add()
    choose(ed.widget("category"), "corrective")
    choose(ed.widget("status"), "in_progress")
    type_materials(ed, ("UHPC", "2.5", "m³"), ("磷镁混合料", "1.2", "t"))
    click(ed.save_button)
    assert city.counts() == {**before, "maintenance": before["maintenance"] + 1, "audit_log": before["audit_log"] + 3,
                             "maintenance_material": before["maintenance_material"] + 2}
    assert [(e["table"], e["action"]) for e in city.audit(fid)] == [
        ("maintenance", "insert"), ("maintenance_material", "insert"), ("maintenance_material", "insert")]
    assert [(m["material"], m["quantity"], m["unit"]) for m in dock.archive.materials(ed.saved_uid)] == [
        ("UHPC", 2.5, "m³"), ("磷镁混合料", 1.2, "t")]
    m = dock.works.model
    assert m.data(m.index(m.row_of(ed.saved_uid), 7)) == "UHPC 2.5 m³; 磷镁混合料 1.2 t"
    assert city.layer_count("maintenance_material") == before["maintenance_material"] + 2
    # editing the 2021 repair: the work updated, its three materials replaced
    uid = next(r["uid"] for r in m.rows if r["started_on"] == "2021-09-06")
    before, fid = city.counts(), city.last_fid()
    ed = dock.works.edit(uid)
    assert ed.materials_table.texts() == [("超高性能混凝土(UHPC)", "18.5", "m³"), ("环氧树脂", "1260", "kg"),
                                          ("防水卷材", "860", "m²")]
    type_text(ed.widget("contractor"), "New contractor")
    type_cell(ed.materials_table.table, 0, 1, "20")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert city.counts() == {**before, "audit_log": before["audit_log"] + 7}
    assert [(e["table"], e["action"]) for e in city.audit(fid)] == [("maintenance", "update")] + \
        [("maintenance_material", "delete")] * 3 + [("maintenance_material", "insert")] * 3
    assert [mm["quantity"] for mm in dock.archive.materials(uid)] == [20.0, 1260.0, 860.0]
    # a bad material line: the work's own change is not kept either
    before, ed = city.counts(), dock.works.edit(uid)
    type_text(ed.widget("contractor"), "Other contractor")
    type_cell(ed.materials_table.table, 1, 1, "-3")
    click(ed.save_button)
    assert ed.error_text("materials") == "Materials, line 2, Quantity: is -3.0, negative"
    assert city.counts() == before and dock.archive.record("maintenance", uid)["contractor"] == "New contractor"
    done(ed)


def test_delete_asks_first(city, dock, monkeypatch):
    w = dock.works.model
    uid = w.row_uid(1)
    mats = [x["uid"] for x in dock.archive.materials(uid)]
    before, fid = city.counts(), city.last_fid()
    answers = Answers([Button.No, Button.Yes])
    monkeypatch.setattr(QMessageBox, "question", answers)
    dock.works.view.selectRow(1)
    click(dock.works.delete_button)  # No
    assert city.counts() == before and "2021-09-06" in answers.asked[0][1]
    click(dock.works.delete_button)  # Yes
    assert city.counts() == {**before, "maintenance": before["maintenance"] - 1, "audit_log": before["audit_log"] + 4,
                             "maintenance_material": before["maintenance_material"] - 3}
    assert sorted((e["table"], e["row_uid"], e["action"], e["new"]) for e in city.audit(fid)) == sorted(
        [("maintenance", uid, "delete", None)] + [("maintenance_material", u, "delete", None) for u in mats])
    assert w.row_of(uid) == -1 and dock.tabs.tabText(2) == "Maintenance (3)"
    assert [dock.history.row(r)[3] for r in range(4)] == ["Delete"] * 4  # the deletions stay in the history
    assert "Cost (yuan): 3860000" in [ln for r in range(4) for ln in dock.history.lines(r)]
    assert city.layer_count("maintenance") == before["maintenance"] - 1


WORK = [("choose", "category", "minor"), ("choose", "status", "planned")]
BAD = {  # case: (table, steps, field, inline error)
    "future": ("inspection", [("date", "inspected_on", TOMORROW)], "inspected_on",
               f"Inspection date: is {TOMORROW}, in the future"),
    "end_before_start": ("maintenance", WORK + [("date", "started_on", "2025-06-10"),
                                                ("date", "finished_on", "2025-06-01")],
                         "finished_on", "End date: is 2025-06-01, before the start 2025-06-10"),
    "negative_cost": ("maintenance", WORK + [("text", "cost_yuan", "-500")], "cost_yuan",
                      "Cost (yuan): is -500.0, negative"),
    "negative_quantity": ("maintenance", WORK + [("materials", ("UHPC", "-1.5", "m³"))], "materials",
                          "Materials, line 1, Quantity: is -1.5, negative"),
    "quantity_not_a_number": ("maintenance", WORK + [("materials", ("UHPC", "lots", "m³"))], "materials",
                              "Materials, line 1, Quantity: is 'lots', not a number"),
    "grade_off_scale": ("inspection", [("text", "grade", "F")], "grade",
                        "Grade: grade 'F' is not on the JTGH12-2015 scale (1, 2, 3, 4, 5)"),
    "missing_category": ("maintenance", WORK[1:], "category", "Category: is required"),
    "missing_unit": ("maintenance", WORK + [("materials", ("UHPC", "2", ""))], "materials",
                     "Materials, line 1, Unit: is required"),
    "bad_indices": ("inspection", [("text", "indices", "JGCI 80")], "indices",
                    "Indices: has 'JGCI 80': write name = value pairs separated by ';'"),
}
ACTIONS = {"choose": lambda ed, f, v: choose(ed.widget(f), v), "date": lambda ed, f, v: type_date(ed.widget(f), v),
           "text": lambda ed, f, v: type_text(ed.widget(f), v), "materials": lambda ed, line: type_materials(ed, line)}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_shown_inline_and_nothing_is_saved(city, dock, case, monkeypatch):
    table, steps, field, message = BAD[case]
    monkeypatch.setattr(QMessageBox, "question", Answers())  # no question may be asked
    before = city.counts()
    panel = dock.inspections if table == "inspection" else dock.works
    click(panel.add_button)
    ed = panel.editor
    for action, *args in steps:
        ACTIONS[action](ed, *args)
    if case == "negative_cost":
        assert ed.widget("cost_yuan").value() == -500.0  # taken as typed, refused when saving
    click(ed.save_button)
    assert ed.isVisible() and ed.result() != ed.DialogCode.Accepted and ed.error_text(field) == message
    if field == "materials":
        assert ed.materials_table.table.styleSheet() != ""
    else:
        assert ed.widget(field).editor.property("hasError") is True and ed.rows[field][2].isVisible()
        assert [n for n in ed.rows if n != field and ed.error_text(n)] == []  # only that field
    assert city.counts() == before
    done(ed)


def test_unsaved_changes_are_asked_about(city, dock, monkeypatch):
    before = city.counts()
    monkeypatch.setattr(QMessageBox, "question", Answers())  # nothing typed: no question
    QTest.keyClick(ed := dock.works.add(), Qt.Key.Key_Escape)
    assert not ed.isVisible()
    answers = Answers([Button.Cancel, Button.Discard])
    monkeypatch.setattr(QMessageBox, "question", answers)
    ed = dock.works.add()
    type_text(ed.widget("description"), "half done")
    QTest.keyClick(ed, Qt.Key.Key_Escape)  # Cancel: stays open
    assert ed.isVisible()
    click(ed.cancel_button)  # Discard: closed, nothing saved
    assert not ed.isVisible() and [a[0] for a in answers.asked] == ["Unsaved changes"] * 2 and city.counts() == before
    monkeypatch.setattr(QMessageBox, "question", Answers([Button.Save, Button.Save]))
    ed = dock.works.add()
    choose(ed.widget("category"), "preventive")
    choose(ed.widget("status"), "planned")
    ed.close()  # the window's close button → Save: saved
    assert ed.result() == ed.DialogCode.Accepted and city.counts()["maintenance"] == before["maintenance"] + 1
    ed = dock.works.add()
    choose(ed.widget("status"), "planned")
    ed.close()  # Save with bad input: stays open with the error
    assert ed.isVisible() and ed.error_text("category") == "Category: is required"
    done(ed)


def test_attachment_add_thumbnail_open_delete(city, dock, tmp_path, monkeypatch):
    png = tmp_path / "deck photo.png"
    content = write_png(png)
    before, fid = city.counts(), city.last_fid()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(png), ""))
    dock.tabs.setCurrentIndex(3)
    click(dock.attachments.add_button)
    ed = dock.attachments.editor
    assert (ed.widget("file").value(), ed.widget("title").value()) == (str(png), "deck photo")
    type_date(ed.widget("taken_on"), "2025-03-02")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert city.counts() == {**before, "attachment": before["attachment"] + 1, "audit_log": before["audit_log"] + 1}
    (e,) = city.audit(fid)
    assert (e["action"], *map(e["new"].get, ("file_name", "mime_type", "size_bytes", "taken_on"))) == (
        "insert", "deck photo.png", "image/png", len(content), "2025-03-02")
    panel = dock.attachments
    assert panel.list.count() == 1 and dock.tabs.tabText(3) == "Attachments (1)"
    panel.finish_thumbnails()
    item, opened = panel.list.item(0), []
    thumb = item.icon().pixmap(96, 96).toImage()
    assert item.text() == "deck photo" and (thumb.width(), thumb.height()) == (96, 60)  # 320×200 in 96×96
    assert QColor(thumb.pixel(48, 30)) == QColor(200, 30, 30)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    item.setSelected(True)
    click(panel.open_button)  # exported to the session's temporary folder, for the system viewer
    exported = Path(opened[0].toLocalFile())
    assert exported.read_bytes() == content and exported.parent == panel.temp_dir()
    monkeypatch.setattr(QMessageBox, "question", Answers([Button.Yes]))
    click(panel.delete_button)
    assert city.counts() == {**before, "audit_log": before["audit_log"] + 2} and panel.list.count() == 0
    close_archive(city.iface)  # the session's exports go with the dock
    assert not exported.exists()
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")  # no image: a generic icon, no thumbnail work
    d = open_archive(city.iface, city.path, "tunnel", city.tunnel)
    click(d.attachments.add(str(tmp_path / "report.pdf")).save_button)
    assert d.attachments.pending == [] and not d.attachments.list.item(0).icon().isNull()


@pytest.mark.parametrize("case", ["missing", "too_big"])
def test_bad_attachment_is_shown_inline(city, tmp_path, case, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", Answers())
    path = tmp_path / "big.png"
    if case == "too_big":
        write_png(path)
        QgsSettings().setValue(MAX_ATTACHMENT_SETTING, 0.0001)  # the configured limit, in MB (25 by default)
    d = open_archive(city.iface, city.path, "tunnel", city.tunnel)
    QgsSettings().remove(MAX_ATTACHMENT_SETTING)
    assert d.archive.max_attachment_bytes == (104 if case == "too_big" else 25 * 1048576)
    before, ed = city.counts(), d.attachments.add(str(path))
    click(ed.save_button)
    assert ed.isVisible() and ed.widget("file").editor.property("hasError") is True and city.counts() == before
    assert ed.error_text("file") == (f"File: {path} does not exist or is not a file" if case == "missing" else
                                     "File: big.png is 0.7 KB, over the limit of 0.1 KB")
    done(ed)


def test_thousand_records_open_one_page_and_fetch_more(city):
    add_inspections(city.path, "tunnel", city.tunnel, 1000)
    with GpkgStore.open(city.path) as store:  # an audited edit of the 120th newest record (2022-06-01)
        store.update("inspection", sql(city.path, "SELECT uid FROM inspection WHERE inspector = 'P0882'")[0][0],
                     {"inspector": "Li"})
    d = open_archive(city.iface, city.path, "tunnel", city.tunnel)
    m = d.inspections.model
    assert (m.rowCount(), m.total, d.inspections.status.text()) == (50, 1007, "50 of 1007 loaded")
    # newest first: the demo's latest three, then the synthetic ones (2020-01-01 … 2022-09-26) among the older
    assert [r["inspected_on"] for r in m.rows[:4]] == ["2025-05-16", "2024-08-19", "2023-06-21", "2022-09-26"]
    # the history holds the facility's every audited change, loaded page or not
    assert d.history.lines(0) == ["Inspector: P0882 → Li"]
    m.fetchMore()
    click(d.inspections.more_button)
    assert (m.rowCount(), d.inspections.status.text()) == (150, "150 of 1007 loaded")
    assert d.history.lines(0) == ["Inspector: P0882 → Li"]  # its record is loaded now
    show(d, 1)  # scrolling the view to the bottom fetches the next page
    d.inspections.view.scrollToBottom()
    flush()
    assert m.rowCount() == 200 and len({r["uid"] for r in m.rows}) == 200
    assert [r["inspected_on"] for r in m.rows] == sorted((r["inspected_on"] for r in m.rows), reverse=True)
    for _ in range(30):
        m.fetchMore()
    assert (m.rowCount(), m.canFetchMore(), d.inspections.more_button.isHidden()) == (1007, False, True)


def test_double_click_on_a_connection_opens_it_and_shows_it_on_the_map(city, dock):
    canvas, tree = city.iface.mapCanvas(), dock.connections.tree
    show(dock, 5)
    (item,) = dock.connections.items()
    centre = tree.visualItemRect(item).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    flush()
    assert (dock.kind, dock.uid, dock.header["headerName"].text()) == ("road", city.road, "东山大道")
    assert "SD-XL-000001 东山隧道" in [i.text(0) for i in dock.connections.items()]  # and back
    layer = find_layer(QgsProject.instance(), "road", city.path)
    box = QgsCoordinateTransform(layer.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance()
                                 ).transformBoundingBox(feature_of(layer, city.road).geometry().boundingBox())
    assert canvas.extent().contains(box.center())
    assert canvas.extent().width() < 3 * max(box.width(), box.height()) + 200  # zoomed to it, not to the city


def test_identity_tab_is_the_layers_form_and_its_edits_are_audited_under_the_qgis_user(city, dock):
    panel, form = dock.attributes, dock.attributes.form  # the layer's own form on the feature
    assert form.layer() is find_layer(QgsProject.instance(), "tunnel", city.path) and panel.table.isHidden()
    assert (form.feature()["uid"], form.feature()["name"]) == (city.tunnel, "东山隧道")
    tabs = form.findChildren(QTabWidget)[0]
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["General"]  # its record tabs hidden
    assert panel.edit_button.isEnabled() and not panel.save_button.isEnabled()
    before, fid = city.counts(), city.last_fid()
    click(panel.edit_button)
    assert panel.layer.isEditable() and panel.save_button.isEnabled()
    name_edit = next(w for w in form.findChildren(QLineEdit) if w.text() == "东山隧道")
    name_edit.selectAll()
    keys(name_edit, "东山隧道(北线)")
    click(panel.save_button)
    assert not panel.layer.isEditable() and city.counts() == {**before, "audit_log": before["audit_log"] + 1}
    (e,) = city.audit(fid)
    assert (e["user"], e["table"], e["row_uid"], e["action"]) == (qgis_user(), "tunnel", city.tunnel, "update")
    assert (e["old"]["name"], e["new"]["name"]) == ("东山隧道", "东山隧道(北线)")
    assert {k for k in e["new"] if e["new"][k] != e["old"].get(k)} == {"name", "geom_changed"}
    assert dock.header["headerName"].text() == "东山隧道(北线)" and dock.history.row(0)[2:] == ["Tunnels", "Update"]
    assert dock.history.lines(0) == ["Name: 东山隧道 → 东山隧道(北线)"]
    QgsProject.instance().removeMapLayer(form.layer().id())  # without the layer: the attributes, read-only
    dock.load(city.path, "tunnel", city.tunnel)
    table = panel.table
    assert panel.form is None and not table.isHidden() and not panel.edit_button.isVisible()
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert (rows["Code"], rows["Name"], rows["Grading standard"]) == ("SD-XL-000001", "东山隧道(北线)",
                                                                      "JTG H12-2015 tunnels")


def test_unsaved_attribute_edits_ask_before_switching_or_closing(city, dock, monkeypatch):
    panel, form = dock.attributes, dock.attributes.form
    before = city.counts()
    click(panel.edit_button)
    name_edit = next(w for w in form.findChildren(QLineEdit) if w.text() == "东山隧道")
    name_edit.selectAll()
    keys(name_edit, "改名")
    answers = Answers([Button.Cancel, Button.Cancel, Button.Discard])
    monkeypatch.setattr(QMessageBox, "question", answers)
    assert dock.load(city.path, "road", city.road) is False  # Cancel: stays, edits kept
    assert (dock.kind, dock.uid) == ("tunnel", city.tunnel) and panel.layer.isEditable()
    assert dock.close() is False  # Cancel again: the close is refused, the dock stays
    assert dock.load(city.path, "road", city.road) is True  # Discard: rolled back, nothing written
    assert [a[0] for a in answers.asked] == ["Unsaved changes"] * 3
    assert city.counts() == before
    assert find_layer(QgsProject.instance(), "tunnel", city.path).isEditable() is False
    assert dock.uid == city.road and dock.close() is True  # nothing unsaved now: no question


def test_no_write_while_a_record_layer_has_unsaved_edits(city, dock):
    before = city.counts()
    layer = find_layer(QgsProject.instance(), "maintenance", city.path)
    layer.startEditing()
    layer.changeAttributeValue(next(layer.getFeatures()).id(), layer.fields().indexOf("contractor"), "edited")
    assert dock.works.add() is None
    assert any("unsaved edits" in w and layer.name() in w for w in city.iface.messageBar().get_messages(Qgis.Warning))
    assert dock.works.delete(dock.works.model.row_uid(0)) is False and city.counts() == before
    done(dock.inspections.add())  # another layer: still possible
    layer.rollBack()
    done(dock.works.add())


@pytest.mark.parametrize("standard, grades, expected", [
    ("CJJ99-2017", "ABCDE", ["preventive", "minor", "corrective", "major", "major"]),
    ("CJJ36-2016", "ABCD", ["preventive", "minor", "corrective", "major"]),
    ("CJJ181-2012", ["I", "II", "III", "IV"], ["preventive", "minor", "corrective", "major"]),
    ("JTGH12-2015", "12345", ["preventive", "minor", "corrective", "major", "major"]),
    ("GB51222-2017", ["compliant", "waterlogged"], ["preventive", "corrective"]),
    ("GBT23858-2009", ["compliant", "non_compliant"], ["preventive", "corrective"]),
])
def test_grade_to_category_per_standards_section_0_and_badge_colour(standard, grades, expected):
    assert [logic.recommended_category(standard, g) for g in grades] == expected
    assert logic.recommended_category(standard, "Z") is None and logic.recommended_category(None, "A") is None
    hues = [logic.badge_hue(logic.grade_fraction(standard, g)) for g in grades]  # green (best) … red (worst)
    assert hues[0] == 120 and hues[-1] == 0 and hues == sorted(hues, reverse=True)
    assert logic.badge_hue(logic.grade_fraction(standard, "Z")) is None and badge_colours(None)[0] == "#9e9e9e"


def test_health_book_button_exports_the_facility(dock, city, tmp_path, monkeypatch):
    import subprocess
    import unicodedata

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils")
    out = tmp_path / "book.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    assert not dock.book_button.isHidden() and dock.book_button.isEnabled()
    click(dock.book_button)
    assert dock.book_result is not None and dock.book_result.succeeded, dock.book_result
    assert out.is_file()
    words = unicodedata.normalize("NFKC", subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                                         text=True, check=True).stdout)
    assert dock.facility["code"] in words and (dock.facility.get("name") or dock.facility["code"]) in words
