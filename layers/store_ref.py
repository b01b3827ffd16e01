"""Where a store lives: a GeoPackage file or a schema of a PostgreSQL/PostGIS database.

Everything in the plugin names a store by one string, its *reference*: the path of a GeoPackage file,
or a PostGIS reference in one of these forms::

    service=city_gis                                   a pg_service.conf entry (libpq)
    service=city_gis schema=safe_municipal authcfg=a1b2c3d
    connection=城区管网                                  a PostgreSQL connection saved in QGIS (by name)
    host=10.0.0.5 port=5432 dbname=city user=wang      libpq keywords (QGIS's data source form, quotes allowed)
    postgresql://wang@10.0.0.5:5432/city?schema=safe_municipal&authcfg=a1b2c3d

``schema`` (default ``safe_municipal``) and ``authcfg`` (a QGIS authentication configuration) are ours;
every other keyword goes to libpq. Passwords are never part of a reference (one given is refused:
use ``authcfg``, a pg_service file or ``~/.pgpass``), so a reference can be written into a QGIS
project, a Processing history or a message as it is.

:func:`open_store` opens either kind (``GpkgStore`` / ``PgStore``); :func:`canonical` is the form kept
in layer properties and compared to match layers to a store. No QGIS import at module level: a
``connection=`` name or an ``authcfg`` needs QGIS (its settings and authentication manager) when the
store is opened.
"""
from __future__ import annotations

import contextlib
import re
import shlex
from dataclasses import dataclass, field
from typing import Dict, Optional
from urllib.parse import parse_qsl, unquote, urlsplit

from .errors import StoreError

DEFAULT_SCHEMA = "safe_municipal"
#: keywords that are ours, not libpq's
OWN_KEYS = ("schema", "authcfg", "connection")
#: libpq keywords a reference may carry (QGIS's data source URIs use the same names)
LIBPQ_KEYS = ("host", "hostaddr", "port", "dbname", "user", "service", "sslmode", "sslcert", "sslkey",
              "sslrootcert", "connect_timeout", "options", "application_name", "target_session_attrs")
_QGIS_ALIASES = {"username": "user", "database": "dbname"}
_KEYWORD_RE = re.compile(r"^\s*(service|connection|host|hostaddr|dbname|port|user|schema|authcfg)\s*=")


try:
    from ..i18n import tr
except ImportError:  # no Qt (a server's scripts): the English text
    def tr(text: str) -> str:
        return text


@dataclass(frozen=True)
class PgRef:
    """A parsed PostGIS reference: libpq keywords (no password), the schema, a QGIS authcfg / connection."""

    params: Dict[str, str] = field(default_factory=dict)
    schema: str = DEFAULT_SCHEMA
    authcfg: str = ""
    connection: str = ""

    def text(self) -> str:
        """The canonical reference: ``key=value`` pairs in a fixed order, values quoted when needed."""
        items = [("connection", self.connection)] if self.connection else []
        items += [(k, self.params[k]) for k in LIBPQ_KEYS if self.params.get(k)]
        items += [("schema", self.schema)]
        if self.authcfg:
            items.append(("authcfg", self.authcfg))
        return " ".join(f"{k}={_quote(v)}" for k, v in items)

    def key(self) -> str:
        """What identifies the store whoever connects: server/service, database and schema (no user)."""
        p = self.params
        where = (f"connection={self.connection}" if self.connection else
                 f"service={p['service']}" if p.get("service") else
                 f"{p.get('host') or p.get('hostaddr') or 'local'}:{p.get('port') or '5432'}")
        return f"postgis:{where}/{p.get('dbname', '')}/{self.schema}"

    def describe(self) -> str:
        p = self.params
        if self.connection:
            where = tr("QGIS connection {name}").format(name=self.connection)
        elif p.get("service"):
            where = tr("service {name}").format(name=p["service"])
        else:
            where = f"{p.get('host') or p.get('hostaddr') or 'localhost'}:{p.get('port') or '5432'}"
            if p.get("dbname"):
                where += f"/{p['dbname']}"
        return tr("PostGIS store {schema} on {where}").format(schema=self.schema, where=where)


def _quote(v: str) -> str:
    v = str(v)
    if v and re.fullmatch(r"[\w.\-/:@\u4e00-\u9fff]+", v):
        return v
    return "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'"


def is_postgis(ref) -> bool:
    """True when ``ref`` names a PostGIS store (not a file path)."""
    if isinstance(ref, PgRef):
        return True
    text = str(ref or "").strip()
    return text.startswith(("postgresql://", "postgres://", "pg:")) or bool(_KEYWORD_RE.match(text))


def parse(ref) -> PgRef:
    """A PostGIS reference as :class:`PgRef`; StoreError for a malformed one or one holding a password."""
    if isinstance(ref, PgRef):
        return ref
    text = str(ref).strip()
    if text.startswith("pg:"):
        text = text[3:].strip()
    if text.startswith(("postgresql://", "postgres://")):
        pairs = _parse_url(text)
    else:
        pairs = _parse_keywords(text)
    own = {k: pairs.pop(k) for k in OWN_KEYS if k in pairs}
    if "password" in pairs:
        raise StoreError(tr("A store reference may not hold a password: keep it in the QGIS authentication "
                            "manager (authcfg=…), a pg_service file or ~/.pgpass"))
    unknown = sorted(k for k in pairs if k not in LIBPQ_KEYS)
    if unknown:
        raise StoreError(tr("Unknown keyword in the store reference: {names}").format(names=", ".join(unknown)))
    schema = own.get("schema") or DEFAULT_SCHEMA
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", schema):
        raise StoreError(tr("{schema} is not a usable schema name (letters, digits, _)").format(schema=schema))
    if not (pairs or own.get("connection")):
        raise StoreError(tr("The store reference names no database: give service=, connection=, dbname=/host= "
                            "or a postgresql:// URL"))
    return PgRef(pairs, schema, own.get("authcfg", ""), own.get("connection", ""))


def _parse_url(text: str) -> dict:
    u = urlsplit(text)
    if u.password:
        return {"password": "?"}
    out = {}
    if u.hostname:
        out["host"] = u.hostname
    if u.port:
        out["port"] = str(u.port)
    if u.username:
        out["user"] = unquote(u.username)
    if u.path.strip("/"):
        out["dbname"] = unquote(u.path.strip("/"))
    for k, v in parse_qsl(u.query, keep_blank_values=False):
        out[_QGIS_ALIASES.get(k, k)] = v
    return out


def _parse_keywords(text: str) -> dict:
    out = {}
    try:
        lexer = shlex.shlex(text, posix=True)
        lexer.whitespace_split = True
        lexer.wordchars += "="
        tokens = list(lexer)
    except ValueError as e:
        raise StoreError(tr("Cannot read the store reference {ref}: {error}").format(ref=text, error=e)) from None
    for tok in tokens:
        if "=" not in tok:
            raise StoreError(tr("Cannot read the store reference {ref}: {token} is not key=value")
                             .format(ref=text, token=tok))
        k, v = tok.split("=", 1)
        k = _QGIS_ALIASES.get(k.strip().lower(), k.strip().lower())
        if k in ("table", "type", "srid", "key", "estimatedmetadata", "checkprimarykeyunicity", "sql",
                 "selectatid"):  # parts of a QGIS layer source, not of the store
            continue
        if v:
            out[k] = v
    return out


def canonical(ref) -> str:
    """The form of a reference kept in layer properties: a normalised absolute path, or the PgRef text."""
    if is_postgis(ref):
        return parse(ref).text()
    import os

    return os.path.normpath(os.path.abspath(os.path.expanduser(str(ref))))


def store_key(ref) -> str:
    """Identity of the store a reference names (two users of one PostGIS schema: the same key)."""
    return parse(ref).key() if is_postgis(ref) else canonical(ref)


def describe(ref) -> str:
    return parse(ref).describe() if is_postgis(ref) else str(ref)


# --------------------------------------------------------------------------- connecting
def qgis_connection(name: str) -> Dict[str, str]:
    """libpq keywords (and authcfg/password) of a PostgreSQL connection saved in QGIS."""
    try:
        from qgis.core import QgsDataSourceUri, QgsProviderRegistry
    except ImportError:
        raise StoreError(tr("connection={name} names a QGIS connection: open the store from QGIS or give "
                            "service= or host=/dbname=").format(name=name)) from None
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    try:
        conn = md.findConnection(name) if md is not None else None
    except Exception:  # QgsProviderConnectionException: no such connection
        conn = None
    if conn is None:
        raise StoreError(tr("QGIS has no PostgreSQL connection named {name}").format(name=name))
    return uri_params(QgsDataSourceUri(conn.uri()))


def uri_params(uri) -> Dict[str, str]:
    """libpq keywords, ``authcfg`` and ``password`` of a QgsDataSourceUri."""
    out = {"host": uri.host(), "port": uri.port(), "dbname": uri.database(), "user": uri.username(),
           "service": uri.service(), "authcfg": uri.authConfigId(), "password": uri.password()}
    names = {1: "disable", 2: "allow", 3: "prefer", 4: "require", 5: "verify-ca", 6: "verify-full"}
    with contextlib.suppress(TypeError, ValueError):  # SslPrefer … as an int
        out["sslmode"] = names.get(int(uri.sslMode()), "")
    return {k: str(v) for k, v in out.items() if v not in (None, "")}


def auth_credentials(authcfg: str) -> Dict[str, str]:
    """user/password of a QGIS authentication configuration (method Basic)."""
    try:
        from qgis.core import QgsApplication, QgsAuthMethodConfig
    except ImportError:
        raise StoreError(tr("authcfg={id} needs the QGIS authentication manager: open the store from QGIS "
                            "or qgis_process").format(id=authcfg)) from None
    mgr = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    if mgr is None or not mgr.loadAuthenticationConfig(authcfg, config, True) or not config.isValid():
        raise StoreError(tr("The QGIS authentication configuration {id} cannot be read (unknown id, or the "
                            "master password was not given)").format(id=authcfg))
    if config.method() != "Basic":
        raise StoreError(tr("The QGIS authentication configuration {id} uses method {method}; the store "
                            "needs Basic (user name and password)").format(id=authcfg, method=config.method()))
    out = {}
    if config.config("username"):
        out["user"] = config.config("username")
    if config.config("password"):
        out["password"] = config.config("password")
    return out


def libpq_dsn(ref) -> str:
    """The libpq connection string to open ``ref`` (credentials resolved; never shown or stored)."""
    r = parse(ref)
    params: Dict[str, str] = {}
    authcfg = r.authcfg
    if r.connection:
        saved = qgis_connection(r.connection)
        authcfg = authcfg or saved.pop("authcfg", "")
        params.update(saved)
    params.update(r.params)
    if authcfg:
        params.update(auth_credentials(authcfg))
    return " ".join(f"{k}={_libpq_quote(v)}" for k, v in params.items() if v)


def _libpq_quote(v: str) -> str:
    return "'" + str(v).replace("\\", "\\\\").replace("'", "\\'") + "'"


def open_store(ref, writable: bool = True, migrate: bool = True):
    """A GpkgStore or PgStore for ``ref`` (a path or a PostGIS reference). StoreError says why not."""
    if is_postgis(ref):
        from .pg_store import PgStore

        r = parse(ref)
        return PgStore.connect(libpq_dsn(r), schema=r.schema, writable=writable, migrate=migrate,
                               ref=r.text())
    from .gpkg import GpkgStore

    return GpkgStore.open(str(ref), writable=writable, migrate=migrate)


def upgrade_store(ref) -> Optional[int]:
    """Migrate an older store (either backend); the version it had, None when current."""
    if is_postgis(ref):
        from .pg_store import upgrade_pg_store

        return upgrade_pg_store(ref)
    from .gpkg import upgrade_store as upgrade_gpkg

    return upgrade_gpkg(str(ref))
