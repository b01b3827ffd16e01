"""A throwaway PostgreSQL/PostGIS cluster for the store tests: loopback only, in a temporary directory.

Library use::

    with pg_cluster.start() as cluster:      # initdb, pg_ctl start -w, database + CREATE EXTENSION postgis
        conn = psycopg2.connect(cluster.dsn)
    # stopped (pg_ctl stop -m fast) and its directory removed

Command line (the cluster keeps running between the two commands)::

    python3 scripts/pg_cluster.py start [--dir DIR] [--port PORT]   # prints the DSN
    python3 scripts/pg_cluster.py stop  [--dir DIR]

Authentication is ``trust``, but only on the loopback address and on a Unix socket inside the
cluster's own directory (mode 0700), so nothing outside this machine can reach it. The server
refuses to run as root: when started by root it runs as the unprivileged user ``$SM_PG_USER``
(default ``nobody``) through ``runuser``.

Robust against a previous run that died: each directory made by :func:`start` records the pid of the
process that owns it; a later :func:`start` stops and removes clusters whose owner is gone. A port
already taken (by anything) makes it try another free one.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

DATABASE = "safe_municipal_test"
SUPERUSER = "postgres"
PASSWORD_LOGIN = "pw_wang"  # noqa: S105 - a role name, not a password; the one login that must give a password (pg_hba.conf, scram-sha-256)
PREFIX = "sm_pg_"
STATE_FILE = "cluster.json"
CLI_DIR = Path(tempfile.gettempdir()) / "sm_pg_cluster"


class ClusterError(RuntimeError):
    """PostgreSQL (or PostGIS) could not be started; the message says why and what to install."""


# --------------------------------------------------------------------------- binaries and users
def bin_dir() -> Path:
    """The directory of initdb/pg_ctl/psql: ``$SM_PG_BIN``, the newest Debian install, or the PATH."""
    env = os.environ.get("SM_PG_BIN")
    if env:
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    if which:
        return Path(which).resolve().parent
    raise ClusterError("PostgreSQL is not installed (no pg_ctl): apt-get install postgresql-15 postgresql-15-postgis-3")


def _run_user() -> Optional[str]:
    """The user the server runs as, or None for the current one (not root)."""
    if os.geteuid() != 0:
        return None
    return os.environ.get("SM_PG_USER", "nobody")


def _as_user(cmd: list, user: Optional[str]) -> list:
    return ["runuser", "-u", user, "--"] + cmd if user else cmd


def _run(cmd: list, user: Optional[str], cwd: Path, check: bool = True, timeout: float = 120):
    p = subprocess.run(_as_user([str(c) for c in cmd], user), cwd=str(cwd), capture_output=True, text=True,
                       timeout=timeout)
    if check and p.returncode != 0:
        raise ClusterError(f"{Path(str(cmd[0])).name} failed ({p.returncode}): {(p.stderr or p.stdout).strip()}")
    return p


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


# --------------------------------------------------------------------------- the cluster
class Cluster:
    """A running cluster; :meth:`stop` (or leaving the ``with`` block) stops it and removes its directory."""

    def __init__(self, root: Path, port: int, user: Optional[str], bindir: Path, database: str = DATABASE):
        self.root = Path(root)
        self.port = port
        self.user = user
        self.bindir = Path(bindir)
        self.database = database
        self.host = "127.0.0.1"
        self.superuser = SUPERUSER

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "sock"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def dsn_for(self, user: Optional[str] = None, database: Optional[str] = None) -> str:
        return (f"host={self.host} port={self.port} dbname={database or self.database} "
                f"user={user or self.superuser}")

    @property
    def dsn(self) -> str:
        """libpq connection string of the test database as the superuser."""
        return self.dsn_for()

    @property
    def uri(self) -> str:
        return f"postgresql://{self.superuser}@{self.host}:{self.port}/{self.database}"

    def psql(self, sql: str, database: Optional[str] = None) -> str:
        """Run SQL through psql as the superuser (stops at the first error); returns its output."""
        p = subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
                            "-d", self.dsn_for(database=database or "postgres"), "-c", sql],
                           capture_output=True, text=True, timeout=120, cwd=str(self.root))
        if p.returncode != 0:
            raise ClusterError(f"psql: {p.stderr.strip()}")
        return p.stdout

    def running(self) -> bool:
        if not self.data_dir.exists():
            return False
        p = _run([self.bindir / "pg_ctl", "status", "-D", self.data_dir], self.user, self.root, check=False)
        return p.returncode == 0

    def stop(self, remove: bool = True) -> None:
        """pg_ctl stop -m fast (immediate if that fails), then remove the directory."""
        if self.data_dir.exists():
            p = _run([self.bindir / "pg_ctl", "stop", "-D", self.data_dir, "-m", "fast", "-w", "-t", "60"],
                     self.user, self.root, check=False)
            if p.returncode != 0 and self.running():
                _run([self.bindir / "pg_ctl", "stop", "-D", self.data_dir, "-m", "immediate", "-w"],
                     self.user, self.root, check=False)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Cluster({self.dsn!r}, root={str(self.root)!r})"

    # state file: lets `stop` and later runs find (and clean up) the cluster
    def _write_state(self, owner_pid: int) -> None:
        (self.root / STATE_FILE).write_text(json.dumps({
            "port": self.port, "user": self.user, "bindir": str(self.bindir), "database": self.database,
            "owner_pid": owner_pid}), encoding="utf-8")

    @classmethod
    def from_dir(cls, root: Path) -> Optional[Cluster]:
        try:
            st = json.loads((Path(root) / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cls(Path(root), st["port"], st.get("user"), Path(st["bindir"]), st.get("database", DATABASE))


def _owner_pid(root: Path) -> int:
    try:
        return int(json.loads((root / STATE_FILE).read_text(encoding="utf-8")).get("owner_pid", 0))
    except (OSError, ValueError, TypeError):
        return -1


def cleanup_stale(parent: Optional[Path] = None, bindir: Optional[Path] = None) -> list:
    """Stop and remove clusters under ``parent`` made by :func:`start` whose owning process is gone.

    Clusters started from the command line (owner 0) and those of live processes are left alone.
    Returns the directories removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for d in sorted(parent.glob(PREFIX + "*")):
        if not d.is_dir():
            continue
        owner = _owner_pid(d)
        if owner == 0 or _pid_alive(owner):
            continue
        if owner == -1 and time.time() - d.stat().st_mtime < 600:
            continue  # no state yet: maybe a start in progress elsewhere
        c = Cluster.from_dir(d)
        if c is not None:
            if bindir is not None and not c.bindir.exists():
                c.bindir = bindir
            try:
                c.stop(remove=False)
            except (OSError, subprocess.SubprocessError):
                pass
        shutil.rmtree(d, ignore_errors=True)
        removed.append(d)
    return removed


def _searchable_by(path: Path, user: str) -> Optional[Path]:
    """The first existing directory on ``path``'s way that ``user`` cannot enter, or None."""
    import stat

    pw = pwd.getpwnam(user)
    groups = {pw.pw_gid} | set(os.getgrouplist(user, pw.pw_gid))
    for d in [*reversed(path.resolve().parents), path.resolve()]:
        if not d.exists():
            break
        st = d.stat()
        if st.st_uid == pw.pw_uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid in groups:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            return d
    return None


def _prepare_dir(root: Path, user: Optional[str]) -> None:
    if user:
        blocked = _searchable_by(root.parent, user)
        if blocked is not None:
            raise ClusterError(f"the server runs as {user!r}, who cannot enter {blocked}: put the cluster "
                               f"directory elsewhere (e.g. under {tempfile.gettempdir()}) or set SM_PG_USER")
    if root.exists():
        old = Cluster.from_dir(root)
        if old is not None:
            old.stop(remove=False)
        shutil.rmtree(root)
    root.mkdir(parents=True, mode=0o700)
    (root / "sock").mkdir(mode=0o700)
    if user:
        pw = pwd.getpwnam(user)
        for p in (root, root / "sock"):
            os.chown(p, pw.pw_uid, pw.pw_gid)


def start(tmpdir: Optional[str] = None, port: Optional[int] = None, postgis: bool = True,
          database: str = DATABASE, owner_pid: Optional[int] = None, attempts: int = 5) -> Cluster:
    """Start a throwaway cluster and create ``database`` (with PostGIS unless ``postgis`` is False).

    ``tmpdir``: the cluster's own directory (made anew; a cluster left in it is stopped first);
    default a fresh ``sm_pg_*`` directory in the system temp dir. ``port``: tried first; when taken,
    or when not given, a free loopback port is picked. Raises :class:`ClusterError` with the reason
    (PostgreSQL or PostGIS missing, initdb/start failure with the server log's tail)."""
    bindir = bin_dir()
    for tool in ("initdb", "pg_ctl", "psql"):
        if not (bindir / tool).exists():
            raise ClusterError(f"{bindir / tool} is missing: apt-get install postgresql-15")
    user = _run_user()
    if user:
        try:
            pwd.getpwnam(user)
        except KeyError:
            raise ClusterError(f"user {user!r} to run PostgreSQL as does not exist (set SM_PG_USER)") from None
        if shutil.which("runuser") is None:
            raise ClusterError("running as root needs runuser (util-linux) to start PostgreSQL unprivileged")
    cleanup_stale(bindir=bindir)
    root = Path(tmpdir) if tmpdir else Path(tempfile.mkdtemp(prefix=PREFIX))
    _prepare_dir(root, user)
    cluster = Cluster(root, 0, user, bindir, database)
    cluster._write_state(os.getpid() if owner_pid is None else owner_pid)
    try:
        _run([bindir / "initdb", "-D", cluster.data_dir, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
              "--no-locale", "--no-sync"], user, root, timeout=300)
        _require_password(Path(cluster.data_dir) / "pg_hba.conf")
        last = ""
        for i in range(attempts):
            p = port if (port and i == 0 and not port_in_use(port)) else free_port()
            cluster.port = p
            cluster._write_state(os.getpid() if owner_pid is None else owner_pid)
            opts = (f"-c listen_addresses=127.0.0.1 -c port={p} -c unix_socket_directories={cluster.socket_dir} "
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=40 "
                    "-c shared_buffers=32MB")
            r = _run([bindir / "pg_ctl", "start", "-D", cluster.data_dir, "-w", "-t", "60", "-l", cluster.log_file,
                      "-o", opts], user, root, check=False)
            if r.returncode == 0:
                break
            last = _log_tail(cluster.log_file)
            if "already in use" not in last and "could not bind" not in last:
                raise ClusterError(f"pg_ctl start failed: {(r.stderr or r.stdout).strip()}\n{last}")
        else:
            raise ClusterError(f"no free port after {attempts} attempts:\n{last}")
        cluster.psql(f'CREATE DATABASE "{database}"')
        if postgis:
            try:
                cluster.psql("CREATE EXTENSION postgis", database=database)
            except ClusterError as e:
                raise ClusterError("PostGIS is not installed for this PostgreSQL "
                                   f"(apt-get install postgresql-15-postgis-3): {e}") from None
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _require_password(hba: Path) -> None:
    """The login PASSWORD_LOGIN must give its password (SCRAM) over TCP — for tests of credentials
    from the QGIS authentication manager; everyone else stays trusted (loopback only)."""
    text = hba.read_text(encoding="utf-8")
    line = f"host all {PASSWORD_LOGIN} 127.0.0.1/32 scram-sha-256\n"
    st = hba.stat()
    hba.write_text(line + text, encoding="utf-8")
    if os.geteuid() == 0:
        os.chown(hba, st.st_uid, st.st_gid)


def _log_tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


# --------------------------------------------------------------------------- command line
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("start", help="start a cluster and print its DSN")
    s.add_argument("--dir", default=str(CLI_DIR), help=f"cluster directory (default {CLI_DIR})")
    s.add_argument("--port", type=int, default=None)
    s.add_argument("--no-postgis", action="store_true")
    t = sub.add_parser("stop", help="stop the cluster and remove its directory")
    t.add_argument("--dir", default=str(CLI_DIR))
    d = sub.add_parser("dsn", help="print the DSN of a running cluster")
    d.add_argument("--dir", default=str(CLI_DIR))
    a = ap.parse_args(argv)
    try:
        if a.cmd == "start":
            c = start(a.dir, a.port, postgis=not a.no_postgis, owner_pid=0)
            print(c.dsn)
            return 0
        c = Cluster.from_dir(Path(a.dir))
        if c is None:
            print(f"no cluster in {a.dir}", file=sys.stderr)
            return 1
        if a.cmd == "dsn":
            print(c.dsn)
        else:
            c.stop()
        return 0
    except ClusterError as e:
        print(f"pg_cluster: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
