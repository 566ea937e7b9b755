"""The map's library and base layer are shipped with the portal: no CDN, no tile server."""

import gzip
import json
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_base_layer_is_indonesia_outline_small_enough_to_ship():
    path = STATIC / "geo" / "indonesia.geojson"
    collection = json.loads(path.read_text())
    (feature,) = collection["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    longitudes = [x for shape in feature["geometry"]["coordinates"] for x, _ in shape[0]]
    latitudes = [y for shape in feature["geometry"]["coordinates"] for _, y in shape[0]]
    # Sabang to Merauke, Miangas to Rote.
    assert 94 < min(longitudes) < 96 and 140 < max(longitudes) < 142
    assert -12 < min(latitudes) < -10 and 5 < max(latitudes) < 7
    assert len(gzip.compress(path.read_bytes())) < 500_000


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
