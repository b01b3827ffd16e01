"""The PostgreSQL/PostGIS fixtures (tests/pg_support.py)."""
from pg_support import *  # noqa: F401,F403 - pytest fixtures
