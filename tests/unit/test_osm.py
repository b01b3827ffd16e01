"""OpenStreetMap tag parsing and mapping rules (core.osm; issue 7)."""
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safe_municipal.core import osm as O
from safe_municipal.core import schema as S
from safe_municipal.core.validation import validate_row


def gdal_hstore(tags: dict) -> str:
    """The text GDAL's OSM driver writes into other_tags/all_tags (ogrosmlayer.cpp: quote every key
    and value, backslash before '"' and '\\', pairs joined by ',')."""
    def esc(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return ",".join(f"{esc(k)}=>{esc(v)}" for k, v in tags.items())


# --------------------------------------------------------------------------- hstore
def test_hstore_as_gdal_writes_it():
    text = '"bridge"=>"yes","layer"=>"1","name:zh"=>"长江大桥","maxspeed"=>"60"'
    assert O.parse_hstore(text) == {"bridge": "yes", "layer": "1", "name:zh": "长江大桥", "maxspeed": "60"}


def test_hstore_escapes_and_separators_inside_values():
    text = r'"name"=>"The \"Old\" Bridge","note"=>"a\\b","k"=>"x,y=>z","empty"=>""'
    assert O.parse_hstore(text) == {"name": 'The "Old" Bridge', "note": "a\\b", "k": "x,y=>z", "empty": ""}


def test_hstore_postgresql_forms():
    assert O.parse_hstore(' "a" => "1" ,  b=>2, "c"=>NULL, "d"=>"NULL" ') == {"a": "1", "b": "2", "c": None,
                                                                             "d": "NULL"}
    assert O.parse_hstore(None) == {} and O.parse_hstore("") == {} and O.parse_hstore("   ") == {}


@pytest.mark.parametrize("text, where", [
    ('"a"=>"1', "unclosed quote"), ('"a"=>"1\\', "unclosed quote"), ('"a"="1"', "'=>'"),
    ('"a"=>"1" "b"=>"2"', "','"), ('"a"=>', "no tag key or value"), ('=>"1"', "no tag key or value"),
])
def test_hstore_malformed_says_where(text, where):
    with pytest.raises(ValueError, match=where) as e:
        O.parse_hstore(text)
    assert e.value.args[0].template  # a translatable problem (core.validation.P)


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=8))
def test_hstore_round_trip(tags):
    assert O.parse_hstore(gdal_hstore(tags)) == tags


def test_feature_tags_merges_columns_and_hstore():
    fields = {"osm_id": "61", "name": "Gagoz", "highway": "primary", "waterway": None, "z_order": 17,
              "other_tags": '"bridge"=>"yes","layer"=>"1"'}
    assert O.feature_tags(fields) == {"name": "Gagoz", "highway": "primary", "bridge": "yes", "layer": "1"}
    # all_tags repeats the columns: one value each
    assert O.feature_tags({"osm_id": "1", "highway": "service", "all_tags": '"highway"=>"service"'}) == {
        "highway": "service"}


# --------------------------------------------------------------------------- values
@pytest.mark.parametrize("text, metres", [
    ("7", 7.0), ("7.5 m", 7.5), ("7,5", 7.5), ("3 m", 3.0), ("750 cm", 7.5), ("12 ft", 12 * 0.3048),
    ("2500mm", 2.5), (None, None), ("3;4", None), ("wide", None), ("", None), ("-2", None),
])
def test_lengths(text, metres):
    got = O.parse_length_m(text)
    assert got == pytest.approx(metres) if metres is not None else got is None


@pytest.mark.parametrize("text, mm", [
    ("600", 600), ("1.2", 1200), ("1.2 m", 1200), ("80 cm", 800), ("300mm", 300), ("50", 50), ("0", None),
    ("DN600", None), (None, None),
])
def test_diameters(text, mm):
    assert O.parse_diameter_mm(text) == mm


def test_drain_size_prefers_diameter_then_width():
    assert O.drain_size_mm({"diameter": "800", "width": "2"}) == 800
    assert O.drain_size_mm({"width": "1.5"}) == 1500
    assert O.drain_size_mm({"width": "0"}) is None
    assert O.drain_size_mm({}) is None


def test_is_yes_and_int():
    assert O.is_yes("yes") and O.is_yes("viaduct") and O.is_yes("building_passage")
    assert not any(O.is_yes(v) for v in ("no", "No", "false", "0", "", None))
    assert O.parse_int("2") == 2 and O.parse_int(" 4 ") == 4
    assert O.parse_int("2;3") is None and O.parse_int("1.5") is None and O.parse_int(None) is None


def test_names_prefer_chinese():
    assert O.name_of({"name": "Yangtze Bridge", "name:zh": "长江大桥"}) == "长江大桥"
    assert O.name_of({"name": "夷陵长江大桥", "name:en": "Yiling Bridge"}) == "夷陵长江大桥"
    assert O.name_of({"name": "Hauptstrasse", "bridge:name": "Rheinbrücke"}, "bridge:") == "Rheinbrücke"
    assert O.name_of({"name": "Hauptstrasse"}, "bridge:") == "Hauptstrasse"
    assert O.name_of({"name": "  "}) is None


# --------------------------------------------------------------------------- classification
def tables(rows):
    return [t for t, _ in rows]


@pytest.mark.parametrize("highway, road_class", [
    ("motorway", "expressway"), ("motorway_link", "expressway"), ("trunk", "expressway"),
    ("trunk_link", "expressway"), ("primary", "arterial"), ("primary_link", "arterial"),
    ("secondary", "secondary"), ("secondary_link", "secondary"), ("tertiary", "branch"),
    ("tertiary_link", "branch"), ("unclassified", "branch"), ("residential", "branch"),
    ("living_street", "branch"), ("service", "lane"), ("pedestrian", "lane"),
])
def test_road_classes(highway, road_class):
    rows = O.classify({"highway": highway, "name": "x"}, 42)
    assert rows == [("road", {"code": "OSM-W42", "name": "x", "road_class": road_class,
                              "notes": "OSM way 42 (© OpenStreetMap contributors, ODbL)"})]
    assert road_class in {c.value for c in S.VALUE_LISTS["road_class"]}


@pytest.mark.parametrize("tags", [
    {"highway": "footway"}, {"highway": "path"}, {"highway": "cycleway"}, {"highway": "steps"},
    {"highway": "track"}, {"highway": "bridleway"}, {"highway": "construction", "construction": "primary"},
    {"highway": "proposed"}, {"highway": "platform"}, {"highway": "bus_guideway"}, {"highway": "raceway"},
    {"highway": "service", "service": "parking_aisle"}, {"highway": "service", "service": "driveway"},
    {"railway": "rail", "bridge": "yes"}, {"highway": "track", "bridge": "yes"},
    {"highway": "cycleway", "tunnel": "yes"}, {"highway": "track", "tunnel": "yes"},
    {"waterway": "stream", "tunnel": "yes"}, {"waterway": "river"}, {"waterway": "canal", "tunnel": "yes"},
    {"man_made": "pipeline", "substance": "gas"}, {"man_made": "pipeline", "substance": "water"},
    {"building": "yes"}, {},
])
def test_skipped(tags):
    assert O.classify(tags, 1) == []


def test_unclassified_highway_road_has_no_class():
    (table, f), = O.classify({"highway": "road"}, 5)
    assert table == "road" and "road_class" not in f


def test_service_alley_is_a_lane():
    assert O.classify({"highway": "service", "service": "alley"}, 3)[0][1]["road_class"] == "lane"


def test_road_details():
    (_, f), = O.classify({"highway": "primary", "lanes": "4", "width": "15 m", "surface": "asphalt",
                          "maxspeed": "60", "layer": "1"}, 7)
    assert f["lanes"] == 4 and f["width_m"] == 15.0 and f["pavement_type"] == "asphalt"
    assert "maxspeed" not in f and "layer" not in f
    (_, f), = O.classify({"highway": "primary", "lanes": "20", "surface": "gravel", "width": "?"}, 7)
    assert "lanes" not in f and "pavement_type" not in f and "width_m" not in f
    assert O.classify({"highway": "residential", "surface": "paving_stones"}, 7)[0][1]["pavement_type"] == "block"


def test_road_bridge_is_bridge_and_road():
    rows = O.classify({"highway": "primary", "bridge": "yes", "name": "Rheinbrücke", "layer": "1", "width": "12",
                       "bridge:structure": "beam"}, 308)
    assert tables(rows) == ["road", "bridge"]
    road, bridge = rows[0][1], rows[1][1]
    assert road["code"] == bridge["code"] == bridge["road_code"] == "OSM-W308"
    assert bridge == {"code": "OSM-W308", "name": "Rheinbrücke", "road_class": "arterial", "bridge_class": "III",
                      "bridge_type": "beam", "width_m": 12.0, "road_code": "OSM-W308",
                      "notes": "OSM way 308 (© OpenStreetMap contributors, ODbL)"}


@pytest.mark.parametrize("value", ["yes", "viaduct", "aqueduct", "boardwalk", "cantilever", "movable", "covered"])
def test_bridge_values(value):
    assert tables(O.classify({"highway": "secondary", "bridge": value}, 1)) == ["road", "bridge"]


@pytest.mark.parametrize("highway, bclass", [("motorway", "II"), ("trunk_link", "II"), ("primary", "III"),
                                             ("secondary", "IV"), ("residential", "V"), ("service", "V")])
def test_bridge_class_follows_cjj99(highway, bclass):
    assert O.classify({"highway": highway, "bridge": "yes"}, 1)[1][1]["bridge_class"] == bclass


def test_bridge_structures_and_special_class():
    def bridge(structure):
        return O.classify({"highway": "trunk", "bridge": "yes", "bridge:structure": structure}, 1)[1][1]
    assert bridge("cable-stayed")["bridge_type"] == "cable_stayed" and bridge("cable-stayed")["bridge_class"] == "I"
    assert bridge("simple-suspension")["bridge_type"] == "suspension"
    assert bridge("humpback")["bridge_type"] == "arch" and bridge("arch")["bridge_class"] == "II"
    assert "bridge_type" not in bridge("truss")


def test_pedestrian_bridges():
    rows = O.classify({"highway": "footway", "bridge": "yes", "name": "Dampfbrüggli", "width": "3"}, 797)
    assert rows == [("bridge", {"code": "OSM-W797", "name": "Dampfbrüggli", "bridge_type": "pedestrian",
                                "width_m": 3.0, "notes": "OSM way 797 (© OpenStreetMap contributors, ODbL)"})]
    assert O.classify({"highway": "cycleway", "bridge": "yes", "bridge:structure": "arch"}, 1)[0][1][
        "bridge_type"] == "arch"
    assert tables(O.classify({"highway": "steps", "bridge": "yes"}, 1)) == ["bridge"]


def test_tunnels():
    rows = O.classify({"highway": "secondary", "tunnel": "yes", "name": "Bergstrasse", "lanes": "2",
                       "tunnel:name": "Gnalp-Steg", "layer": "-1"}, 870)
    assert tables(rows) == ["road", "tunnel"]
    assert rows[1][1] == {"code": "OSM-W870", "name": "Gnalp-Steg", "road_class": "secondary", "lanes": 2,
                          "road_code": "OSM-W870", "notes": "OSM way 870 (© OpenStreetMap contributors, ODbL)"}
    assert rows[0][1]["name"] == "Bergstrasse"
    assert tables(O.classify({"highway": "residential", "tunnel": "building_passage"}, 1)) == ["road", "tunnel"]
    assert tables(O.classify({"highway": "residential", "tunnel": "no"}, 1)) == ["road"]


def test_culverts_drains_and_sewers():
    (t, f), = O.classify({"waterway": "stream", "tunnel": "culvert", "name": "Esche", "layer": "-1"}, 7100)
    assert t == "drain_pipe" and f["usage"] == "storm" and f["diameter_mm"] == O.DEFAULT_DIAMETER_MM
    assert f["name"] == "Esche" and "1000 mm assumed" in f["notes"]
    (t, f), = O.classify({"waterway": "drain", "diameter": "800"}, 2)
    assert f["diameter_mm"] == 800 and "assumed" not in f["notes"]
    assert O.classify({"waterway": "ditch", "width": "1.5"}, 3)[0][1]["diameter_mm"] == 1500
    assert O.classify({"waterway": "culvert"}, 4)[0][0] == "drain_pipe"
    (t, f), = O.classify({"man_made": "pipeline", "substance": "sewage", "diameter": "600"}, 5)
    assert t == "drain_pipe" and f["usage"] == "sewage" and f["diameter_mm"] == 600
    assert O.classify({"man_made": "pipeline", "substance": "rainwater"}, 6)[0][1]["usage"] == "storm"


def test_every_mapped_row_is_valid_for_its_table():
    samples = [{"highway": "trunk", "bridge": "viaduct", "lanes": "6", "width": "25", "surface": "concrete",
                "bridge:structure": "cable-stayed", "name:zh": "至喜长江大桥"},
               {"highway": "primary", "tunnel": "yes", "lanes": "4"},
               {"highway": "footway", "bridge": "yes"},
               {"waterway": "drain", "width": "0.6"}]
    for i, tags in enumerate(samples):
        for table, fields in O.classify(tags, 1000 + i):
            row = {k: v for k, v in fields.items() if k != "road_code"}
            row["uid"] = str(uuid.uuid4())  # the importer's part
            validate_row(S.table(table), row, i)  # raises on any problem
            assert len(row["code"]) <= S.table(table).field("code").max_length
