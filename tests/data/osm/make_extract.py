"""Cut the small OSM XML test extract from osm2pgsql's Liechtenstein file (see SOURCES.md).

    python3 tests/data/osm/make_extract.py liechtenstein-2013-08-03.osm.bz2 vaduz-2013-08-03.osm

Keeps every way with at least one node inside BBOX, whole (all its nodes, also those outside: a
"complete ways" cut), and the tagged nodes inside BBOX; drops relations and the editing metadata
(user, uid, changeset, timestamp). Ids, tags and coordinates are kept as they are. Only used to
(re)make test data; not part of the plugin.
"""
from __future__ import annotations

import bz2
import sys
from xml.etree import ElementTree as ET  # noqa: S405 - trusted local test data, not plugin code
from xml.sax.saxutils import quoteattr

BBOX = (9.485, 47.150, 9.525, 47.180)  # lon/lat: Vaduz and its Rhine bridge
DROP = ("user", "uid", "changeset", "timestamp")


def _open(path):
    return bz2.open(path, "rb") if path.endswith(".bz2") else open(path, "rb")


def _inside(lon, lat):
    return BBOX[0] <= lon <= BBOX[2] and BBOX[1] <= lat <= BBOX[3]


def _attrs(elem):
    return " ".join(f"{k}={quoteattr(v)}" for k, v in elem.attrib.items() if k not in DROP)


def _tags(elem):
    return [f'    <tag k={quoteattr(t.get("k"))} v={quoteattr(t.get("v"))}/>' for t in elem.findall("tag")]


def main(src: str, dst: str) -> None:
    nodes, ways = {}, []
    with _open(src) as f:
        for _event, elem in ET.iterparse(f):  # noqa: S314 - trusted local test data
            if elem.tag == "node":
                nodes[int(elem.get("id"))] = (float(elem.get("lon")), float(elem.get("lat")), _attrs(elem),
                                              _tags(elem))
                elem.clear()
            elif elem.tag == "way":
                refs = [int(nd.get("ref")) for nd in elem.findall("nd")]
                ways.append((int(elem.get("id")), _attrs(elem), refs, _tags(elem)))
                elem.clear()
            elif elem.tag == "relation":
                elem.clear()
    keep_ways = [w for w in ways if any(r in nodes and _inside(*nodes[r][:2]) for r in w[2])]
    keep_nodes = {r for w in keep_ways for r in w[2] if r in nodes}
    keep_nodes |= {i for i, n in nodes.items() if n[3] and _inside(n[0], n[1])}
    out = ["<?xml version='1.0' encoding='UTF-8'?>",
           '<osm version="0.6" generator="safe_municipal tests/data/osm/make_extract.py">',
           f'  <bounds minlat="{BBOX[1]}" minlon="{BBOX[0]}" maxlat="{BBOX[3]}" maxlon="{BBOX[2]}"/>']
    for i in sorted(keep_nodes):
        _lon, _lat, attrs, tags = nodes[i]
        out += [f"  <node {attrs}>", *tags, "  </node>"] if tags else [f"  <node {attrs}/>"]
    for _i, attrs, refs, tags in sorted(keep_ways):
        out += [f"  <way {attrs}>", *(f'    <nd ref="{r}"/>' for r in refs if r in nodes), *tags, "  </way>"]
    out.append("</osm>")
    with open(dst, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
