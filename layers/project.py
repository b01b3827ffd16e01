"""Put a store into a QGIS project: one layer group, styled layers, relations and forms.

    loaded = load_store("/data/yichang.gpkg")          # into QgsProject.instance()
    loaded.layers["bridge"], loaded.group, loaded.relations["sm_bridge_inspection"]
    loaded.zoom(iface.mapCanvas())
    find_layer(QgsProject.instance(), "manhole")        # any code, later, by table name

Layer tree (top to bottom = drawing order, points over lines over polygons)::

    平安市政                     (group_name; custom property safe_municipal/group = root)
      Waterlogging               waterlogging_point, storage_facility
      Drainage                   rain_inlet, manhole, drain_pipe
      Roads, bridges and tunnels tunnel, bridge, road
      Records (collapsed)        inspection, maintenance, maintenance_material, attachment, audit_log

Every layer carries the custom properties ``safe_municipal/table`` (table name)
and ``safe_municipal/store`` (absolute store path), which is how
:func:`find_layer` finds it; layers are matched to a store by their data source,
so a project moved together with its store still matches.

Loading a store that is already in the project reuses its layers (same ids, the
user's styling kept), refreshes relations and forms, and adds only what is
missing: no duplicates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDataSourceUri,
    QgsLayerTreeGroup,
    QgsMapLayer,
    QgsMessageLog,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
    QgsReferencedRectangle,
    QgsRelation,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import schema as S
from ..core.schema import QT_TRANSLATE_NOOP
from ..i18n import tr, translate
from . import store_ref
from .audit_user import hook_layer
from .errors import StoreError
from .forms import configure_layer
from .relations import add_relations, ensure_kind_field
from .store_ref import open_store
from .styles import apply_style

LOG_TAG = "Safe Municipal"
PROP_TABLE = "safe_municipal/table"
PROP_STORE = "safe_municipal/store"
PROP_GROUP = "safe_municipal/group"  # on groups: "root" or the sub-group key below
DEFAULT_GROUP = "平安市政"
PROVIDER = "ogr"
PG_PROVIDER = "postgres"
#: libpq keywords QgsDataSourceUri understands in its connection part
_URI_KEYS = ("host", "port", "dbname", "user", "service", "sslmode")
#: store key -> EPSG, learnt when a store is loaded (PostGIS layer URIs name their SRID)
_EPSG: Dict[str, int] = {}

# (key, title, tables top to bottom)
SUBGROUPS = (
    ("waterlogging", QT_TRANSLATE_NOOP("SafeMunicipal", "Waterlogging"), ("waterlogging_point", "storage_facility")),
    # cover cases on top: the points the office acts on today
    ("drainage", QT_TRANSLATE_NOOP("SafeMunicipal", "Drainage"), ("cover_case", "outfall", "rain_inlet", "manhole", "drain_pipe")),
    ("roads", QT_TRANSLATE_NOOP("SafeMunicipal", "Roads, bridges and tunnels"), ("tunnel", "bridge", "road")),
    ("other", QT_TRANSLATE_NOOP("SafeMunicipal", "Other facilities"), ()),
    # the office's programmes: cleaning, covers, waterlogging plans, cover cases, units, costs
    ("programmes", QT_TRANSLATE_NOOP("SafeMunicipal", "Programmes"),
     tuple(t.name for t in S.PROGRAMME_TABLES if t.name != "cover_case")),
    # every other non-facility table, in schema order: records, their details, assessments, the audit log
    ("records", QT_TRANSLATE_NOOP("SafeMunicipal", "Records"),
     tuple(t.name for t in S.RECORD_TABLES + S.DETAIL_TABLES + S.SYSTEM_TABLES)),
)
COLLAPSED_SUBGROUPS = ("programmes", "records")


def log(message: str, level=Qgis.MessageLevel.Info) -> None:
    QgsMessageLog.logMessage(message, LOG_TAG, level)


def store_path(path: str) -> str:
    """The form of a store reference kept in layer properties: an absolute, normalised file path, or
    the canonical PostGIS reference (layers/store_ref.py; never a password)."""
    return store_ref.canonical(path)


def provider_of(ref: str) -> str:
    """The QGIS data provider of a store's layers: ``postgres`` or ``ogr``."""
    return PG_PROVIDER if store_ref.is_postgis(ref) else PROVIDER


def layer_uri(path: str, table_name: str) -> str:
    """The QGIS data source of one table of a store (GeoPackage: ``path|layername=…``; PostGIS: a
    QgsDataSourceUri with the schema, key column ``fid``, the geometry column, its type and SRID and
    the authcfg — user names, never passwords)."""
    if not store_ref.is_postgis(path):
        return f"{store_path(path)}|layername={table_name}"
    r = store_ref.parse(path)
    params = dict(r.params)
    if r.connection:  # a QGIS connection: its host/db/service/authcfg, not its password
        saved = store_ref.qgis_connection(r.connection)
        saved.pop("password", None)
        params = {**saved, **params}
    authcfg = r.authcfg or params.pop("authcfg", "")
    uri = QgsDataSourceUri(" ".join(f"{k}='{v}'" for k, v in params.items() if k in _URI_KEYS and v))
    if authcfg:
        uri.setAuthConfigId(authcfg)
    t = S.table(table_name)
    uri.setDataSource(r.schema, table_name, "geom" if t.is_spatial else None, "", "fid")
    uri.setKeyColumn("fid")
    uri.setUseEstimatedMetadata(False)
    if t.is_spatial:
        uri.setWkbType({"Point": QgsWkbTypes.Point, "LineString": QgsWkbTypes.LineString,
                        "Polygon": QgsWkbTypes.Polygon}[t.geometry])
        epsg = _EPSG.get(store_ref.store_key(path))
        if epsg:
            uri.setSrid(str(epsg))
    return uri.uri(False)


def layer_store_path(layer: QgsMapLayer) -> str | None:
    """The store a layer reads, from its data source (not from the custom property)."""
    if layer is None:
        return None
    if layer.providerType() == PROVIDER:
        parts = QgsProviderRegistry.instance().decodeUri(PROVIDER, layer.source())
        path = parts.get("path")
        return store_path(path) if path else None
    if layer.providerType() == PG_PROVIDER:
        uri = QgsDataSourceUri(layer.source())
        params = store_ref.uri_params(uri)
        params.pop("password", None)
        authcfg = params.pop("authcfg", "")
        try:
            return store_ref.PgRef({k: v for k, v in params.items() if k in store_ref.LIBPQ_KEYS},
                                   uri.schema() or store_ref.DEFAULT_SCHEMA, authcfg).text()
        except Exception:  # noqa: BLE001 - not a source the plugin made
            return None
    return None


def same_store(a: str | None, b: str | None) -> bool:
    """Whether two references name the same store (PostGIS: same server/service, database and schema,
    whoever logs in)."""
    if not a or not b:
        return False
    try:
        return store_ref.store_key(a) == store_ref.store_key(b)
    except StoreError:
        return False


def _subgroup_of(table_name: str) -> str:
    for key, _title, tables in SUBGROUPS:
        if table_name in tables:
            return key
    return "records" if S.table(table_name).kind != "facility" else "other"


# --------------------------------------------------------------------------- finding layers
def find_layers(project: QgsProject = None, table_name: str = None, store: str = None) -> List[QgsVectorLayer]:
    """Store layers in ``project``, optionally of one table and/or one store, valid ones first."""
    project = project or QgsProject.instance()
    wanted = store_path(store) if store else None
    out = []
    for layer in project.mapLayers().values():
        table = layer.customProperty(PROP_TABLE)
        if not table or not isinstance(layer, QgsVectorLayer):
            continue
        if table_name is not None and table != table_name:
            continue
        if wanted is not None and not (same_store(wanted, layer_store_path(layer))
                                       or same_store(wanted, layer.customProperty(PROP_STORE))):
            continue
        out.append(layer)
    out.sort(key=lambda lyr: not lyr.isValid())
    return out


def find_layer(project: QgsProject, table_name: str, store: str = None) -> QgsVectorLayer | None:
    """The layer of ``table_name`` (of ``store`` when given), or None."""
    found = find_layers(project, table_name, store)
    return found[0] if found else None


# --------------------------------------------------------------------------- result
@dataclass
class LoadedStore:
    """What :func:`load_store` put into the project."""

    path: str
    epsg: int
    project: QgsProject
    group: QgsLayerTreeGroup
    layers: Dict[str, QgsVectorLayer] = field(default_factory=dict)
    relations: Dict[str, QgsRelation] = field(default_factory=dict)
    added: tuple = ()  # tables whose layers were created by this call (others were reused)

    def layer(self, table_name: str) -> QgsVectorLayer:
        return self.layers[table_name]

    @property
    def crs(self) -> QgsCoordinateReferenceSystem:
        return QgsCoordinateReferenceSystem(f"EPSG:{self.epsg}")

    @property
    def facility_layers(self) -> Dict[str, QgsVectorLayer]:
        return {t.name: self.layers[t.name] for t in S.FACILITY_TABLES if t.name in self.layers}

    def extent(self) -> QgsRectangle:
        """Extent of every facility layer in the store's CRS (empty rectangle for an empty store)."""
        try:
            with open_store(self.path, writable=False) as store:
                box = store.extent()
            if box is None:
                return QgsRectangle()
            return QgsRectangle(*box)
        except StoreError:
            ext = QgsRectangle()
            for layer in self.facility_layers.values():
                if layer.isValid() and layer.featureCount():
                    ext.combineExtentWith(layer.extent())
            return ext

    def zoom(self, canvas) -> bool:
        """Zoom a map canvas to the store, in whatever CRS the canvas shows. False if the store is empty."""
        ext = self.extent()
        if ext.isNull():
            return False
        ext = padded(ext)
        dest = canvas.mapSettings().destinationCrs()
        if dest.isValid() and dest != self.crs:
            ext = QgsCoordinateTransform(self.crs, dest, self.project).transformBoundingBox(ext)
        canvas.setExtent(ext)
        canvas.refresh()
        return True


def padded(rect: QgsRectangle, factor: float = 1.05, minimum: float = 100.0) -> QgsRectangle:
    """``rect`` grown by 5 % and to at least ``minimum`` map units a side (a single point has no size)."""
    out = QgsRectangle(rect)
    out.scale(factor)
    if out.width() < minimum or out.height() < minimum:
        c = out.center()
        half_w, half_h = max(out.width(), minimum) / 2, max(out.height(), minimum) / 2
        out = QgsRectangle(c.x() - half_w, c.y() - half_h, c.x() + half_w, c.y() + half_h)
    return out


# --------------------------------------------------------------------------- layer tree
def _find_group(parent: QgsLayerTreeGroup, key: str, path: str = None) -> QgsLayerTreeGroup | None:
    for child in parent.children():
        if not isinstance(child, QgsLayerTreeGroup) or child.customProperty(PROP_GROUP) != key:
            continue
        if path is None or same_store(child.customProperty(PROP_STORE) or "", path):
            return child
    return None


def store_group(project: QgsProject, path: str) -> QgsLayerTreeGroup | None:
    """The top group of ``path``'s layers in the project's layer tree, or None."""
    return _find_group(project.layerTreeRoot(), "root", store_path(path))


def _group_of_layers(project: QgsProject, layers) -> QgsLayerTreeGroup | None:
    """The plugin's top group holding any of ``layers`` (found after the store file was moved)."""
    root = project.layerTreeRoot()
    for layer in layers:
        node = root.findLayer(layer.id())
        parent = node.parent() if node is not None else None
        while parent is not None and parent is not root:
            if parent.customProperty(PROP_GROUP) == "root":
                return parent
            parent = parent.parent()
    return None


def _ensure_groups(project: QgsProject, path: str, group_name: str, reused=()):
    root = project.layerTreeRoot()
    group = _find_group(root, "root", path)
    if group is None:
        group = _group_of_layers(project, reused)
    if group is not None:
        group.setCustomProperty(PROP_STORE, path)
    else:
        group = root.insertGroup(0, group_name)
        group.setCustomProperty(PROP_GROUP, "root")
        group.setCustomProperty(PROP_STORE, path)
    subgroups = {}
    for key, title, _tables in SUBGROUPS:
        sub = _find_group(group, key)
        if sub is None and key == "other" and not _other_tables():
            continue
        if sub is None:
            sub = group.addGroup(tr(title))
            sub.setCustomProperty(PROP_GROUP, key)
            sub.setExpanded(key not in COLLAPSED_SUBGROUPS)
        subgroups[key] = sub
    return group, subgroups


def _insert_in_order(group: QgsLayerTreeGroup, layer: QgsVectorLayer, order: tuple) -> None:
    """Insert ``layer`` before the first sibling whose table comes after it in ``order``."""
    rank = order.index(layer.customProperty(PROP_TABLE))
    for i, node in enumerate(group.children()):
        other = node.layer().customProperty(PROP_TABLE) if hasattr(node, "layer") and node.layer() else None
        if other in order and order.index(other) > rank:
            group.insertLayer(i, layer)
            return
    group.addLayer(layer)


def _other_tables() -> tuple:
    placed = {t for _k, _title, tables in SUBGROUPS for t in tables}
    return tuple(t.name for t in S.FACILITY_TABLES if t.name not in placed)


# --------------------------------------------------------------------------- loading
def _open_layer(path: str, table: S.Table) -> QgsVectorLayer:
    layer = QgsVectorLayer(layer_uri(path, table.name), translate(S.TR_CONTEXT, table.label), provider_of(path))
    if not layer.isValid():
        raise StoreError(tr("{store}: QGIS cannot open the table {table}").format(
            store=store_ref.describe(path), table=table.name))
    return layer


def open_table_layer(path: str, table_name: str, name: str | None = None) -> QgsVectorLayer:
    """A QGIS layer of one table of a store (either backend), not added to any project.
    StoreError when QGIS cannot open it."""
    t = S.table(table_name)
    layer = _open_layer(path, t)
    if name:
        layer.setName(name)
    layer.setCustomProperty(PROP_TABLE, table_name)
    layer.setCustomProperty(PROP_STORE, store_path(path))
    return layer


def load_store(path: str, project: QgsProject = None, group_name: str = DEFAULT_GROUP, *,
               apply_styles: bool = True, set_crs: bool = True) -> LoadedStore:
    """Add a store's layers (styled, related, with forms) to ``project`` (default: the current one).

    Raises :class:`StoreError` naming the file when ``path`` is not a readable
    store; nothing is added to the project then. ``set_crs``: when the project
    had no layers (or no valid CRS), it takes the store's CRS and default view
    extent.
    """
    project = project if project is not None else QgsProject.instance()
    path = store_path(path)
    old_version = store_ref.upgrade_store(path)  # an older store is migrated first (StoreError when it cannot be)
    if old_version is not None:
        log(tr("Upgraded the store {path} from schema version {old} to {new}").format(
            path=path, old=old_version, new=S.SCHEMA_VERSION), Qgis.MessageLevel.Info)
    with open_store(path, writable=False) as store:  # clear StoreError for anything that is no store
        epsg = store.epsg
        box = store.extent()
    _EPSG[store_ref.store_key(path)] = epsg
    was_empty = not project.mapLayers()

    layers: Dict[str, QgsVectorLayer] = {}
    new: Dict[str, QgsVectorLayer] = {}
    for table in S.TABLES:
        layer = find_layer(project, table.name, path)
        if layer is None:
            layer = _open_layer(path, table)  # raises before anything was added to the project
            new[table.name] = layer
        elif not layer.isValid():
            layer.setDataSource(layer_uri(path, table.name), layer.name(), provider_of(path))
        layer.setCustomProperty(PROP_TABLE, table.name)
        layer.setCustomProperty(PROP_STORE, path)
        layers[table.name] = layer

    if apply_styles:
        # styles first: on QGIS 3.22 loadNamedStyle() resets the form layout, default values and
        # constraint expressions even when asked for symbology/labels/rendering only
        for name, layer in new.items():
            if S.table(name).is_spatial:
                apply_style(layer, name)
    project.addMapLayers(list(new.values()), False)
    group, subgroups = _ensure_groups(project, path, group_name,
                                      [lyr for name, lyr in layers.items() if name not in new])
    root = project.layerTreeRoot()
    for key, _title, tables in SUBGROUPS:
        names = tables if key != "other" else _other_tables()
        for name in names:
            if name in layers and root.findLayer(layers[name].id()) is None:
                _insert_in_order(subgroups[key], layers[name], names)
    for name, layer in layers.items():  # tables that no sub-group lists (a newer schema)
        if root.findLayer(layer.id()) is None:
            subgroups[_subgroup_of(name)].addLayer(layer)

    for t in S.FACILITY_TABLES:
        ensure_kind_field(layers[t.name], t.name)
    relations = add_relations(project, layers)
    for table in S.TABLES:
        configure_layer(layers[table.name], table, relations)
        if not store_ref.is_postgis(path):  # PostGIS: the database names the login itself
            hook_layer(layers[table.name])  # edits committed through QGIS name the QGIS user in the audit log

    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    if set_crs and (was_empty or not project.crs().isValid()):
        project.setCrs(crs)
        if box is not None:
            project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(padded(QgsRectangle(*box)), crs))
    log(tr("Loaded store {0}: {1} layers ({2} new), {3} relations").format(
        path, len(layers), len(new), len(relations)))
    return LoadedStore(path=path, epsg=epsg, project=project, group=group, layers=layers,
                       relations=relations, added=tuple(new))


def unload_store(path: str, project: QgsProject = None) -> int:
    """Remove a store's layers, relations and group from ``project``; returns how many layers."""
    project = project if project is not None else QgsProject.instance()
    layers = find_layers(project, store=path)
    ids = {lyr.id() for lyr in layers}
    manager = project.relationManager()
    for rid, rel in list(manager.relations().items()):
        if rel.referencedLayerId() in ids or rel.referencingLayerId() in ids:
            manager.removeRelation(rid)
    project.removeMapLayers(list(ids))
    group = store_group(project, path)
    if group is not None and not group.findLayers():
        group.parent().removeChildNode(group)
    return len(ids)
