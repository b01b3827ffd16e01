"""Second connections to a PostGIS test store under other logins (tests/pg_support.py's LOGINS).

``pg_copy`` makes a new schema per call; two people working on the SAME store need a second
connection to that schema::

    from pg_logins import *  # noqa: F401,F403 - the login fixture

    def test_x(store, login):              # store: a PgStore from pg_copy
        eve = login(store, "eve_editor")   # an open PgStore on the same schema, closed after the test
"""
import dataclasses

import pytest

__all__ = ["login", "ref_as"]


def ref_as(ref: str, user: str) -> str:
    """The store reference ``ref`` (PostGIS) logging in as ``user``."""
    from safe_municipal.layers import store_ref

    r = store_ref.parse(ref)
    return dataclasses.replace(r, params={**r.params, "user": user}).text()


@pytest.fixture
def login():
    """login(store, user) -> an open PgStore on ``store``'s schema as ``user`` (closed after the test);
    its ``ref`` attribute is its reference."""
    from safe_municipal.layers import store_ref

    opened = []

    def _login(store, user):
        ref = ref_as(store.ref if hasattr(store, "ref") else store.path, user)
        s = store_ref.open_store(ref)
        s.ref = ref
        opened.append(s)
        return s

    yield _login
    for s in opened:
        s.close()
