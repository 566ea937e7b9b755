"""Seed the resilience indicators: three under each target of the resilience guideline
(social institutions, social norms or pranata, social networks).

Administrators may edit the list later; this only adds rows that are missing.
"""

from django.db import migrations

INDICATORS = [
    # code, target, Indonesian name, English name, what a score means
    ("institutions-forum-meets", "institutions",
     "Forum atau lembaga desa aktif dan bertemu rutin",
     "The village forum or institution is active and meets regularly",
     "1: tidak pernah bertemu; 5: bertemu terjadwal, ada notulen dan tindak lanjut."),
    ("institutions-mediation", "institutions",
     "Lembaga desa menengahi perselisihan warga",
     "Village institutions mediate disputes between residents",
     "1: perselisihan dibiarkan atau dibawa ke luar desa; 5: selalu ditengahi dan tuntas."),
    ("institutions-inclusion", "institutions",
     "Perempuan, pemuda, dan kelompok minoritas ikut dalam lembaga",
     "Women, young people and minorities take part in the institutions",
     "1: tidak terwakili; 5: terwakili dan ikut memutuskan."),
    ("norms-peace-agreement", "norms",
     "Kesepakatan damai atau aturan adat dipakai menyelesaikan masalah",
     "A peace agreement or customary rule is used to settle problems",
     "1: tidak ada; 5: tertulis, dikenal warga, dan dijalankan."),
    ("norms-tolerance", "norms",
     "Warga menghormati perbedaan agama, suku, dan pilihan politik",
     "Residents respect differences of religion, ethnicity and political choice",
     "1: sering terjadi penghinaan atau pengucilan; 5: perbedaan diterima dalam kegiatan bersama."),
    ("norms-early-warning", "norms",
     "Warga tahu cara melaporkan tanda awal konflik",
     "Residents know how to report early signs of conflict",
     "1: tidak ada jalur laporan; 5: jalur dikenal dan dipakai, laporan ditindaklanjuti."),
    ("networks-mutual-help", "networks",
     "Gotong royong lintas kelompok warga",
     "Mutual help (gotong royong) across groups of residents",
     "1: hanya dalam kelompok sendiri; 5: rutin dan melibatkan semua kelompok."),
    ("networks-shared-spaces", "networks",
     "Ruang dan kegiatan bersama dipakai semua kelompok",
     "Shared spaces and activities are used by every group",
     "1: tidak ada atau dipakai satu kelompok; 5: dipakai bergiliran oleh semua kelompok."),
    ("networks-outside-links", "networks",
     "Hubungan dengan desa tetangga, pemerintah, dan lembaga luar",
     "Links with neighbouring villages, the government and outside organisations",
     "1: tidak ada; 5: kerja sama berkala dengan beberapa pihak."),
]  # fmt: skip


def seed(apps, schema_editor):
    ResilienceIndicator = apps.get_model("forums", "ResilienceIndicator")
    for position, (code, target, name, name_en, description) in enumerate(INDICATORS, 1):
        ResilienceIndicator.objects.get_or_create(
            code=code,
            defaults={
                "target": target,
                "name": name,
                "name_en": name_en,
                "description": description,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("forums", "0015_resilience_profiles")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
