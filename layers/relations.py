"""Project relations between the facility layers and the record layers.

Every facility layer gets one relation per entry of ``schema.FACILITY_RELATIONS``
(inspection, maintenance, attachment by ``facility_uid``; audit_log by ``row_uid``),
and maintenance gets its materials. Ids are deterministic, ``sm_<parent>_<child>``,
so other code (the archive dialog, reports) and saved projects can name them.

The record tables hold rows of every facility kind (column ``facility_kind``).
Facility UIDs are globally unique, so ``facility_uid = uid`` alone already selects
the right rows; the relations also pair ``facility_kind`` with a constant virtual
field ``facility_kind`` on each facility layer (expression ``'road'`` etc.). That
narrows the filter to the kind (and lets the provider use it), and — the reason
it is there — QGIS's relation editor copies every paired field into a child it
creates, so a record added from a bridge's form gets ``facility_kind = 'bridge'``
without any default-value trickery.

Strength: facility → records is *Association*. With Composition, deleting a
facility in QGIS would silently delete its whole archive (inspections,
maintenance history, attachments) and the audit trail with it; the archive must
outlive the facility (a demolished bridge keeps its history), so records are left
in place. maintenance → maintenance_material is *Composition*: a material line has
no meaning without its work order, so deleting or duplicating a work order takes
its material lines along.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Iterable

from qgis.core import (
    Qgis,
    QgsField,
    QgsMessageLog,
    QgsProject,
    QgsRelation,
    QgsRelationContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..compat import ASSOCIATION, COMPOSITION
from ..core import schema as S
from ..i18n import tr, translate

LOG_TAG = "Safe Municipal"
KIND_FIELD = "facility_kind"
RELATION_PREFIX = "sm_"


@dataclass(frozen=True)
class RelationSpec:
    """One relation: ``parent`` (referenced) table → ``child`` (referencing) table."""

    id: str
    parent: str
    child: str
    pairs: tuple  # ((child field, parent field), ...)
    composition: bool = False

    @property
    def strength(self):
        return COMPOSITION if self.composition else ASSOCIATION


def relation_id(parent: str, child: str) -> str:
    return f"{RELATION_PREFIX}{parent}_{child}"


def relation_specs() -> tuple:
    """Every relation the store's layers get, in a stable order."""
    specs = []
    for fac in S.FACILITY_TABLES:
        for child, key in S.FACILITY_RELATIONS:
            pairs = [(key, "uid")]
            if KIND_FIELD in S.table(child).field_names:
                pairs.append((KIND_FIELD, KIND_FIELD))
            specs.append(RelationSpec(relation_id(fac.name, child), fac.name, child, tuple(pairs)))
    specs.append(RelationSpec(relation_id("maintenance", "maintenance_material"), "maintenance",
                              "maintenance_material", (("maintenance_uid", "uid"),), composition=True))
    # An inspection's details (CCTV defects, distresses, element deductions, tunnel items) go with it.
    for t in S.DETAIL_TABLES:
        if "inspection_uid" in t.field_names and t.field("inspection_uid").required:
            specs.append(RelationSpec(relation_id("inspection", t.name), "inspection", t.name,
                                      (("inspection_uid", "uid"),), composition=True))
    # Facility-keyed details: a waterlogging point's events, every facility's assessment history.
    for t in S.DETAIL_TABLES:
        if "facility_uid" not in t.field_names:
            continue
        parents = S.FACILITY_TABLES if KIND_FIELD in t.field_names else \
            [f for f in S.FACILITY_TABLES if f.name == "waterlogging_point"]
        for fac in parents:
            pairs = [("facility_uid", "uid")] + ([(KIND_FIELD, KIND_FIELD)] if KIND_FIELD in t.field_names else [])
            specs.append(RelationSpec(relation_id(fac.name, t.name), fac.name, t.name, tuple(pairs)))
    # The programmes (issue 5): plans and cover replacements belong to facilities; targets to their
    # programme (composition); cases point at a cover and a unit; works may belong to a programme.
    kinds = ((KIND_FIELD, KIND_FIELD),)
    specs.append(RelationSpec(relation_id("waterlogging_point", "waterlogging_plan"), "waterlogging_point",
                              "waterlogging_plan", (("facility_uid", "uid"),) + kinds))
    for fac in ("manhole", "rain_inlet"):
        specs.append(RelationSpec(relation_id(fac, "cover_replacement"), fac, "cover_replacement",
                                  (("facility_uid", "uid"),) + kinds))
    specs.append(RelationSpec(relation_id("programme", "programme_target"), "programme", "programme_target",
                              (("programme_uid", "uid"),), composition=True))
    for child in ("maintenance", "cover_replacement"):
        specs.append(RelationSpec(relation_id("programme", child), "programme", child, (("programme_uid", "uid"),)))
    specs.append(RelationSpec(relation_id("manhole", "cover_case"), "manhole", "cover_case",
                              (("manhole_uid", "uid"),)))
    specs.append(RelationSpec(relation_id("maintenance_unit", "cover_case"), "maintenance_unit", "cover_case",
                              (("unit_uid", "uid"),)))
    return tuple(specs)


def specs_for_parent(parent: str) -> tuple:
    return tuple(s for s in relation_specs() if s.parent == parent)


def ensure_kind_field(layer: QgsVectorLayer, table_name: str) -> int:
    """Give a facility layer its constant virtual ``facility_kind`` field; returns its index."""
    idx = layer.fields().indexOf(KIND_FIELD)
    if idx >= 0:
        return idx
    field = QgsField(KIND_FIELD, QVariant.String, "string")
    literal = "'" + table_name.replace("'", "''") + "'"
    layer.addExpressionField(literal, field)
    idx = layer.fields().indexOf(KIND_FIELD)
    layer.setFieldAlias(idx, translate(S.TR_CONTEXT, "Facility kind"))
    cfg = layer.editFormConfig()
    cfg.setReadOnly(idx, True)
    layer.setEditFormConfig(cfg)
    return idx


def build_relation(spec: RelationSpec, layers: Dict[str, QgsVectorLayer],
                   project: QgsProject = None) -> QgsRelation | None:
    parent, child = layers.get(spec.parent), layers.get(spec.child)
    if parent is None or child is None:
        return None
    # the context tells the relation in which project to look its layers up (default: the instance)
    rel = QgsRelation(QgsRelationContext(project)) if project is not None else QgsRelation()
    rel.setId(spec.id)
    rel.setName(relation_name(spec))
    rel.setReferencedLayer(parent.id())
    rel.setReferencingLayer(child.id())
    for child_field, parent_field in spec.pairs:
        rel.addFieldPair(child_field, parent_field)
    rel.setStrength(spec.strength)
    return rel


def relation_name(spec: RelationSpec) -> str:
    """Shown in Project properties → Relations: "Bridges – Health records"."""
    parent = translate(S.TR_CONTEXT, S.table(spec.parent).label)
    child = translate(S.TR_CONTEXT, S.table(spec.child).label)
    return parent + " – " + child


def add_relations(project: QgsProject, layers: Dict[str, QgsVectorLayer],
                  specs: Iterable[RelationSpec] = None) -> Dict[str, QgsRelation]:
    """Add (or replace, same id) the relations between ``layers`` to the project.

    Returns the valid relations by id. Facility layers must already carry their
    ``facility_kind`` virtual field (:func:`ensure_kind_field`).
    """
    manager = project.relationManager()
    out: Dict[str, QgsRelation] = {}
    for spec in specs if specs is not None else relation_specs():
        rel = build_relation(spec, layers, project)
        if rel is None:
            continue
        if not rel.isValid():
            QgsMessageLog.logMessage(tr("Relation {0} is not valid and was not added").format(spec.id),
                                     LOG_TAG, Qgis.MessageLevel.Warning)
            continue
        existing = manager.relation(spec.id)
        if existing.isValid():
            if existing.referencedLayerId() != rel.referencedLayerId():
                # one store per project is the supported case: the ids are fixed, so a second
                # store's layers take the relations over
                QgsMessageLog.logMessage(
                    tr("Relation {0} now links the layers of another store").format(spec.id),
                    LOG_TAG, Qgis.MessageLevel.Warning)
            manager.removeRelation(spec.id)
        manager.addRelation(rel)
        out[spec.id] = manager.relation(spec.id)
    return out


def store_relations(project: QgsProject) -> Dict[str, QgsRelation]:
    """The plugin's relations (ids ``sm_…``) present in ``project``."""
    return {rid: rel for rid, rel in project.relationManager().relations().items()
            if rid.startswith(RELATION_PREFIX)}


__all__ = ["KIND_FIELD", "RelationSpec", "add_relations", "build_relation", "ensure_kind_field",
           "relation_id", "relation_name", "relation_specs", "specs_for_parent", "store_relations"]
