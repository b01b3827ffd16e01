"""QGIS API differences between 3.22 and 3.3x/4.x that the layer code meets, feature-detected.

Newer QGIS moved many enums to the ``Qgis`` namespace (``Qgis.AttributeFormLayout``
3.32, ``Qgis.RelationshipStrength`` 3.28, ``Qgis.LabelPlacement`` 3.26, …) and
QGIS 4 drops some of the old spellings. Detect by ``hasattr``, never by version
number, and write the 3.22 names with fully scoped access.

Candidate to move into the plugin-wide ``compat.py`` once that exists.
"""
from __future__ import annotations

from qgis.core import (
    Qgis,
    QgsAttributeEditorContainer,
    QgsEditFormConfig,
    QgsFieldConstraints,
    QgsMapLayer,
    QgsPalLayerSettings,
    QgsRelation,
)


def _pick(new_owner, new_enum: str, old_owner, old_enum: str, member: str, new_member: str = None):
    """``new_owner.new_enum.(new_member or member)`` when it exists, else ``old_owner.old_enum.member``."""
    enum = getattr(new_owner, new_enum, None)
    if enum is not None and hasattr(enum, new_member or member):
        return getattr(enum, new_member or member)
    return getattr(getattr(old_owner, old_enum), member)


# --------------------------------------------------------------------------- forms
TAB_LAYOUT = _pick(Qgis, "AttributeFormLayout", QgsEditFormConfig, "EditorLayout", "TabLayout", "DragAndDrop")


def make_tab(name: str, parent) -> QgsAttributeEditorContainer:
    """A container shown as a tab (``setType(Tab)`` from 3.32, ``setIsGroupBox(False)`` before)."""
    tab = QgsAttributeEditorContainer(name, parent)
    ctype = getattr(Qgis, "AttributeEditorContainerType", None)
    if ctype is not None and hasattr(tab, "setType"):
        tab.setType(ctype.Tab)
    else:
        tab.setIsGroupBox(False)
    return tab


# --------------------------------------------------------------------------- constraints
CONSTRAINT_NOT_NULL = QgsFieldConstraints.Constraint.ConstraintNotNull
CONSTRAINT_UNIQUE = QgsFieldConstraints.Constraint.ConstraintUnique
CONSTRAINT_EXPRESSION = QgsFieldConstraints.Constraint.ConstraintExpression
STRENGTH_HARD = QgsFieldConstraints.ConstraintStrength.ConstraintStrengthHard

# --------------------------------------------------------------------------- relations
ASSOCIATION = _pick(Qgis, "RelationshipStrength", QgsRelation, "RelationStrength", "Association")
COMPOSITION = _pick(Qgis, "RelationshipStrength", QgsRelation, "RelationStrength", "Composition")

# --------------------------------------------------------------------------- styles
STYLE_CATEGORIES = (QgsMapLayer.StyleCategory.Symbology | QgsMapLayer.StyleCategory.Labeling
                    | QgsMapLayer.StyleCategory.Rendering)

LABEL_LINE = _pick(Qgis, "LabelPlacement", QgsPalLayerSettings, "Placement", "Line")
LABEL_CURVED = _pick(Qgis, "LabelPlacement", QgsPalLayerSettings, "Placement", "Curved")
LABEL_AROUND_POINT = _pick(Qgis, "LabelPlacement", QgsPalLayerSettings, "Placement", "OrderedPositionsAroundPoint")
LABEL_HORIZONTAL = _pick(Qgis, "LabelPlacement", QgsPalLayerSettings, "Placement", "Horizontal")
