"""Plausible coordinates for generated activities, so the map has something to show.

The regions carry no coordinates, so each province has an approximate centre and reach
here (degrees, written by hand from a map: good enough for sample data, not a gazetteer).
A regency's centre is drawn within its province's reach from ``random.Random`` seeded by
the regency code, an activity lands near its regency's centre from a generator of its
own: the other generated values come from the main generator and do not change. Points
stay inside Indonesia's bounding box.
"""

import random
from decimal import Decimal

# Province code -> (latitude, longitude, reach in degrees)
PROVINCES = {
    "11": (4.4, 96.9, 1.0),  # Aceh
    "12": (2.2, 99.1, 1.2),  # Sumatera Utara
    "13": (-0.8, 100.6, 0.8),  # Sumatera Barat
    "14": (0.5, 101.8, 1.0),  # Riau
    "15": (-1.6, 102.8, 0.8),  # Jambi
    "16": (-3.3, 104.2, 1.0),  # Sumatera Selatan
    "17": (-3.6, 102.3, 0.5),  # Bengkulu
    "18": (-5.0, 105.2, 0.6),  # Lampung
    "19": (-2.4, 106.6, 0.6),  # Kepulauan Bangka Belitung
    "21": (1.0, 104.5, 0.5),  # Kepulauan Riau
    "31": (-6.2, 106.85, 0.08),  # DKI Jakarta
    "32": (-6.9, 107.6, 0.5),  # Jawa Barat
    "33": (-7.2, 110.2, 0.5),  # Jawa Tengah
    "34": (-7.85, 110.4, 0.15),  # DI Yogyakarta
    "35": (-7.6, 112.4, 0.7),  # Jawa Timur
    "36": (-6.4, 106.1, 0.3),  # Banten
    "51": (-8.4, 115.2, 0.25),  # Bali
    "52": (-8.6, 117.4, 0.7),  # Nusa Tenggara Barat
    "53": (-9.3, 122.0, 1.2),  # Nusa Tenggara Timur
    "61": (-0.1, 111.1, 1.3),  # Kalimantan Barat
    "62": (-1.7, 113.4, 1.3),  # Kalimantan Tengah
    "63": (-3.1, 115.3, 0.6),  # Kalimantan Selatan
    "64": (0.5, 116.4, 1.2),  # Kalimantan Timur
    "65": (3.0, 116.2, 0.8),  # Kalimantan Utara
    "71": (1.0, 124.4, 0.6),  # Sulawesi Utara
    "72": (-1.4, 121.4, 1.0),  # Sulawesi Tengah
    "73": (-4.0, 120.0, 0.8),  # Sulawesi Selatan
    "74": (-4.1, 122.2, 0.6),  # Sulawesi Tenggara
    "75": (0.7, 122.5, 0.3),  # Gorontalo
    "76": (-2.5, 119.3, 0.4),  # Sulawesi Barat
    "81": (-3.2, 129.5, 1.2),  # Maluku
    "82": (1.0, 127.8, 0.8),  # Maluku Utara
    "91": (-2.6, 139.5, 1.0),  # Papua
    "92": (-1.5, 133.5, 0.8),  # Papua Barat
    "93": (-7.0, 139.5, 0.8),  # Papua Selatan
    "94": (-3.8, 136.5, 0.8),  # Papua Tengah
    "95": (-4.1, 138.9, 0.6),  # Papua Pegunungan
    "96": (-1.0, 131.5, 0.6),  # Papua Barat Daya
}
ELSEWHERE = (-2.5, 118.0, 3.0)  # a province code not in the table
WEST, SOUTH, EAST, NORTH = 94.0, -11.0, 142.0, 6.5
SPREAD = 0.06  # degrees around a regency's centre (standard deviation)
MICRODEGREE = Decimal("0.000001")


def _inside(value, low, high):
    return min(max(value, low), high)


class Placer:
    """Coordinates for activities: near their regency's centre, inside their province."""

    def __init__(self, seed):
        self.rng = random.Random(f"national-places:{seed}")
        self.seed = seed
        self.centres = {}

    def centre(self, regency):
        if regency not in self.centres:
            lat, lng, reach = PROVINCES.get(regency[:2], ELSEWHERE)
            rng = random.Random(f"regency:{self.seed}:{regency}")
            self.centres[regency] = (
                lat + rng.uniform(-reach, reach) * 0.7,
                lng + rng.uniform(-reach, reach),
            )
        return self.centres[regency]

    def point(self, regency):
        """(latitude, longitude) as Decimals of six places, for the model's fields."""
        lat, lng = self.centre(regency)
        lat = _inside(lat + self.rng.gauss(0, SPREAD), SOUTH, NORTH)
        lng = _inside(lng + self.rng.gauss(0, SPREAD), WEST, EAST)
        return Decimal(lat).quantize(MICRODEGREE), Decimal(lng).quantize(MICRODEGREE)

    def place(self, activities, forums=()):
        for activity in activities:
            activity.latitude, activity.longitude = self.point(activity.forum.village_id[:5])
        # A forum's secretariat near its works: after them, so their points stay as they were.
        for forum in forums:
            forum.latitude, forum.longitude = self.point(forum.village_id[:5])
