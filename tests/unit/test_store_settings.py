"""Settings kept in the store: defaults, round trip, audit, bad values."""
import pytest

from safe_municipal.core.validation import ValidationError
from safe_municipal.layers import store_settings
from safe_municipal.layers.gpkg import GpkgStore


@pytest.fixture
def store(tmp_path):
    s = GpkgStore.create(str(tmp_path / "s.gpkg"))
    yield s
    s.close()


def test_default_set_replace_unset(store):
    assert store_settings.get(store, "planning.weights", {"grade": 1}) == {"grade": 1}
    store_settings.set(store, "planning.weights", {"grade": 2.5, "名称": "权重"})
    assert store_settings.get(store, "planning.weights") == {"grade": 2.5, "名称": "权重"}
    store_settings.set(store, "planning.weights", [1, 2])
    assert store_settings.get(store, "planning.weights") == [1, 2] and store.count("setting") == 1
    actions = [r[0] for r in store.execute("SELECT action FROM audit_log WHERE table_name = 'setting' ORDER BY fid")]
    assert actions == ["insert", "update"]
    assert store_settings.unset(store, "planning.weights") is True
    assert store_settings.unset(store, "planning.weights") is False
    assert store_settings.get(store, "planning.weights", 7) == 7


def test_bad_values_write_nothing(store):
    with pytest.raises(ValidationError) as e:
        store_settings.set(store, "x", {1, 2})
    assert (e.value.table, e.value.row, e.value.field) == ("setting", "x", "value")
    with pytest.raises(ValidationError, match="required"):
        store_settings.set(store, "  ", 1)
    assert store.count("setting") == 0 and store.count("audit_log") == 0
