"""The Identity and attributes tab: the facility layer's own attribute form, embedded.

The form is QGIS's ``QgsAttributeForm`` on the facility's feature in its project layer, so the
widgets, aliases and constraints are exactly the layer's (``layers/forms.py``). Its record tabs
(relation editors) are hidden here: the dock shows those records in its own tabs. Editing goes
through the layer (Edit → Save commits the layer's edit buffer, Cancel rolls it back); the store's
audit triggers log the change under the QGIS user, which the dock stamps into the store first
(PostGIS: under the login). On PostGIS, Save first checks that nobody changed the facility since the
dock read it (its row version): a facility changed meanwhile is not overwritten, the message bar
says who changed it and when (the edits stay in the form: Cancel edits, reopen, edit again).
Without the layer in the project the tab shows the attributes read-only.
"""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsAttributeEditorElement,
    QgsExpression,
    QgsFeatureRequest,
    QgsProject,
    QgsVectorDataProvider,
    QgsVectorLayerTools,
)
from qgis.gui import (
    QgsAttributeEditorContext,
    QgsAttributeForm,
    QgsTabWidget,
)
from qgis.PyQt import sip
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core import schema as S
from ...i18n import tr, translate
from ...layers.errors import StoreError
from ...layers.project import find_layer
from .fields import value_label
from .logic import format_number
from .record_editor import write_problem


class LayerTools(QgsVectorLayerTools):
    """Editing through the layer, for an iface without ``vectorLayerTools()`` (test doubles).

    Relation widgets in a QgsAttributeForm need a QgsVectorLayerTools; QGIS passes its own.
    """

    def addFeature(self, layer, defaultValues=None, defaultGeometry=None, feature=None):  # noqa: N802,N803
        return False, feature

    def startEditing(self, layer):  # noqa: N802
        return layer.startEditing()

    def stopEditing(self, layer, allowCancel=True):  # noqa: N802,N803
        return layer.commitChanges()

    def saveEdits(self, layer):  # noqa: N802
        return layer.commitChanges(False)

    def copyMoveFeatures(self, layer, request, dx=0, dy=0, errorMsg=None, topologicalEditing=False,  # noqa: N802,N803
                         topologicalLayer=None):  # noqa: N803
        return False


def feature_of(layer, uid: str):
    """The feature whose ``uid`` is ``uid`` (an indexed lookup in the store), or None."""
    req = QgsFeatureRequest().setFilterExpression('"uid" = ' + QgsExpression.quotedValue(uid))
    req.setLimit(1)
    return next(layer.getFeatures(req), None)


class AttributesPanel(QWidget):
    def __init__(self, dock):
        super().__init__()
        self.dock = dock
        self.layer = None
        self.form = None
        self._tools = None
        self.can_edit = False
        self.edit_button = QPushButton(tr("Edit"))
        self.edit_button.setObjectName("editAttributes")
        self.save_button = QPushButton(tr("Save"))
        self.save_button.setObjectName("saveAttributes")
        self.cancel_button = QPushButton(tr("Cancel edits"))
        self.cancel_button.setObjectName("cancelAttributes")
        self.edit_button.clicked.connect(self.start_editing)
        self.save_button.clicked.connect(lambda: self.save())
        self.cancel_button.clicked.connect(self.cancel)
        self.note = QLabel()
        self.note.setObjectName("attributesNote")
        self.note.setWordWrap(True)
        bar = QHBoxLayout()
        for b in (self.edit_button, self.save_button, self.cancel_button):
            bar.addWidget(b)
        bar.addStretch(1)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("attributeTable")
        self.table.setHorizontalHeaderLabels([tr("Field"), tr("Value")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.form_box = QVBoxLayout()
        self.form_box.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.note)
        layout.addLayout(self.form_box, 1)
        layout.addWidget(self.table, 1)

    # ---- loading
    dirty = False

    def load(self, store_path: str, kind: str, uid: str, row: dict, writable: bool) -> None:
        layer = find_layer(QgsProject.instance(), kind, store_path)
        feature = feature_of(layer, uid) if layer is not None and layer.isValid() else None
        if feature is None:
            self._show_table(kind, row)
            return
        self._watch(layer)
        if self.form is not None and self.form.layer() is layer:
            self.form.setFeature(feature)
        else:
            self._drop_form()
            self.form = QgsAttributeForm(layer, feature, self._context())
            self.form.setObjectName("attributeForm")
            self.form.widgetValueChanged.connect(self._changed)
            self.form.hideButtonBox()
            self.form_box.addWidget(self.form)
            self._hide_record_tabs()
        self.table.hide()
        self.form.show()
        caps = layer.dataProvider().capabilities()
        self.can_edit = bool(writable and not layer.readOnly()
                             and caps & QgsVectorDataProvider.Capability.ChangeAttributeValues)
        self.note.setText("" if self.can_edit else tr("This layer cannot be edited."))
        self.note.setVisible(not self.can_edit)
        self._update_buttons()

    def _context(self) -> QgsAttributeEditorContext:
        ctx = QgsAttributeEditorContext()
        iface = self.dock.iface
        tools = iface.vectorLayerTools() if hasattr(iface, "vectorLayerTools") else None
        if tools is None:
            self._tools = self._tools or LayerTools()
            tools = self._tools
        ctx.setVectorLayerTools(tools)
        if hasattr(iface, "mapCanvas"):
            ctx.setMapCanvas(iface.mapCanvas())
        return ctx

    def _hide_record_tabs(self) -> None:
        """Hide the form's relation-editor tabs: the dock's own tabs show those records.

        The form builds one tab per top-level container of the layer's form configuration, in order;
        a container holding only relation editors is a record tab.
        """
        relation = QgsAttributeEditorElement.AttributeEditorType.AeTypeRelation
        containers = self.form.layer().editFormConfig().tabs()
        tabs = self.form.findChild(QTabWidget)  # the form's own tab widget comes before nested ones
        if tabs is None or tabs.count() != len(containers):
            return
        tabs = sip.cast(tabs, QgsTabWidget)  # PyQt wraps the form's QgsTabWidget as a QTabWidget
        pages = [tabs.widget(i) for i in range(tabs.count())]
        for page, container in zip(pages, containers):
            children = container.children() if hasattr(container, "children") else []
            if children and all(c.type() == relation for c in children):
                tabs.hideTab(page)

    def _show_table(self, kind: str, row: dict) -> None:
        self._unwatch()
        self._drop_form()
        self.can_edit = False
        self.note.setText(tr("The facility's layer is not in the project: its attributes are shown read-only."))
        self.note.show()
        fields = [f for f in S.table(kind).fields]
        self.table.setRowCount(len(fields))
        for r, f in enumerate(fields):
            v = row.get(f.name)
            if f.values:
                text = value_label(f.values, v)
            elif isinstance(v, bool) or (f.type == "boolean" and v is not None):
                text = tr("yes") if v else tr("no")
            elif isinstance(v, float):
                text = format_number(v)
            else:
                text = "" if v is None else str(v)
            self.table.setItem(r, 0, QTableWidgetItem(translate(S.TR_CONTEXT, f.label)))
            self.table.setItem(r, 1, QTableWidgetItem(text))
        self.table.show()
        self._update_buttons()

    def _drop_form(self) -> None:
        if self.form is not None:
            self.form_box.removeWidget(self.form)
            self.form.hide()
            self.form.deleteLater()
            self.form = None

    # ---- the layer's editing state
    def _watch(self, layer) -> None:
        if layer is self.layer:
            return
        self._unwatch()
        self.layer = layer
        layer.editingStarted.connect(self._update_buttons)
        layer.editingStopped.connect(self._update_buttons)
        layer.willBeDeleted.connect(self._layer_deleted)

    def _unwatch(self) -> None:
        if self.layer is None:
            return
        for signal, slot in ((self.layer.editingStarted, self._update_buttons),
                             (self.layer.editingStopped, self._update_buttons),
                             (self.layer.willBeDeleted, self._layer_deleted)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        self.layer = None

    def _layer_deleted(self) -> None:
        self.layer = None
        self._drop_form()
        self.dock.refresh()

    def _update_buttons(self) -> None:
        editing = self.form is not None and self.layer is not None and self.layer.isEditable()
        self.edit_button.setVisible(self.form is not None)
        self.save_button.setVisible(self.form is not None)
        self.cancel_button.setVisible(self.form is not None)
        self.edit_button.setEnabled(bool(self.form is not None and self.can_edit and not editing))
        self.save_button.setEnabled(editing)
        self.cancel_button.setEnabled(editing)

    # ---- actions
    def start_editing(self) -> bool:
        if self.form is None or not self.can_edit:
            return False
        ok = self.layer.isEditable() or self.layer.startEditing()
        self._update_buttons()
        return ok

    def save(self) -> bool:
        """Push the form into the layer and commit (the store's triggers audit the change)."""
        if self.form is None or not self.layer.isEditable():
            return False
        if not self.form.save():
            self.dock.message(tr("The attributes break a constraint of the layer; see the form."), Qgis.Warning)
            return False
        dock = self.dock
        try:  # PostGIS: not over somebody else's change made since the facility was read
            if dock.archive is not None:
                dock.archive.check_version(dock.kind, dock.uid, dock.facility_version)
        except (StoreError, KeyError) as e:
            dock.message(write_problem(e), Qgis.Warning)
            return False
        self.dock.stamp_user()
        if not self.layer.commitChanges():
            self.dock.message(tr("QGIS could not save the attributes: {errors}").format(
                errors="; ".join(self.layer.commitErrors())), Qgis.Critical)
            return False
        self.dirty = False
        self.layer.triggerRepaint()
        self.dock.after_write(())
        return True

    def cancel(self) -> None:
        if self.layer is None or not self.layer.isEditable():
            return
        if self.layer.isModified():
            answer = QMessageBox.question(self, tr("Cancel edits"), tr("Discard the unsaved attribute changes?"),
                                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.layer.rollBack()
        self.dirty = False
        if self.form is not None:
            self.form.resetValues()
        self._update_buttons()

    def _changed(self, *_args) -> None:
        if self.layer is not None and self.layer.isEditable():
            self.dirty = True

    def has_unsaved_changes(self) -> bool:
        """Attribute edits made in this form and not yet saved to the store."""
        return bool(self.form is not None and self.layer is not None and self.layer.isEditable()
                    and (getattr(self, "dirty", False) or self.layer.isModified()))

    def confirm_leave(self) -> bool:
        """Before the form goes away (another facility, the dock closing): ask about unsaved edits.

        Save keeps going only when the save works; Discard rolls the edits back; Cancel stays.
        """
        if not self.has_unsaved_changes():
            return True
        answer = QMessageBox.question(
            self, tr("Unsaved changes"), tr("The attributes of this facility have unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.layer.rollBack()
            self.dirty = False
            self._update_buttons()
            return True
        return False

    def shutdown(self) -> None:
        self._unwatch()
        self._drop_form()
