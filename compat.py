"""Version shims: one place for what differs between QGIS 3.22 (Qt5) and QGIS 4 (Qt6).

Feature-detect (``hasattr``), never parse version strings. Code elsewhere writes the
3.22 names with fully scoped enums (they work on both).
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

try:  # Qt6 moved QAction to QtGui; QGIS's Qt5 PyQt shim keeps it in QtWidgets
    from qgis.PyQt.QtGui import QAction  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on the Qt version
    from qgis.PyQt.QtWidgets import QAction

QGIS_VERSION_INT: int = Qgis.versionInt() if hasattr(Qgis, "versionInt") else Qgis.QGIS_VERSION_INT


def version_int(text: str) -> int:
    """``"3.22"`` -> 32200, ``"4.99.1"`` -> 49901 (QGIS's own encoding)."""
    parts = [int(p) for p in (text.split(".") + ["0", "0"])[:3]]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def qgis_within(minimum: str, maximum: str, version: int = QGIS_VERSION_INT) -> bool:
    """Whether ``version`` lies between metadata's qgisMinimumVersion and qgisMaximumVersion.

    As the plugin manager reads it, the maximum covers its whole minor series
    (``4.99`` allows 4.99.x).
    """
    return version_int(minimum) <= version <= version_int(maximum) + 99


# --------------------------------------------------------------------------- enums that moved
# Newer QGIS moved many enums to the ``Qgis`` namespace (``Qgis.AttributeFormLayout`` 3.32,
# ``Qgis.RelationshipStrength`` 3.28, ``Qgis.LabelPlacement`` 3.26, …) and QGIS 4 drops some old
# spellings.
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


__all__ = ["QAction", "QGIS_VERSION_INT", "qgis_within", "version_int", "make_tab", "TAB_LAYOUT", "ASSOCIATION",
           "COMPOSITION"]
