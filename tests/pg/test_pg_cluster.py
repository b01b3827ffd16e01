"""scripts/pg_cluster.py: the throwaway cluster starts, survives a taken port and a dead previous run, stops."""
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

psycopg2 = pytest.importorskip("psycopg2")
import pg_cluster  # noqa: E402  (scripts/ is on sys.path through tests/conftest.py)

SCRIPT = Path(pg_cluster.__file__)


def _dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


@pytest.fixture
def tmp_path(tmp_path_factory):
    """A directory the unprivileged server user can enter (pytest's own are 0700 root when run as root)."""
    import shutil
    import tempfile

    d = Path(tempfile.mkdtemp(prefix="sm_pgtest_"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def test_taken_port_context_manager_and_removal(pg, tmp_path):
    # pg (the session cluster) holds its port: asking for it gives another free one
    with pg_cluster.start(tmpdir=str(tmp_path / "c2"), port=pg.port, postgis=False) as c:
        assert c.port != pg.port
        with psycopg2.connect(c.dsn) as conn, conn.cursor() as cur:
            cur.execute("SELECT current_database(), inet_server_addr()::text")
            assert cur.fetchone() == ("safe_municipal_test", "127.0.0.1/32")
        assert c.running()
        root = c.root
    assert not root.exists()


def test_stale_cluster_of_a_dead_run_is_stopped_and_removed(pg):
    stale = pg_cluster.start(postgis=False, owner_pid=_dead_pid())
    assert stale.running()
    removed = pg_cluster.cleanup_stale()
    assert stale.root in removed and not stale.root.exists()
    assert pg.root.exists() and pg.running()  # the live session's own cluster is left alone
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(stale.dsn, connect_timeout=3)


def test_reusing_a_directory_stops_what_was_left_in_it(pg, tmp_path):
    first = pg_cluster.start(tmpdir=str(tmp_path / "again"), postgis=False)
    second = pg_cluster.start(tmpdir=str(tmp_path / "again"), postgis=False)
    try:
        assert second.running()
        with psycopg2.connect(second.dsn) as conn:
            assert conn.server_version >= 150000
        if first.port != second.port:
            with pytest.raises(psycopg2.OperationalError):
                psycopg2.connect(first.dsn, connect_timeout=3)
    finally:
        second.stop()


def test_command_line_start_dsn_stop(pg, tmp_path):
    d = str(tmp_path / "cli")
    run = [sys.executable, str(SCRIPT)]
    out = subprocess.run(run + ["start", "--dir", d, "--no-postgis"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    dsn = out.stdout.strip()
    assert dsn.startswith("host=127.0.0.1 port=") and dsn.endswith("dbname=safe_municipal_test user=postgres")
    try:
        assert subprocess.run(run + ["dsn", "--dir", d], capture_output=True, text=True).stdout.strip() == dsn
        psycopg2.connect(dsn).close()
        assert pg_cluster.cleanup_stale() == [] or Path(d).exists()  # owner 0: never taken for stale
        assert Path(d).exists()
    finally:
        stop = subprocess.run(run + ["stop", "--dir", d], capture_output=True, text=True, timeout=120)
    assert stop.returncode == 0 and not Path(d).exists()
    assert subprocess.run(run + ["stop", "--dir", d], capture_output=True, text=True).returncode == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs the server as another user")
def test_directory_the_server_user_cannot_enter_is_a_clear_error(pg, tmp_path_factory):
    closed = tmp_path_factory.mktemp("closed")
    closed.chmod(0o700)
    with pytest.raises(pg_cluster.ClusterError, match="cannot enter"):
        pg_cluster.start(tmpdir=str(closed / "c"), postgis=False)
    assert not (closed / "c").exists()


def test_missing_postgresql_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SM_PG_BIN", "/nonexistent/bin")
    with pytest.raises(pg_cluster.ClusterError, match="initdb is missing"):
        pg_cluster.start()


def test_listens_on_loopback_only(pg):
    with psycopg2.connect(pg.dsn) as conn, conn.cursor() as cur:
        cur.execute("SHOW listen_addresses")
        assert cur.fetchone() == ("127.0.0.1",)
    if os.geteuid() == 0:
        assert pg.user == os.environ.get("SM_PG_USER", "nobody")
    with socket.socket() as s:
        s.settimeout(2)
        assert s.connect_ex(("127.0.0.1", pg.port)) == 0
