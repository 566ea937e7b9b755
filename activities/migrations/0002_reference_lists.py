"""Seed the reference lists: activity types and funding sources.

Administrators may edit them later; this only adds rows that are missing.
"""

from django.db import migrations

ACTIVITY_TYPES = [
    # code, Indonesian name, English name, kind, default unit
    ("multipurpose-hall", "Gedung serbaguna", "Multipurpose hall", "physical", "unit"),
    ("village-road", "Jalan kampung", "Village road", "physical", "m"),
    ("worship-rehab", "Rehabilitasi sarana ibadah", "Rehabilitation of a place of worship", "physical", "unit"),
    ("sports-field", "Lapangan olahraga", "Sports field", "physical", "unit"),
    ("drainage", "Saluran air lingkungan", "Drainage", "physical", "m"),
    ("clean-water", "Sarana air bersih", "Clean water supply", "physical", "unit"),
    ("street-lighting", "Penerangan lingkungan", "Street lighting", "physical", "titik"),
    ("harmony-monument", "Tugu keserasian sosial", "Social harmony monument", "physical", "unit"),
    ("thematic-dialogue", "Dialog tematik", "Thematic dialogue", "non_physical", ""),
    ("seminar", "Seminar", "Seminar", "non_physical", ""),
    ("training", "Pelatihan", "Training", "non_physical", ""),
    ("coordination-meeting", "Rapat koordinasi", "Coordination meeting", "non_physical", ""),
    ("operational-costs", "Biaya operasional", "Operational costs", "non_physical", ""),
]  # fmt: skip

FUNDING_SOURCES = [
    # code, Indonesian name, English name, is the DPR RI aspiration fund
    ("apbn", "APBN", "State budget (APBN)", False),
    ("dpr-aspiration", "Dana aspirasi anggota DPR RI", "DPR RI member's aspiration fund", True),
    ("apbd-province", "APBD provinsi", "Provincial budget (APBD)", False),
    ("apbd-regency", "APBD kabupaten/kota", "Regency or city budget (APBD)", False),
    ("self-help", "Swadaya masyarakat", "Community self-help", False),
    ("other", "Lainnya", "Other", False),
]


def seed(apps, schema_editor):
    ActivityType = apps.get_model("activities", "ActivityType")
    FundingSource = apps.get_model("activities", "FundingSource")
    for position, (code, name, name_en, kind, unit) in enumerate(ACTIVITY_TYPES, start=1):
        ActivityType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "kind": kind,
                "default_unit": unit,
                "position": position,
            },
        )
    for position, (code, name, name_en, aspiration) in enumerate(FUNDING_SOURCES, start=1):
        FundingSource.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "is_aspiration_fund": aspiration,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
