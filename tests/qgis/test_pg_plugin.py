"""The shared store from the user's side: create it with Processing, open it from the plugin's dialog
by a QGIS connection, a connection string or with credentials from the QGIS authentication manager,
and the plugin's actions follow the login's role."""
import uuid

import pytest
from pg_support import pg_ref
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsProject, QgsProviderRegistry

import safe_municipal
from safe_municipal.core import schema as S
from safe_municipal.layers import store_ref
from safe_municipal.layers.errors import StoreError


@pytest.fixture(autouse=True)
def _clear_project_after():
    yield
    QgsProject.instance().clear()


@pytest.fixture()
def plugin(qgis_iface, qgis_new_project):
    p = safe_municipal.classFactory(qgis_iface)
    p.initGui()
    yield p
    p.unload()


@pytest.fixture()
def fresh_schema(store_db):
    """A schema name no store uses yet; dropped after the test."""
    import psycopg2

    name = f"sm_new_{uuid.uuid4().hex[:8]}"
    yield name
    conn = psycopg2.connect(store_db.dsn)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    conn.close()


def test_create_store_on_postgis_with_processing(qgis_processing, store_db, fresh_schema):
    from qgis import processing

    from safe_municipal.processing.provider import SafeMunicipalProvider

    reg = QgsApplication.processingRegistry()
    added = SafeMunicipalProvider() if reg.providerById("safe_municipal") is None else None
    if added is not None:
        assert reg.addProvider(added)
    try:
        ref = pg_ref(store_db, fresh_schema)
        res = processing.run("safe_municipal:create_store", {"DATABASE": ref, "CRS": "EPSG:4547"})
        assert store_ref.parse(res["STORE"]).schema == fresh_schema and res["SCHEMA_VERSION"] == str(S.SCHEMA_VERSION)
        with store_ref.open_store(res["STORE"]) as store:
            assert (store.backend, store.epsg, store.schema_version) == ("postgis", 4547, S.SCHEMA_VERSION)
            assert all(store.count(t.name) == 0 for t in S.TABLES)
        with pytest.raises(Exception, match="already exists"):
            processing.run("safe_municipal:create_store", {"DATABASE": ref})
        with pytest.raises(Exception, match="not a PostGIS store reference"):
            processing.run("safe_municipal:create_store", {"DATABASE": "/tmp/x.gpkg"})
    finally:
        if added is not None:
            reg.removeProvider(added)


def _fill(dialog, text: str, schema: str):
    from safe_municipal.dialogs.pg_store_dialog import OTHER

    dialog.connection.setCurrentIndex(dialog.connection.findData(OTHER))
    dialog.text.setText(text)
    dialog.schema.setText(schema)


def test_dialog_opens_a_store_and_actions_follow_the_role(plugin, qgis_iface, sample_store, pg_copy, monkeypatch):
    from safe_municipal.dialogs import pg_store_dialog

    store = pg_copy(sample_store.path)
    chosen = {}

    def fake_exec(dialog):
        base = store.ref.replace(f" schema={store.schema}", "").replace("user=postgres", f"user={chosen['user']}")
        _fill(dialog, base, store.schema)
        chosen["reference"] = dialog.reference()
        chosen["check"] = dialog.check()
        dialog.open_button.click()
        return dialog.result()

    monkeypatch.setattr(pg_store_dialog.PgStoreDialog, "exec", fake_exec)
    chosen["user"] = "alice_viewer"
    loaded = plugin.controller.open_postgis_dialog()
    assert loaded is not None and len(loaded.layers) == len(S.TABLES)
    assert "alice_viewer" in chosen["check"] and "viewer: may read everything" in chosen["check"]
    assert store_ref.parse(chosen["reference"]).params["user"] == "alice_viewer"
    assert not plugin.actions["SafeMunicipalAssessNetwork"].isEnabled()
    assert not plugin.actions["SafeMunicipalBulkMaintenance"].isEnabled()
    assert "not for your role sm_viewer" in plugin.actions["SafeMunicipalImportData"].toolTip()
    assert plugin.actions["SafeMunicipalExport"].isEnabled()  # reading is allowed

    QgsProject.instance().clear()
    chosen["user"] = "ivan_inspector"
    assert plugin.controller.open_postgis_dialog() is not None
    assert plugin.actions["SafeMunicipalBulkMaintenance"].isEnabled()
    assert not plugin.actions["SafeMunicipalAssessNetwork"].isEnabled()

    QgsProject.instance().clear()
    chosen["user"] = "eve_editor"
    assert plugin.controller.open_postgis_dialog() is not None
    assert plugin.actions["SafeMunicipalAssessNetwork"].isEnabled()
    assert plugin.actions["SafeMunicipalImportData"].isEnabled()


def test_dialog_creates_a_store(plugin, store_db, fresh_schema, monkeypatch):
    from safe_municipal.dialogs import pg_store_dialog

    def fake_exec(dialog):
        base = pg_ref(store_db, "x").replace(" schema=x", "")
        _fill(dialog, base, fresh_schema)
        dialog.create_button.click()
        return dialog.result()

    monkeypatch.setattr(pg_store_dialog.PgStoreDialog, "exec", fake_exec)
    loaded = plugin.controller.open_postgis_dialog()
    assert loaded is not None and store_ref.parse(loaded.path).schema == fresh_schema
    assert all(layer.isValid() for layer in loaded.layers.values())


def test_open_by_qgis_connection_name(store_db, sample_store, pg_copy):
    from psycopg2.extensions import parse_dsn

    from safe_municipal.layers.project import load_store

    store = pg_copy(sample_store.path)
    d = parse_dsn(store_db.dsn)
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    name = f"城区管网 {uuid.uuid4().hex[:4]}"
    conn = md.createConnection(f"host={d['host']} port={d['port']} dbname='{d['dbname']}' user='{d['user']}'", {"saveUsername": True})
    md.saveConnection(conn, name)
    try:
        ref = f"connection='{name}' schema={store.schema}"
        with store_ref.open_store(ref, writable=False) as s:
            assert s.count("bridge") == sample_store.counts["bridge"]
        loaded = load_store(ref, QgsProject.instance())
        assert loaded.layers["road"].isValid() and loaded.layers["road"].featureCount() == 2
        with pytest.raises(StoreError, match="no PostgreSQL connection named"):
            store_ref.open_store(f"connection=nosuch schema={store.schema}")
    finally:
        md.deleteConnection(name)


def test_credentials_from_the_qgis_authentication_manager(store_db, connect, sample_store, pg_copy, tmp_path):
    """The login pw_wang must give a password (scripts/pg_cluster.py); it comes from an authcfg, and
    neither the reference nor the project file holds it."""
    import pg_cluster

    from safe_municipal.layers.project import load_store

    admin = connect()
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (pg_cluster.PASSWORD_LOGIN,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE ROLE {pg_cluster.PASSWORD_LOGIN} LOGIN PASSWORD 'S3cret-口令' IN ROLE sm_editor")
    store = pg_copy(sample_store.path)
    ref = pg_ref(store_db, store.schema, pg_cluster.PASSWORD_LOGIN)
    with pytest.raises(StoreError, match="Cannot connect"):
        store_ref.open_store(ref)  # no password anywhere

    mgr = QgsApplication.authManager()
    if not mgr.masterPasswordIsSet():
        assert mgr.setMasterPassword("sm-test-master", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("safe municipal test")
    config.setConfig("username", pg_cluster.PASSWORD_LOGIN)
    config.setConfig("password", "S3cret-口令")
    ok, config = mgr.storeAuthenticationConfig(config)
    assert ok
    try:
        with_auth = f"{ref} authcfg={config.id()}"
        with store_ref.open_store(with_auth) as s:
            assert s.user == pg_cluster.PASSWORD_LOGIN and s.role() == "sm_editor"
        loaded = load_store(with_auth, QgsProject.instance())
        assert loaded.layers["bridge"].isValid() and loaded.layers["bridge"].featureCount() == 1
        path = tmp_path / "p.qgs"
        assert QgsProject.instance().write(str(path))
        text = path.read_text(encoding="utf-8")
        assert config.id() in text and "S3cret" not in text
    finally:
        mgr.removeAuthenticationConfig(config.id())
