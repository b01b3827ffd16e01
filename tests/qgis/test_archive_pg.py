"""The facility archive dock on a PostGIS store (issue 8), driven like a user: the dock opens the store by
its reference; two people edit the same record — the second save is refused with who and when, nothing
of it is written and the first one's values stay; the login's role decides what the dock may change."""
import pytest
from pg_logins import *  # noqa: F401,F403 - the login fixture
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QEvent, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLineEdit, QMessageBox

from safe_municipal.dialogs.archive import close_archive, open_archive
from safe_municipal.layers.archive import Archive
from safe_municipal.layers.demo_writer import write_demo_city


def flush():
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    QCoreApplication.processEvents()


def type_text(field, text: str):
    editor = field.editor
    target = editor.lineEdit() if hasattr(editor, "lineEdit") and editor.lineEdit() else editor
    target.selectAll()
    QTest.keyClick(target, Qt.Key.Key_Delete)
    QTest.keyClicks(target, text)
    QCoreApplication.processEvents()


def type_cell(table, row: int, col: int, text: str):
    table.setCurrentCell(row, col)
    table.editItem(table.item(row, col))
    QCoreApplication.processEvents()
    editor = table.viewport().findChild(QLineEdit) or table.findChild(QLineEdit)
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    QCoreApplication.processEvents()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    write_demo_city(str(path := tmp_path_factory.mktemp("archive_pg") / "tiny.gpkg"), scale="tiny", seed=1)
    return path


@pytest.fixture()
def city(template, pg_copy, qgis_iface, qgis_new_project):
    """The tiny demo city copied to PostGIS (as the superuser, who checks from outside) and the tunnel."""
    store = pg_copy(template)
    tunnel = next(store.rows("tunnel", "name = ?", ("东山隧道",), columns=("uid",)))["uid"]
    yield store, tunnel
    close_archive(qgis_iface)
    QgsProject.instance().removeAllMapLayers()
    flush()


def open_as(login, store, user, qgis_iface, tunnel):
    """The dock opened by ``user`` on the same store (the reference names the login, no password)."""
    ref = login(store, user).ref
    dock = open_archive(qgis_iface, ref, "tunnel", tunnel)
    flush()
    assert dock.uid == tunnel and dock.store.backend == "postgis" and dock.store.user == user
    return dock


def warnings(iface):
    return iface.messageBar().get_messages(Qgis.Warning)


def test_second_save_of_a_record_changed_meanwhile_is_refused(city, login, qgis_iface):
    store, tunnel = city
    dock = open_as(login, store, "ivan_inspector", qgis_iface, tunnel)
    uid = dock.inspections.model.row_uid(0)
    dock.inspections.view.selectRow(0)
    click(dock.inspections.edit_button)
    ed = dock.inspections.editor
    assert ed.version == store.row_version("inspection", uid)
    type_text(ed.widget("inspector"), "Ivan")
    # meanwhile eve changes the same health record from her own QGIS
    eve = Archive(login(store, "eve_editor"))
    _, v = eve.versioned("inspection", uid)
    eve.update_record("inspection", uid, {"inspector": "Eve", "summary": "复核"}, expected_version=v)
    audit = store.count("audit_log")
    click(ed.save_button)
    assert ed.result() != ed.DialogCode.Accepted and ed.isVisible()  # stays open: the user's edits are kept
    text = ed.general_error.text()
    assert not ed.general_error.isHidden()
    assert text.startswith("This record was changed by eve_editor at ") and "Reload it and save again." in text
    assert "nothing was saved" in text
    row = store.get("inspection", uid)
    assert (row["inspector"], row["summary"]) == ("Eve", "复核")  # eve's save stays
    assert store.count("audit_log") == audit  # nothing of ivan's written
    ed._done = True
    ed.close()
    # reopened, the record shows eve's values and saves on top of them
    dock.refresh()
    dock.inspections.view.selectRow(dock.inspections.model.row_of(uid))
    click(dock.inspections.edit_button)
    ed = dock.inspections.editor
    assert ed.widget("inspector").value() == "Eve" and ed.version == v + 1
    type_text(ed.widget("inspector"), "Ivan")
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    assert store.get("inspection", uid)["inspector"] == "Ivan"
    assert dock.history.row(0)[1:] == ["ivan_inspector", "Health records", "Update"]


def test_materials_of_a_work_changed_meanwhile_are_not_overwritten(city, login, qgis_iface):
    store, tunnel = city
    dock = open_as(login, store, "ivan_inspector", qgis_iface, tunnel)
    uid = dock.works.model.row_uid(0)
    ed = dock.works.edit(uid)
    before = [m["quantity"] for m in Archive(store).materials(uid)]
    table = ed.materials_table
    click(table.add_button)
    for c, text in enumerate(("Paint", "2", "t")):  # ASCII: QTest types no Chinese
        type_cell(table.table, table.table.rowCount() - 1, c, text)
    eve = Archive(login(store, "eve_editor"))
    eve.update_record("maintenance", uid, {"contractor": "宜昌市政养护公司"})  # a caller without a version
    click(ed.save_button)
    assert ed.result() != ed.DialogCode.Accepted and "changed by eve_editor" in ed.general_error.text()
    assert [m["quantity"] for m in Archive(store).materials(uid)] == before
    ed._done = True
    ed.close()


def test_delete_of_a_record_changed_since_it_was_listed_is_refused(city, login, qgis_iface, monkeypatch):
    store, tunnel = city
    dock = open_as(login, store, "ivan_inspector", qgis_iface, tunnel)
    uid = dock.works.model.row_uid(0)
    Archive(login(store, "eve_editor")).update_record("maintenance", uid, {"description": "已复核"})
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dock.works.view.selectRow(0)
    click(dock.works.delete_button)
    assert store.get("maintenance", uid)["description"] == "已复核"  # still there, eve's change kept
    assert any("changed by eve_editor" in w for w in warnings(qgis_iface))
    # listed again (the dock shows what the store holds now), it can be deleted
    assert dock.works.model.rows[dock.works.model.row_of(uid)]["description"] == "已复核"
    dock.works.view.selectRow(dock.works.model.row_of(uid))
    click(dock.works.delete_button)
    assert store.get("maintenance", uid) is None


def test_a_viewer_reads_everything_and_changes_nothing(city, login, qgis_iface):
    store, tunnel = city
    store.update("tunnel", tunnel, {"maintenance_unit": "西陵区市政所"})
    dock = open_as(login, store, "alice_viewer", qgis_iface, tunnel)
    assert dock.inspections.model.total > 0 and dock.history.row(0)[1:] == ["postgres", "Tunnels", "Update"]
    panels = (dock.inspections, dock.works)
    buttons = [b for p in panels for b in (p.add_button, p.edit_button, p.delete_button)]
    buttons += [dock.attachments.add_button, dock.attachments.delete_button]
    assert not any(b.isEnabled() for b in buttons)
    assert all("alice_viewer (sm_viewer) may not change" in b.toolTip() for b in buttons)
    assert not dock.can_write("tunnel") and not dock.attributes.can_edit
    before = store.count("inspection")
    assert dock.inspections.add() is None  # refused before any editor opens
    assert any("alice_viewer (sm_viewer) may not change" in w for w in warnings(qgis_iface))
    assert store.count("inspection") == before


def test_an_inspector_edits_records_not_the_facility(city, login, qgis_iface):
    store, tunnel = city
    dock = open_as(login, store, "ivan_inspector", qgis_iface, tunnel)
    for p in (dock.inspections, dock.works):
        assert all(b.isEnabled() for b in (p.add_button, p.edit_button, p.delete_button))
    assert dock.attachments.add_button.isEnabled()
    assert not dock.can_write("tunnel") and not dock.attributes.can_edit  # the facility: editors only
    assert dock.refusal(("tunnel",)) == "Your login ivan_inspector (sm_inspector) may not change these records."
    ed = dock.works.add()
    ed.widget("category").combo.setCurrentIndex(ed.widget("category").combo.findData("minor"))
    ed.widget("status").combo.setCurrentIndex(ed.widget("status").combo.findData("planned"))
    click(ed.save_button)
    assert ed.result() == ed.DialogCode.Accepted
    [entry] = [h for h in Archive(store).change_history([ed.saved_uid])]
    assert (entry["action"], entry["user_name"]) == ("insert", "ivan_inspector")
    eve = open_as(login, store, "eve_editor", qgis_iface, tunnel)
    assert eve.can_write("tunnel")


def test_facility_attributes_changed_meanwhile_are_not_overwritten(city, login, qgis_iface):
    """The Identity tab is the PostGIS layer's own form; its Save checks the facility's row version."""
    from safe_municipal.layers.project import load_store

    store, tunnel = city
    load_store(login(store, "eve_editor").ref)  # the layers, as eve connects to the database
    dock = open_as(login, store, "eve_editor", qgis_iface, tunnel)
    panel, form = dock.attributes, dock.attributes.form
    assert form is not None and form.feature()["name"] == "东山隧道" and panel.can_edit
    click(panel.edit_button)
    name_edit = next(w for w in form.findChildren(QLineEdit) if w.text() == "东山隧道")
    name_edit.selectAll()
    QTest.keyClicks(name_edit, "Dongshan North")
    Archive(login(store, "adam_admin")).update_facility("tunnel", tunnel, {"name": "东山隧道(北线)"})
    click(panel.save_button)
    assert store.get("tunnel", tunnel)["name"] == "东山隧道(北线)"  # adam's change stays
    assert any("changed by adam_admin" in w for w in warnings(qgis_iface))
    assert panel.layer.isEditable()  # the edits are kept in the form until cancelled
    panel.layer.rollBack()
    dock.refresh()
    assert panel.form.feature()["name"] == "东山隧道(北线)"
    click(panel.edit_button)
    name_edit = next(w for w in panel.form.findChildren(QLineEdit) if w.text() == "东山隧道(北线)")
    name_edit.selectAll()
    QTest.keyClicks(name_edit, "Dongshan North")
    click(panel.save_button)
    assert not panel.layer.isEditable() and store.get("tunnel", tunnel)["name"] == "Dongshan North"
    assert dock.history.row(0)[1:] == ["eve_editor", "Tunnels", "Update"]
    # an inspector sees the same form, read-only
    ivan = open_as(login, store, "ivan_inspector", qgis_iface, tunnel)
    assert ivan.attributes.form is not None and not ivan.attributes.can_edit
    assert not ivan.attributes.edit_button.isEnabled()
