"""A store as schema version 1 left it (before the outfall table), for the migration tests."""
import sqlite3
import uuid


def make_v1_store(path) -> str:
    """Create a store with one road at ``path`` and take it back to schema version 1."""
    from safe_municipal.layers.gpkg import GpkgStore

    with GpkgStore.create(str(path)) as s:
        s.insert("road", [dict(uid=str(uuid.uuid4()), code="DL-1", name="三峡大道",
                               geom=("LineString", [(0, 0), (10, 0)]))])
    return downgrade_to_v1(path)


def downgrade_to_v1(path) -> str:
    """Take the store at ``path`` back to schema version 1, as the outfall migration found it."""
    conn = sqlite3.connect(path)
    with conn:
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'outfall'"
                                    ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute('DROP TABLE "rtree_outfall_geom"')
        conn.execute("DROP TABLE outfall")
        for t in ("gpkg_contents", "gpkg_ogr_contents", "gpkg_geometry_columns", "gpkg_data_columns",
                  "gpkg_extensions"):
            conn.execute(f"DELETE FROM {t} WHERE table_name = 'outfall'")
        conn.execute("DELETE FROM gpkg_data_column_constraints WHERE constraint_name = 'sm_outfall_type'")
        conn.execute("UPDATE sm_meta SET value = '1' WHERE key = 'schema_version'")
        conn.execute("DELETE FROM sm_schema_migrations")
        conn.execute("INSERT INTO sm_schema_migrations VALUES (1, '2026-01-01T00:00:00.000Z', 'initial schema')")
    conn.close()
    return str(path)
