"""Cut Indonesia out of Natural Earth's 1:10m countries: the map's base layer.

The map must draw with no internet, so the portal ships the country outline as a static
GeoJSON file (static/geo/indonesia.geojson). Its source is the npm package world-atlas
2.0.2 (Natural Earth 4.1.0 admin-0 countries as TopoJSON; Natural Earth is in the public
domain, world-atlas is ISC). To rebuild it:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python manage.py build_map_outline /tmp/package/countries-10m.json

The TopoJSON is decoded here (delta-encoded, quantized arcs), points closer together than
TOLERANCE degrees are dropped and coordinates are rounded to 3 decimals (about 100 m),
which keeps the file small while the coastline still reads at province zoom.
"""

import json
from pathlib import Path

INDONESIA = "360"  # ISO 3166-1 numeric code of Indonesia, the id in world-atlas
TOLERANCE = 0.01
SOURCE = "Natural Earth 1:10m (world-atlas 2.0.2)"
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "indonesia.geojson"


def decode_arcs(topology):
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def simplify(points):
    kept = [points[0]]
    for point in points[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) > TOLERANCE or abs(point[1] - last[1]) > TOLERANCE:
            kept.append(point)
    kept.append(points[-1])
    return [[round(x, 3), round(y, 3)] for x, y in kept]


def indonesia_feature(topology):
    arcs = decode_arcs(topology)
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["id"] != INDONESIA:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes = []
        for polygon in polygons:
            rings = [simplify(ring(arcs, indexes)) for indexes in polygon]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                shapes.append(rings)
        return {
            "type": "Feature",
            "id": INDONESIA,
            "properties": {"name": "Indonesia", "source": SOURCE},
            "geometry": {"type": "MultiPolygon", "coordinates": shapes},
        }
    raise ValueError("Indonesia (360) is not in this topology")


def build(source, output=OUTPUT):
    """Write the outline of Indonesia from the TopoJSON file ``source``; return its path."""
    topology = json.loads(Path(source).read_text())
    collection = {"type": "FeatureCollection", "features": [indonesia_feature(topology)]}
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(collection, separators=(",", ":")))
    return output
