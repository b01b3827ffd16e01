"""The README's PostGIS commands under qgis_process.bin with the deployed plugin: create a store in a
PostGIS schema, copy a GeoPackage store into it, assess it, print its tunnels' health books, and copy it
back to a GeoPackage — checksums equal both ways."""
import json
import subprocess
import uuid

import pytest
from pg_support import pg_ref
from qgis_support import deployed_qgis_process

from safe_municipal.layers import store_ref
from safe_municipal.layers.gpkg import GpkgStore
from safe_municipal.layers.store_copy import table_checksums


@pytest.fixture()
def qgis_process(tmp_path):
    exe, env = deployed_qgis_process(tmp_path)

    def run(alg, *args):
        proc = subprocess.run([exe, "--json", "run", f"safe_municipal:{alg}", "--", *args], env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, alg + proc.stderr[-2000:] + proc.stdout[-2000:]
        return json.loads(proc.stdout[proc.stdout.index("{"):])["results"]

    return run


@pytest.mark.slow
def test_readme_postgis_commands(qgis_process, store_db, tmp_path):
    import psycopg2

    from safe_municipal.layers.demo_writer import write_demo_city

    demo = tmp_path / "yichang.gpkg"
    write_demo_city(str(demo), "tiny", 1)
    schema = f"sm_cli_{uuid.uuid4().hex[:8]}"
    ref = pg_ref(store_db, schema)
    try:
        created = qgis_process("create_store", f"DATABASE={ref}", "CRS=EPSG:4546")
        assert store_ref.parse(created["STORE"]).schema == schema
        copied = qgis_process("copy_store", f"INPUT={demo}", f"OUTPUT={ref}")
        assert copied["CHECKSUMS_EQUAL"] in (True, "true", 1)
        with GpkgStore.open(str(demo), writable=False) as g, store_ref.open_store(ref, writable=False) as p:
            assert table_checksums(g) == table_checksums(p)
        first = qgis_process("assess_network", f"STORE={ref}", "AS_OF=2025-12-31")
        assert int(first["ASSESSED"]) > 0
        with store_ref.open_store(ref, writable=False) as p:
            assert p.count("assessment") == int(first["CHANGED"]) > 0
            tunnels = p.count("tunnel")
        books = tmp_path / "tunnels.pdf"
        result = qgis_process("export_health_books", f"STORE={ref}", "KIND=tunnel", f"OUTPUT={books}", "ONE_FILE=true")
        assert books.is_file() and int(result["PAGES"]) == tunnels > 0
        back = tmp_path / "back.gpkg"
        qgis_process("copy_store", f"INPUT={ref}", f"OUTPUT={back}")
        with GpkgStore.open(str(back), writable=False) as g, store_ref.open_store(ref, writable=False) as p:
            assert table_checksums(g) == table_checksums(p)
    finally:
        conn = psycopg2.connect(store_db.dsn)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.close()
