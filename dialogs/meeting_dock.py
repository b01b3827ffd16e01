"""Meeting mode (会议模式): one dock to show the city in planning meetings, and put everything back after.

:class:`MeetingDock` works on the store's facility layers in the current project:

- **Themes**, one click each: *Grades*, *Work due*, *Waterlogging*, *Programmes* (cleaning on the pipes
  and covers on the manholes) — :func:`layers.meeting_themes.apply_theme` on every relevant layer;
  *Own styles* puts the layers' renderers back as they were;
- **District** (combo): every facility layer filtered to the district (its own subset string kept
  and combined) and the map zoomed to the district's facilities;
- **Full screen**: the main window full screen with every other panel, toolbar, the menu and the
  status bar hidden; off again restores exactly what was shown and the window state;
- **Map tips**: name, grade and next action of the facility under the mouse (each layer's map tip
  template and display expression, map tips switched on);
- **Places**: spatial bookmarks (the project's bookmark manager, group *Meeting*) for the key places
  of :data:`KEY_PLACES` that the store holds (found by name among its facilities); double-click to
  jump there.

Entering saves, per layer, the renderer (a clone), the theme properties, map tip template, display
expression, subset string and joins; :meth:`MeetingDock.leave` (the *Leave meeting mode* button,
closing the dock, or the plugin's unload) restores all of them, the map tips action and the window.
Bookmarks stay in the project (they are saved with it, and entering again reuses them).

:class:`MeetingController` is what a toolbar action calls: ``run()`` enters meeting mode on the
project's store, ``unload()`` leaves it and removes the dock.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from qgis.core import (
    Qgis,
    QgsBookmark,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsRectangle,
    QgsReferencedRectangle,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDockWidget,
    QFormLayout,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core import schema as S
from ..i18n import tr
from ..layers import meeting_themes as MT
from .messages import DockController, push

OBJECT_NAME = "SafeMunicipalMeetingDock"
BOOKMARK_PREFIX = "safe_municipal_meeting:"
#: The seed's named places, in the order the dock lists them (those the store holds).
KEY_PLACES = ("东山隧道", "云集隧道", "张家湾隧道", "三峡大道", "城东大道", "东山大道", "东湖大道", "北汽贸城",
              "长江市场", "三峡路跨高速桥", "三峡路跨高速桥下", "金龙路朝阳路", "至喜长江大桥", "伍家岗长江大桥",
              "夷陵长江大桥", "宜昌长江公路大桥", "运河调蓄池", "东湖调蓄区")
#: The dock's theme buttons; ``None`` = the layers' own styles.
BUTTONS = (None, MT.THEME_GRADES, MT.THEME_DUE, MT.THEME_WATERLOGGING, MT.THEME_PROGRAMMES)
PROPS = (MT.PROP_THEME, "safe_municipal/theme_programme")
JOIN_PROP = "safe_municipal/cleaning_join"


def _button_label(key: Optional[str]) -> str:
    return {None: tr("Own styles"), MT.THEME_GRADES: tr("Grades"), MT.THEME_DUE: tr("Work due"),
            MT.THEME_WATERLOGGING: tr("Waterlogging"), MT.THEME_PROGRAMMES: tr("Programmes")}[key]


@dataclass
class LayerState:
    """What meeting mode may change on one layer, as it was when meeting mode began."""

    renderer: object
    props: dict
    map_tip: str
    display_expression: str
    subset: str
    joins: tuple


@dataclass
class WindowState:
    state: object  # Qt.WindowStates
    hidden: List[QWidget] = field(default_factory=list)
    menu: bool = True
    status: bool = True


class MeetingDock(QgsDockWidget):
    """Meeting mode on one store (:meth:`enter`); :meth:`leave` restores what it changed."""

    def __init__(self, iface, parent=None, today: Optional[_dt.date] = None):
        super().__init__(tr("Meeting mode"), parent)
        self.setObjectName(OBJECT_NAME)
        self.iface = iface
        self.today = today
        self.store_path: Optional[str] = None
        self.saved: Dict[str, LayerState] = {}
        self.map_tips_was: Optional[bool] = None
        self.window: Optional[WindowState] = None
        self.theme: Optional[str] = None
        self.district: Optional[str] = None
        self.places: Dict[str, str] = {}  # name -> bookmark id

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.store_label = QLabel()
        self.store_label.setWordWrap(True)
        layout.addWidget(self.store_label)
        grid = QGridLayout()
        self.buttons: Dict[Optional[str], QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for i, key in enumerate(BUTTONS):
            button = QPushButton(_button_label(key))
            button.setObjectName(f"theme_{key or 'own'}")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, k=key: self.set_theme(k))
            self.group.addButton(button)
            self.buttons[key] = button
            grid.addWidget(button, i // 3, i % 3)
        layout.addLayout(grid)
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(1990, 2200)
        self.year.setValue((today or _dt.date.today()).year)
        self.year.valueChanged.connect(lambda _v: self.set_theme(self.theme) if self.theme else None)
        form.addRow(tr("Year"), self.year)
        self.district_combo = QComboBox()
        self.district_combo.setObjectName("district")
        self.district_combo.currentIndexChanged.connect(lambda _i: self.set_district(self.district_combo.currentData()))
        form.addRow(tr("District"), self.district_combo)
        layout.addLayout(form)
        self.full_screen_button = QPushButton(tr("Full-screen map"))
        self.full_screen_button.setObjectName("fullScreen")
        self.full_screen_button.setCheckable(True)
        self.full_screen_button.toggled.connect(self.set_full_screen)
        layout.addWidget(self.full_screen_button)
        layout.addWidget(QLabel(tr("Places (double-click to go there)")))
        self.place_list = QListWidget()
        self.place_list.setObjectName("places")
        self.place_list.itemActivated.connect(lambda item: self.go_to(item.data(Qt.ItemDataRole.UserRole)))
        self.place_list.itemDoubleClicked.connect(lambda item: self.go_to(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.place_list, 1)
        self.export_button = QPushButton(tr("Export overview map…"))
        self.export_button.setObjectName("exportOverview")
        self.export_button.setToolTip(tr("The current theme and district as an A3 overview map (PDF or PNG) "
                                         "with legend, scale bar, north arrow and the table by district"))
        self.export_button.clicked.connect(lambda _checked=False: self.export_overview())
        layout.addWidget(self.export_button)
        self.leave_button = QPushButton(tr("Leave meeting mode"))
        self.leave_button.setObjectName("leave")
        self.leave_button.clicked.connect(lambda _checked=False: self.leave())
        layout.addWidget(self.leave_button)
        self.setWidget(body)
        self.closed.connect(self.leave)

    # ------------------------------------------------------------------ the overview map
    def export_overview(self, path: Optional[str] = None) -> Optional[str]:
        """Write the current theme (programmes: the cleaning map; none: grades) and district as an A3
        overview map; asks for the file unless ``path`` is given. Returns the file written, or None."""
        from qgis.PyQt.QtWidgets import QApplication, QFileDialog

        from ..reports.overview import export_overview

        if not self.active:
            return None
        theme = self.theme if self.theme in MT.OVERVIEW_THEMES else (
            MT.THEME_CLEANING if self.theme == MT.THEME_PROGRAMMES else MT.THEME_GRADES)
        if path is None:
            suggested = f"{MT.theme_label(theme)}{'_' + self.district if self.district else ''}.pdf"
            path, _filter = QFileDialog.getSaveFileName(self, tr("Export overview map"), suggested,
                                                        tr("PDF (*.pdf);;PNG image (*.png)"))
            if not path:
                return None
        if not path.lower().endswith((".pdf", ".png")):
            path += ".pdf"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            export_overview(self.store_path, theme, path, self.district, self.year.value(), self.today)
        except Exception as e:  # noqa: BLE001 - one message, details in the log
            import traceback

            push(self.iface, tr("The overview map could not be written: {problem}").format(problem=str(e)),
                 Qgis.Critical, details=traceback.format_exc())
            return None
        finally:
            QApplication.restoreOverrideCursor()
        push(self.iface, tr("Overview map written: {file}").format(file=path), Qgis.Success)
        return path

    # ------------------------------------------------------------------ entering and leaving
    @property
    def active(self) -> bool:
        return self.store_path is not None

    def layers(self) -> dict:
        """``{table: layer}`` of the store's facility layers in the project."""
        facility = set(S.FACILITY_KINDS)
        return {t: lyr for t, lyr in MT.store_layers(QgsProject.instance(), self.store_path).items() if t in facility}

    def enter(self, store_path: str) -> None:
        """Begin meeting mode on ``store_path``: save the layers' state, map tips on, places, districts."""
        from ..layers.store_ref import canonical, describe, open_store

        if self.active:
            self.leave()
        self.store_path = canonical(store_path)  # a GeoPackage path made absolute, or a PostGIS reference
        self.store_label.setText(tr("Store: {file}").format(file=describe(self.store_path)))
        for layer in self.layers().values():
            self.saved[layer.id()] = LayerState(
                layer.renderer().clone() if layer.renderer() else None,
                {p: layer.customProperty(p) for p in PROPS}, layer.mapTipTemplate(), layer.displayExpression(),
                layer.subsetString(), tuple(j.joinLayerId() for j in layer.vectorJoins()))
            layer.setMapTipTemplate(MT.map_tip_template())
            layer.setDisplayExpression(MT.DISPLAY_EXPRESSION)
        action = self._map_tips_action()
        if action is not None:
            self.map_tips_was = action.isChecked()
            action.setChecked(True)
        with open_store(self.store_path, writable=False) as store:
            districts = MT.store_districts(store)
            self.year.blockSignals(True)
            self.year.setValue(MT.default_year(self.store_path, self.today))
            self.year.blockSignals(False)
            self._bookmarks(store)
        self.district_combo.blockSignals(True)
        self.district_combo.clear()
        self.district_combo.addItem(tr("Whole city"), None)
        for d in districts:
            self.district_combo.addItem(d, d)
        self.district_combo.blockSignals(False)
        self.theme, self.district = None, None
        self.buttons[None].setChecked(True)

    def leave(self) -> None:
        """Restore every layer's renderer, theme, map tips, filter and joins, the map tips action and the window."""
        if not self.active:
            return
        self.set_full_screen(False)
        project = QgsProject.instance()
        for layer_id, state in self.saved.items():
            layer = project.mapLayer(layer_id)
            if layer is None:
                continue
            for info in list(layer.vectorJoins()):  # the cleaning theme's join, when meeting mode added it
                if info.joinLayerId() not in state.joins:
                    joined = project.mapLayer(info.joinLayerId())
                    layer.removeJoin(info.joinLayerId())
                    if joined is not None and joined.customProperty(JOIN_PROP) is not None:
                        project.removeMapLayer(joined.id())
            if state.renderer is not None:
                layer.setRenderer(state.renderer.clone())
            for prop, value in state.props.items():
                if value is None:
                    layer.removeCustomProperty(prop)
                else:
                    layer.setCustomProperty(prop, value)
            layer.setMapTipTemplate(state.map_tip)
            layer.setDisplayExpression(state.display_expression)
            if layer.subsetString() != state.subset:
                layer.setSubsetString(state.subset)
            layer.triggerRepaint()
            layer.emitStyleChanged()
        action = self._map_tips_action()
        if action is not None and self.map_tips_was is not None:
            action.setChecked(self.map_tips_was)
        self.saved.clear()
        self.map_tips_was = None
        self.store_path = None
        self.theme = self.district = None
        self.full_screen_button.blockSignals(True)
        self.full_screen_button.setChecked(False)
        self.full_screen_button.blockSignals(False)

    def _map_tips_action(self):
        getter = getattr(self.iface, "actionMapTips", None)
        try:
            return getter() if callable(getter) else None
        except (AttributeError, NotImplementedError):
            return None

    # ------------------------------------------------------------------ themes and districts
    def _restore_renderers(self) -> None:
        project = QgsProject.instance()
        for layer_id, state in self.saved.items():
            layer = project.mapLayer(layer_id)
            if layer is not None and state.renderer is not None:
                layer.setRenderer(state.renderer.clone())
                for prop, value in state.props.items():
                    if value is None:
                        layer.removeCustomProperty(prop)
                    else:
                        layer.setCustomProperty(prop, value)
                layer.triggerRepaint()
                layer.emitStyleChanged()

    def set_theme(self, theme: Optional[str]) -> Optional[MT.ThemeResult]:
        """Switch every relevant layer to ``theme`` (None: the layers' own styles); returns what was themed."""
        if not self.active:
            return None
        self._restore_renderers()
        self.theme = theme
        self.buttons[theme].setChecked(True)
        if theme is None:
            return None
        result = MT.apply_theme(QgsProject.instance(), self.store_path, theme, self.year.value(), self.today)
        if result.missing:
            push(self.iface, tr("No programme for {year} in the store: {what}.").format(
                year=result.year, what=", ".join(result.missing)))
        return result

    def set_district(self, district: Optional[str]) -> None:
        """Filter every facility layer to ``district`` (None: the whole city) and zoom to its facilities."""
        from ..layers.project import padded
        from ..layers.store_ref import open_store

        if not self.active:
            return
        self.district = district or None
        project = QgsProject.instance()
        layers = self.layers()
        for layer in layers.values():
            state = self.saved.get(layer.id())
            if state is None or layer.isEditable() or layer.fields().indexFromName("district") < 0:
                continue
            layer.setSubsetString(MT.combine_subset(state.subset, self.district))
        index = self.district_combo.findData(self.district)
        if index >= 0 and index != self.district_combo.currentIndex():
            self.district_combo.blockSignals(True)
            self.district_combo.setCurrentIndex(index)
            self.district_combo.blockSignals(False)
        with open_store(self.store_path, writable=False) as store:
            box = MT.tables_extent(store, list(layers), self.district)
            crs = QgsCoordinateReferenceSystem(f"EPSG:{store.epsg}")
        if box is not None:
            self._zoom(padded(QgsRectangle(*box), 1.1, 200.0), crs, project)

    def _zoom(self, rect: QgsRectangle, crs, project) -> None:
        canvas = self.iface.mapCanvas()
        try:
            dest = canvas.mapSettings().destinationCrs()
            if dest.isValid() and dest != crs:
                rect = QgsCoordinateTransform(crs, dest, project).transformBoundingBox(rect)
            canvas.setExtent(rect)
            canvas.refresh()
        except (AttributeError, RuntimeError):  # test doubles of the canvas
            pass

    # ------------------------------------------------------------------ places
    def _bookmarks(self, store) -> None:
        from ..layers.project import padded

        manager = QgsProject.instance().bookmarkManager()
        crs = QgsCoordinateReferenceSystem(f"EPSG:{store.epsg}")
        self.places.clear()
        self.place_list.clear()
        for name in KEY_PLACES:
            box = MT.named_extent(store, name)
            if box is None:
                continue
            bookmark_id = BOOKMARK_PREFIX + name
            extent = QgsReferencedRectangle(padded(QgsRectangle(*box), 1.3, 300.0), crs)
            existing = manager.bookmarkById(bookmark_id)
            bookmark = QgsBookmark()
            bookmark.setId(bookmark_id)
            bookmark.setName(name)
            bookmark.setGroup(tr("Meeting"))
            bookmark.setExtent(extent)
            if existing.id():
                manager.updateBookmark(bookmark)
            else:
                manager.addBookmark(bookmark)
            self.places[name] = bookmark_id
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, bookmark_id)
            self.place_list.addItem(item)

    def go_to(self, bookmark_id: str) -> bool:
        """Zoom the map to a bookmark of the project; False when it is gone."""
        project = QgsProject.instance()
        bookmark = project.bookmarkManager().bookmarkById(bookmark_id)
        if not bookmark.id():
            return False
        extent = bookmark.extent()
        self._zoom(QgsRectangle(extent), extent.crs(), project)
        return True

    # ------------------------------------------------------------------ full screen
    def set_full_screen(self, on: bool) -> None:
        window = self.iface.mainWindow()
        if on and self.window is None:
            saved = WindowState(window.windowState())
            for widget in window.findChildren(QDockWidget) + window.findChildren(QToolBar):
                if widget is self or widget.parent() is not window or not widget.isVisible():
                    continue
                widget.hide()
                saved.hidden.append(widget)
            for attr, getter in (("menu", "menuBar"), ("status", "statusBar")):
                bar = getattr(window, getter)()
                setattr(saved, attr, bar.isVisible())
                bar.hide()
            self.window = saved
            window.showFullScreen()
        elif not on and self.window is not None:
            saved, self.window = self.window, None
            if saved.state & Qt.WindowState.WindowFullScreen:
                window.showFullScreen()
            elif saved.state & Qt.WindowState.WindowMaximized:
                window.showMaximized()
            else:
                window.showNormal()
            window.setWindowState(saved.state)
            window.menuBar().setVisible(saved.menu)
            window.statusBar().setVisible(saved.status)
            for widget in saved.hidden:
                widget.show()
        if self.full_screen_button.isChecked() != bool(on and self.window is not None):
            self.full_screen_button.blockSignals(True)
            self.full_screen_button.setChecked(self.window is not None)
            self.full_screen_button.blockSignals(False)

    @property
    def full_screen(self) -> bool:
        return self.window is not None


class MeetingController(DockController):
    """The toolbar action's controller: meeting mode on the project's store."""

    dock_class = MeetingDock

    def show_store(self, dock, path: str) -> None:
        dock.enter(path)

    def close_dock(self, dock) -> None:
        dock.leave()
