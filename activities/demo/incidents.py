"""Demo conflict incidents for the seed places, so the targeting view has something to rank.

The seed documents name no incidents: these are invented, and marked as sample data.
Their dates count back from the day the demo is loaded (so "the last three years" always
holds them); a rerun finds each by its village, trigger and source and changes nothing.
Kabupaten Probolinggo is kept without a forum on purpose (its seed is a coordination
meeting on preventing conflict, held by the regency, not a forum; ``load_demo`` keeps the
sample forums out of it), so the list "regencies with recent incidents and no active
forum" is not empty.
"""

import datetime

from django.utils import timezone

from forums.models import ConflictIncident, ConflictTrigger, Village

from .base import at, published
from .programme import BABUSSALAM, KABUPATEN_PROBOLINGGO, KOTA_BAUBAU, TANAH_GARAM

# The regency kept free of demo forums: the sample forums are placed elsewhere.
WITHOUT_FORUM = KABUPATEN_PROBOLINGGO

# (where: a village code or a regency code, trigger code, days ago, affected, displaced,
#  description, source)
SEED_INCIDENTS = [
    (TANAH_GARAM, "land-dispute", 200, 35, None,
     "Perselisihan batas tanah ulayat antara dua kaum; dimediasi ninik mamak.",
     "Laporan lurah"),
    (TANAH_GARAM, "clash-between-residents", 700, 60, 0,
     "Perkelahian pemuda dua RW selepas pertandingan sepak bola.",
     "Laporan Bhabinkamtibmas"),
    (BABUSSALAM, "land-dispute", 120, 120, 15,
     "Sengketa lahan kebun sawit antara warga dan perusahaan.",
     "Laporan kepala desa"),
    (KOTA_BAUBAU, "clash-between-residents", 90, 80, 12,
     "Bentrok antarwarga dua kelurahan; beberapa rumah rusak.",
     "Dinas Sosial Kota Baubau"),
    (KOTA_BAUBAU, "security-issues", 500, 25, None,
     "Gangguan keamanan malam hari di pasar kelurahan.",
     "Laporan Babinsa"),
]  # fmt: skip

PROBOLINGGO_INCIDENTS = [
    ("clash-between-residents", 45, 150, 30,
     "Bentrok antarwarga dua dusun; warga mengungsi ke balai desa.",
     "Bakesbangpol kabupaten"),
    ("sara-issues", 300, 40, None,
     "Ketegangan antarkelompok setelah kabar bohong di media sosial.",
     "Dinas Kominfo kabupaten"),
    ("political-excess", 800, 20, None,
     "Ekses pemilihan kepala desa: pendukung calon saling lapor.",
     "Laporan camat"),
]  # fmt: skip


def _village(code):
    """The village of a village code; for a regency code, its first village by code
    (kelurahan first, as the forums of the cities are)."""
    if code.count(".") == 3:
        return Village.objects.get(code=code)
    return Village.objects.filter(district__regency_id=code).order_by("-kind", "code").first()


def _incident(village, trigger, days, affected, displaced, description, source, verifier):
    today = timezone.localdate()
    found = ConflictIncident.objects.filter(village=village, trigger=trigger, source=source)
    if found.exists():
        return found.first()
    occurred_on = today - datetime.timedelta(days=days)
    incident = ConflictIncident(
        village=village,
        trigger=trigger,
        occurred_on=occurred_on,
        description=description,
        people_affected=affected,
        people_displaced=displaced,
        source=source,
        is_sample=True,
        **published(verifier, at(min(occurred_on + datetime.timedelta(days=7), today))),
    )
    incident._history_user = verifier
    incident.save()
    return incident


def reserved_villages():
    """The codes of the villages no sample forum may take (those of ``WITHOUT_FORUM``)."""
    return set(
        Village.objects.filter(district__regency_id=WITHOUT_FORUM).values_list("code", flat=True)
    )


def build_incidents(users):
    """Create the demo incidents that are missing."""
    verifier = users["admin"]
    triggers = ConflictTrigger.objects.in_bulk(field_name="code")
    rows = [*SEED_INCIDENTS, *((WITHOUT_FORUM, *row) for row in PROBOLINGGO_INCIDENTS)]
    for where, trigger, days, affected, displaced, description, source in rows:
        village = _village(where)
        if village is not None:
            _incident(
                village, triggers[trigger], days, affected, displaced, description, source, verifier
            )
