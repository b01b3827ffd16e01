"""Open or create a store in PostgreSQL/PostGIS: pick a QGIS connection (or type a pg_service /
connection string), the schema and, when needed, a QGIS authentication configuration.

The dialog only builds a store reference (layers/store_ref.py) and can check it (connects, says which
role the login has and whether the schema holds a store); opening and creating are the store
controller's work. No password is typed here: credentials come from the QGIS connection's
authentication configuration, the one chosen here, a pg_service file or ~/.pgpass.
"""
from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsProviderRegistry
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core import schema as S
from ..i18n import tr
from ..layers import store_ref
from ..layers.errors import StoreError

OTHER = "\x00other"  # the combo's data for "type a connection string"


def role_text(role: str) -> str:
    texts = {"sm_viewer": tr("viewer: may read everything"),
             "sm_inspector": tr("inspector: may add and edit records"),
             "sm_editor": tr("editor: may edit facilities and records"),
             "sm_admin": tr("administrator: schema and roles")}
    return texts.get(role, tr("no Safe Municipal role"))


def qgis_pg_connections() -> list:
    """Names of the PostgreSQL connections saved in QGIS."""
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    if md is None:
        return []
    try:
        return sorted(md.connections().keys())
    except Exception:  # noqa: BLE001 - a provider without connections API
        return []


class PgStoreDialog(QDialog):
    """``exec()``; then ``reference()`` and ``create_requested`` / ``epsg()``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("PostGIS store"))
        self.setObjectName("SafeMunicipalPgStoreDialog")
        self.create_requested = False
        form = QFormLayout()
        self.connection = QComboBox()
        self.connection.setObjectName("connection")
        for name in qgis_pg_connections():
            self.connection.addItem(name, name)
        self.connection.addItem(tr("Other: pg_service or connection string"), OTHER)
        form.addRow(tr("Connection"), self.connection)
        self.text = QLineEdit()
        self.text.setObjectName("connection_text")
        self.text.setPlaceholderText("service=city_gis    host=10.0.0.5 dbname=city user=wang    postgresql://…")
        form.addRow(tr("Connection string"), self.text)
        self.schema = QLineEdit(store_ref.DEFAULT_SCHEMA)
        self.schema.setObjectName("schema")
        form.addRow(tr("Schema"), self.schema)
        self.auth = None
        try:
            from qgis.gui import QgsAuthConfigSelect

            self.auth = QgsAuthConfigSelect(self, "postgres")
            self.auth.setObjectName("authcfg")
            form.addRow(tr("Authentication"), self.auth)
        except ImportError:  # pragma: no cover - QGIS without its auth GUI
            pass
        self.crs = None
        try:
            from qgis.gui import QgsProjectionSelectionWidget

            self.crs = QgsProjectionSelectionWidget(self)
            self.crs.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{S.DEFAULT_EPSG}"))
            form.addRow(tr("CRS of a new store"), self.crs)
        except ImportError:  # pragma: no cover
            pass
        self.preview = QLabel()
        self.preview.setObjectName("reference")
        self.preview.setWordWrap(True)
        form.addRow(tr("Store reference"), self.preview)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.check_button = QPushButton(tr("Check"))
        self.check_button.setObjectName("check")
        self.create_button = QPushButton(tr("Create store"))
        self.create_button.setObjectName("create")
        self.open_button = QPushButton(tr("Open"))
        self.open_button.setObjectName("open")
        self.open_button.setDefault(True)
        buttons.addButton(self.check_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.create_button.clicked.connect(self._create)
        self.check_button.clicked.connect(self.check)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.connection.currentIndexChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        self.schema.textChanged.connect(self._update)
        if self.auth is not None:
            self.auth.selectedConfigIdChanged.connect(self._update)
        self._update()

    # ---------------------------------------------------------------- the reference
    def reference(self) -> str:
        """The store reference the fields describe; StoreError when they describe none."""
        schema = self.schema.text().strip()
        authcfg = self.auth.configId() if self.auth is not None else ""
        name = self.connection.currentData()
        if name != OTHER:
            base = store_ref.PgRef({}, store_ref.DEFAULT_SCHEMA, "", name)
        else:
            text = self.text.text().strip()
            if not text:
                raise StoreError(tr("Type a pg_service (service=…) or a connection string"))
            base = store_ref.parse(text if store_ref.is_postgis(text) else f"service='{text}'")
        ref = store_ref.PgRef(base.params, schema or base.schema, authcfg or base.authcfg, base.connection)
        return store_ref.canonical(ref.text())  # checks the schema name

    def epsg(self) -> int:
        if self.crs is None:
            return S.DEFAULT_EPSG
        authid = self.crs.crs().authid()
        return int(authid.split(":")[1]) if authid.upper().startswith("EPSG:") else S.DEFAULT_EPSG

    def _update(self, *_args) -> None:
        self.text.setEnabled(self.connection.currentData() == OTHER)
        try:
            ref = self.reference()
        except StoreError as e:
            self.preview.setText(str(e))
            self.open_button.setEnabled(False)
            self.create_button.setEnabled(False)
            return
        self.preview.setText(ref)
        self.open_button.setEnabled(True)
        self.create_button.setEnabled(True)
        self.status.clear()

    # ---------------------------------------------------------------- actions
    def check(self) -> str:
        """Connect and say what is there; returns the text shown."""
        try:
            ref = self.reference()
            with store_ref.open_store(ref, writable=False, migrate=False) as store:
                role = store.role()
                text = tr("A store (schema version {v}, EPSG:{epsg}); you are {user}, {role}.").format(
                    v=store.schema_version, epsg=store.epsg, user=store.user, role=role_text(role))
        except StoreError as e:
            text = str(e)
        self.status.setText(text)
        return text

    def _open(self) -> None:
        self.create_requested = False
        self.accept()

    def _create(self) -> None:
        self.create_requested = True
        self.accept()
