"""Seed the conflict triggers: the eight categories of the 2012 national conflict data
(104 social conflicts), with their shares in percent.

Administrators may edit the list later; this only adds rows that are missing.
"""

from decimal import Decimal

from django.db import migrations

TRIGGERS = [
    # code, Indonesian name, English name, national share in 2012 (%)
    ("clash-between-residents", "Bentrok antarwarga", "Clashes between residents", "33.6"),
    ("security-issues", "Masalah keamanan", "Security issues", "25.0"),
    ("land-dispute", "Sengketa lahan", "Land disputes", "12.5"),
    ("sara-issues", "Isu SARA", "SARA issues (ethnicity, religion, race, inter-group)", "9.6"),
    ("mass-organisation", "Konflik ormas", "Mass-organisation conflict", "5.0"),
    ("education-institution", "Konflik lembaga pendidikan", "Education-institution conflict", "2.8"),
    ("political-excess", "Ekses politik", "Political excess", "2.0"),
    ("social-inequality", "Kesenjangan sosial", "Social inequality", "0.9"),
]  # fmt: skip


def seed(apps, schema_editor):
    ConflictTrigger = apps.get_model("forums", "ConflictTrigger")
    for position, (code, name, name_en, share) in enumerate(TRIGGERS, start=1):
        ConflictTrigger.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "position": position,
                "national_share_2012": Decimal(share),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forums", "0011_conflict_incidents")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
