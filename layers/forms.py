"""Attribute forms, editor widgets, aliases, defaults and constraints, built from the schema.

Everything here is plain QGIS layer configuration (saved in the project, read by
QGIS's own attribute form, the identify tool and QField); no plugin code runs
when a user opens a form.

- Aliases: the translated schema labels.
- Widgets: ValueMap for every coded field (translated labels, schema order, a
  "(not set)" entry when the field is optional), DateTime for dates
  (``yyyy-MM-dd``, calendar popup), CheckBox for booleans, Binary for blobs,
  multi-line TextEdit for long text and JSON.
- ``uid``: read-only, default value ``uuid(format:='WithoutBraces')`` (the
  ``format`` argument exists since QGIS 3.18; checked on 3.22.16), so a feature
  drawn with QGIS's own tools gets the 36-character UUID the store's CHECK wants.
- Constraints (hard): not-null for required fields, unique for unique ones, one
  expression per field for min/max and UUID length, with a translated description.
- Layout: tabs. Facilities: General / Health records / Maintenance / Attachments /
  Change history, the record tabs holding relation editors. Maintenance works get
  a Materials tab; every other record layer a single General tab.
"""
from __future__ import annotations

from typing import Dict

from qgis.core import (
    QgsAttributeEditorField,
    QgsAttributeEditorRelation,
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsRelation,
    QgsValueMapFieldFormatter,
    QgsVectorLayer,
)

from .. import compat as C
from ..core import schema as S
from ..core.schema import QT_TRANSLATE_NOOP
from ..i18n import tr, translate
from .relations import KIND_FIELD, relation_id

UID_DEFAULT = "uuid(format:='WithoutBraces')"
DATE_FORMAT = "yyyy-MM-dd"
DATETIME_FORMAT = "yyyy-MM-dd HH:mm:ss"
NULL_VALUE = QgsValueMapFieldFormatter.NULL_VALUE

# Tab titles, by the record table a tab shows (source English, context SafeMunicipal).
GENERAL_TAB = QT_TRANSLATE_NOOP("SafeMunicipal", "General")
RECORD_TABS = {
    "inspection": QT_TRANSLATE_NOOP("SafeMunicipal", "Health records"),
    "maintenance": QT_TRANSLATE_NOOP("SafeMunicipal", "Maintenance"),
    "attachment": QT_TRANSLATE_NOOP("SafeMunicipal", "Attachments"),
    "audit_log": QT_TRANSLATE_NOOP("SafeMunicipal", "Change history"),
    "maintenance_material": QT_TRANSLATE_NOOP("SafeMunicipal", "Materials"),
}
# Relation editor buttons: records are added/edited in place; never linked across facilities.
EDIT_BUTTONS = "SaveChildEdits|AddChildFeature|DuplicateChildFeature|DeleteChildFeature"
READ_ONLY_BUTTONS = "NoButton"
READ_ONLY_TABLES = ("audit_log",)  # written by the plugin only; its form is read-only

# What a feature looks like in relation editors, relation references and the identify tree.
DISPLAY_EXPRESSIONS = {
    "inspection": "coalesce(format_date(\"inspected_on\", 'yyyy-MM-dd'), '') || ' ' || "
                  "coalesce(represent_value(\"inspection_type\"), '') || coalesce(' · ' || \"grade\", '')",
    "maintenance": "coalesce(format_date(\"started_on\", 'yyyy-MM-dd'), '') || ' ' || "
                   "coalesce(represent_value(\"category\"), '') || coalesce(' (' || represent_value(\"status\") "
                   "|| ')', '')",
    "maintenance_material": "\"material\" || ' ' || coalesce(to_string(\"quantity\"), '') || ' ' || "
                            "coalesce(\"unit\", '')",
    "attachment": "coalesce(\"title\", \"file_name\")",
    "audit_log": "format_date(\"changed_at\", 'yyyy-MM-dd HH:mm') || ' ' || \"user_name\" || ' ' || "
                 "coalesce(represent_value(\"action\"), '')",
}
FACILITY_DISPLAY_EXPRESSION = "\"code\" || coalesce(' ' || \"name\", '')"


# --------------------------------------------------------------------------- widgets
def value_map_config(codes, required: bool) -> dict:
    """ValueMap config: translated labels in schema order; a "(not set)" entry for optional fields."""
    entries = [] if required else [{tr("(not set)"): NULL_VALUE}]
    entries += [{translate(S.TR_CONTEXT, c.label): c.value} for c in codes]
    return {"map": entries}


def facility_kind_codes() -> tuple:
    return tuple(S.Code(t.name, t.label) for t in S.FACILITY_TABLES)


def widget_setup(table: S.Table, f: S.Field) -> QgsEditorWidgetSetup:
    if f.values:
        return QgsEditorWidgetSetup("ValueMap", value_map_config(S.VALUE_LISTS[f.values], f.required))
    if f.name == KIND_FIELD and table.kind != "facility":
        return QgsEditorWidgetSetup("ValueMap", value_map_config(facility_kind_codes(), f.required))
    if f.type == "date":
        return QgsEditorWidgetSetup("DateTime", {"field_format": DATE_FORMAT, "display_format": DATE_FORMAT,
                                                 "calendar_popup": True, "allow_null": not f.required})
    if f.type == "datetime":
        return QgsEditorWidgetSetup("DateTime", {"field_format": DATETIME_FORMAT,
                                                 "display_format": DATETIME_FORMAT,
                                                 "calendar_popup": True, "allow_null": not f.required})
    if f.type == "boolean":
        return QgsEditorWidgetSetup("CheckBox", {"CheckedState": "", "UncheckedState": "",
                                                 "TextDisplayMethod": 0})
    if f.type == "blob":
        return QgsEditorWidgetSetup("Binary", {})
    multiline = f.type == "json" or (f.type == "text" and f.max_length is None)
    return QgsEditorWidgetSetup("TextEdit", {"IsMultiline": multiline, "UseHtml": False})


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def constraint_expression(f: S.Field) -> tuple | None:
    """(expression, translated description) for min/max and UUID length, or None."""
    q = '"' + f.name.replace('"', '""') + '"'
    parts, desc = [], None
    if f.min is not None and f.max is not None:
        parts.append(f"{q} >= {_num(f.min)} AND {q} <= {_num(f.max)}")
        desc = tr("Must be between {0} and {1}").format(_num(f.min), _num(f.max))
    elif f.min is not None:
        parts.append(f"{q} >= {_num(f.min)}")
        desc = tr("Must be at least {0}").format(_num(f.min))
    elif f.max is not None:
        parts.append(f"{q} <= {_num(f.max)}")
        desc = tr("Must be at most {0}").format(_num(f.max))
    if f.type == "uuid":
        parts.append(f"length({q}) = 36")
        desc = tr("Must be a UUID of 36 characters, without braces")
    if not parts:
        return None
    return f"{q} IS NULL OR ({' AND '.join(parts)})", desc


ROW_VERSION = "row_version"  # PostGIS stores only (layers/pg_schema.py)


def configure_fields(layer: QgsVectorLayer, table: S.Table) -> None:
    """Aliases, editor widgets, default values and constraints for ``table``'s fields."""
    fields = layer.fields()
    cfg = layer.editFormConfig()
    for f in table.fields:
        idx = fields.indexOf(f.name)  # GPKG layers have fid first: never hard-code indexes
        if idx < 0:
            continue
        layer.setFieldAlias(idx, translate(S.TR_CONTEXT, f.label))
        layer.setEditorWidgetSetup(idx, widget_setup(table, f))
        if f.name == "uid":
            layer.setDefaultValueDefinition(idx, QgsDefaultValue(UID_DEFAULT, False))
            cfg.setReadOnly(idx, True)
        elif table.name in READ_ONLY_TABLES:
            cfg.setReadOnly(idx, True)
        if f.required:
            layer.setFieldConstraint(idx, C.CONSTRAINT_NOT_NULL, C.STRENGTH_HARD)
        else:
            layer.removeFieldConstraint(idx, C.CONSTRAINT_NOT_NULL)
        if f.unique:
            layer.setFieldConstraint(idx, C.CONSTRAINT_UNIQUE, C.STRENGTH_HARD)
        expr = constraint_expression(f)
        if expr:
            layer.setConstraintExpression(idx, expr[0], expr[1])
            layer.setFieldConstraint(idx, C.CONSTRAINT_EXPRESSION, C.STRENGTH_HARD)
    version = fields.indexOf(ROW_VERSION)
    if version >= 0:
        # PostGIS: a save sends the row version QGIS read, so the database refuses the save when someone
        # else changed the row meanwhile (no lost updates) instead of overwriting their change
        # (as -version: QGIS sends only values that changed; the database reads either sign)
        layer.setDefaultValueDefinition(version, QgsDefaultValue(f'-abs("{ROW_VERSION}")', True))
        layer.setEditorWidgetSetup(version, QgsEditorWidgetSetup("Hidden", {}))
        cfg.setReadOnly(version, True)
    layer.setEditFormConfig(cfg)
    layer.setDisplayExpression(DISPLAY_EXPRESSIONS.get(table.name, FACILITY_DISPLAY_EXPRESSION
                                                      if table.kind == "facility" else '"uid"'))


# --------------------------------------------------------------------------- layout
def _relation_element(rel: QgsRelation, parent, child: str, read_only: bool) -> QgsAttributeEditorRelation:
    el = QgsAttributeEditorRelation(rel, parent)
    el.setRelationWidgetTypeId("relation_editor")
    el.setRelationEditorConfiguration({"buttons": READ_ONLY_BUTTONS if read_only else EDIT_BUTTONS,
                                       "show_first_feature": True})
    el.setShowLabel(False)  # the tab title names it
    el.setLabel(translate(S.TR_CONTEXT, S.table(child).label))
    return el


def configure_form(layer: QgsVectorLayer, table: S.Table, relations: Dict[str, QgsRelation]) -> None:
    """Tab layout: General (the schema's fields) and one tab per related record table."""
    cfg = layer.editFormConfig()
    cfg.setLayout(C.TAB_LAYOUT)
    root = cfg.invisibleRootContainer()
    root.clear()
    general = C.make_tab(tr(GENERAL_TAB), root)
    fields = layer.fields()
    for f in table.fields:
        idx = fields.indexOf(f.name)
        if idx >= 0:
            general.addChildElement(QgsAttributeEditorField(f.name, idx, general))
    root.addChildElement(general)
    children = [child for child, _key in S.FACILITY_RELATIONS] if table.kind == "facility" else []
    if table.name == "maintenance":
        children.append("maintenance_material")
    for child in children:
        rel = relations.get(relation_id(table.name, child))
        if rel is None or not rel.isValid():
            continue
        tab = C.make_tab(tr(RECORD_TABS[child]), root)
        tab.addChildElement(_relation_element(rel, tab, child, read_only=child in READ_ONLY_TABLES))
        root.addChildElement(tab)
    layer.setEditFormConfig(cfg)


def configure_reference(layer: QgsVectorLayer, field_name: str, rel: QgsRelation) -> None:
    """A RelationReference widget (drop-down of parents) on a child's key field."""
    idx = layer.fields().indexOf(field_name)
    if idx < 0 or rel is None or not rel.isValid():
        return
    layer.setEditorWidgetSetup(idx, QgsEditorWidgetSetup("RelationReference", {
        "Relation": rel.id(), "AllowNULL": False, "ShowForm": False, "ShowOpenFormButton": True,
        "MapIdentification": False, "ReadOnly": False, "AllowAddFeatures": False, "OrderByValue": True}))


def configure_layer(layer: QgsVectorLayer, table: S.Table, relations: Dict[str, QgsRelation]) -> None:
    """Fields, widgets, constraints and the tabbed form of one store layer."""
    configure_fields(layer, table)
    if table.name == "maintenance_material":
        configure_reference(layer, "maintenance_uid",
                            relations.get(relation_id("maintenance", "maintenance_material")))
    configure_form(layer, table, relations)
