"""Demo records of the real programme events described in the seed documents.

Places, people, dates and amounts come from those sources; every sentence is
written afresh for the portal. Where a source is silent (the split of the
Solok money, the Babussalam amount, which kelurahan of Baubau hold the five
forums) the figures are plausible choices, noted beside them.
"""

import datetime
from decimal import Decimal

from forums.models import Forum, Post, Regency, Village

from ..models import Activity, Meeting
from . import seed_details as details
from .base import (
    add_funding,
    add_members,
    add_progress,
    add_speaker,
    at,
    fill_blank,
    link_posts,
    published,
)
from .seed_texts import (
    BABUSSALAM_BODY,
    BAUBAU_BODY,
    CONFLICT_TRIGGERS_2012,
    PROBOLINGGO_AGREEMENTS,
    PROBOLINGGO_BODY,
    SOLOK_AGREEMENTS,
    SOLOK_BODY,
)

BABUSSALAM = "14.06.03.2013"
TANAH_GARAM = "13.72.01.1001"
KOTA_BAUBAU = "74.72"
KABUPATEN_PROBOLINGGO = "35.13"
BAUBAU_FORUMS = 5


def build_programme(ref, users):
    """Create the seed-document records; return the codes of the villages they use."""
    used = {BABUSSALAM, TANAH_GARAM}
    babussalam(ref, users)
    solok(ref, users)
    used |= baubau(ref, users)
    probolinggo(users)
    place_on_map(used)
    return used


# Where the seed places are (village centres, rounded): each activity is drawn a little
# apart from the others of its regency, so the map shows them as a cluster.
SEED_PLACES = {
    TANAH_GARAM[:5]: (Decimal("-0.800"), Decimal("100.650")),
    BABUSSALAM[:5]: (Decimal("0.870"), Decimal("100.300")),
    "74.72": (Decimal("-5.470"), Decimal("122.620")),  # Kota Baubau
}


def place_on_map(villages):
    """Give the seed activities and forums (in ``villages``) coordinates where they have
    none; a second run keeps them."""
    forums = Forum.objects.filter(
        latitude__isnull=True,
        village_id__in=villages,
        village__district__regency_id__in=SEED_PLACES,
    ).select_related("village__district")
    for index, forum in enumerate(forums.order_by("pk")):
        lat, lng = SEED_PLACES[forum.village.district.regency_id]
        # South of the works (which go north-east from the place), never on one of them.
        step = Decimal("0.003") * (index % 5 + 1)
        fill_blank(forum, {"latitude": lat - step, "longitude": lng + step})
    activities = Activity.objects.filter(
        latitude__isnull=True,
        forum__village_id__in=villages,
        forum__village__district__regency_id__in=SEED_PLACES,
    ).select_related("forum__village__district")
    for index, activity in enumerate(activities.order_by("pk")):
        lat, lng = SEED_PLACES[activity.forum.village.district.regency_id]
        step = Decimal("0.004") * (index % 7)
        fill_blank(activity, {"latitude": lat + step, "longitude": lng + step})


def _forum(slug, **fields):
    forum, _ = Forum.objects.get_or_create(slug=slug, defaults=fields)
    return forum


def _activity(forum, title, added=None, **fields):
    """``added``: fields the portal gained after the first demo, filled in where empty."""
    activity, created = Activity.objects.get_or_create(
        forum=forum, title=title, defaults={**fields, **(added or {})}
    )
    return activity if created else fill_blank(activity, added or {})


def _meeting(regency, held_on, theme, added=None, **fields):
    meeting, created = Meeting.objects.get_or_create(
        regency=regency, held_on=held_on, theme=theme, defaults={**fields, **(added or {})}
    )
    return meeting if created else fill_blank(meeting, added or {})


def _post(slug, **fields):
    post, _ = Post.objects.get_or_create(slug=slug, defaults=fields)
    return post


# --- Desa Babussalam, Kabupaten Rokan Hulu: a seminar on the aspiration fund (seed 000) ---


def babussalam(ref, users):
    admin = users["admin"]
    village = Village.objects.with_path().get(code=BABUSSALAM)
    seminar_day = datetime.date(2020, 10, 10)
    venue = "Agro Wisata Kurma, Desa Babussalam"
    posted = at(datetime.date(2020, 11, 2), 10)
    forum = _forum(
        "fks-desa-babussalam",
        village=village,
        name="FKS Desa Babussalam",
        # The seed names no founding year; the forum is first seen at the 2020 seminar.
        formation_year=2020,
        description=(
            "Wadah musyawarah warga Desa Babussalam dari beragam suku, adat dan keyakinan "
            "untuk menjaga kerukunan desa. Pada 2020 forum ini menggelar seminar penguatan "
            "keserasian sosial dengan dukungan dana aspirasi anggota DPR RI."
        ),
        **published(admin, at(datetime.date(2020, 9, 1))),
    )
    add_members(forum, details.board(details.BABUSSALAM_BOARD, datetime.date(2020, 9, 1)))
    seminar = _activity(
        forum,
        "Seminar Penguatan Keserasian Sosial",
        added=details.SEMINAR_RESULTS,
        activity_type=ref.types["seminar"],
        description=(
            "Seminar sehari bagi warga, tokoh masyarakat dan perangkat desa tentang cara "
            "merawat kerukunan di tengah keberagaman."
        ),
        location=venue,
        planned_start=seminar_day,
        planned_end=seminar_day,
        actual_start=seminar_day,
        actual_end=seminar_day,
        status=Activity.Status.DONE,
        **published(admin, at(datetime.date(2020, 10, 20))),
    )
    # The seed gives the source and year, not the amount or the member's name.
    aspiration = ref.sources["dpr-aspiration"]
    add_funding(seminar, aspiration, 2020, "penyelenggaraan seminar", 50_000_000, 50_000_000)
    _meeting(
        village.district.regency,
        seminar_day,
        "Penguatan Keserasian Sosial: Membangun Masyarakat yang Harmonis",
        kind=Meeting.Kind.SEMINAR,
        forum=forum,
        activity=seminar,
        venue=venue,
        **published(admin, at(datetime.date(2020, 10, 20))),
    )
    post = _post(
        "seminar-fks-desa-babussalam-2020",
        title="FKS Desa Babussalam Gelar Seminar Penguatan Keserasian Sosial",
        summary=(
            "Warga Babussalam membahas cara menjaga kerukunan di tengah keberagaman dalam "
            "seminar yang dibiayai dana aspirasi anggota DPR RI tahun 2020."
        ),
        body=BABUSSALAM_BODY,
        category=Post.Category.ACTIVITY,
        author=admin,
        event_date=seminar_day,
        venue=venue,
        view_count=100,
        forum=forum,
        village=village,
        **published(admin, posted),
    )
    link_posts(seminar, post)


# --- Payo, Kelurahan Tanah Garam, Kota Solok: a multipurpose hall and a dialogue (seed 004) ---


def solok(ref, users):
    operator, verifier = users["operator.solok"], users["verifikator.sumbar"]
    village = Village.objects.with_path().get(code=TANAH_GARAM)
    apbn = ref.sources["apbn"]
    place = "Payo, Kelurahan Tanah Garam"
    dialogue_day = datetime.date(2018, 10, 22)
    forum = _forum(
        "fks-payo-tanah-garam",
        village=village,
        name="FKS Payo",
        formation_year=2018,
        description=(
            "Forum warga Payo, Kelurahan Tanah Garam, yang dibentuk dalam Program Keserasian "
            "Sosial tahun 2018. Forum ini mengawal pembangunan gedung serbaguna bantuan "
            "Kementerian Sosial dan menggelar dialog tematik bersama warga."
        ),
        **published(verifier, at(datetime.date(2018, 8, 6))),
    )
    add_members(forum, details.board(details.PAYO_BOARD, datetime.date(2018, 8, 6)))
    hall = _activity(
        forum,
        "Pembangunan Gedung Serbaguna Payo",
        added=details.HALL_RESULTS,
        activity_type=ref.types["multipurpose-hall"],
        description=(
            "Gedung serbaguna untuk pertemuan dan kegiatan warga Payo, dibangun dengan bantuan "
            "APBN 2018 yang juga menanggung biaya operasional dan pertemuan tematik."
        ),
        location=place,
        volume=1,
        unit="unit",
        planned_start=datetime.date(2018, 8, 1),
        planned_end=datetime.date(2018, 12, 15),
        actual_start=datetime.date(2018, 8, 13),
        actual_end=datetime.date(2018, 12, 10),
        **published(verifier, at(datetime.date(2018, 12, 14))),
    )
    # Rp 150 juta in all (seed); the split follows the usual Rp 35 juta for two dialogues.
    for purpose, amount in [
        ("pembangunan gedung serbaguna", 110_000_000),
        ("biaya operasional", 5_000_000),
        ("pertemuan tematik", 35_000_000),
    ]:
        add_funding(hall, apbn, 2018, purpose, amount, amount)
    for day, percent, note in [
        (datetime.date(2018, 9, 14), 35, "Pondasi dan sloof selesai; dinding mulai dipasang."),
        (datetime.date(2018, 10, 26), 75, "Rangka atap terpasang; warga bergotong royong."),
        (datetime.date(2018, 12, 10), 100, "Gedung selesai dan diserahkan kepada warga Payo."),
    ]:
        add_progress(hall, day, percent, note, published(verifier, at(day, 15)))
    dialogue = _meeting(
        village.district.regency,
        dialogue_day,
        "Dialog Tematik Forum Keserasian Sosial",
        added=details.SOLOK_DIALOGUE_GROUPS,
        kind=Meeting.Kind.THEMATIC_DIALOGUE,
        forum=forum,
        activity=hall,
        venue=place,
        opened_by="Ir. Edy Martin, Sekretaris Dinas Sosial Kota Solok",
        officials_present="\n".join(
            [
                "Asril, Lurah Tanah Garam",
                "Bhabinkamtibmas Kelurahan Tanah Garam (Polres Solok)",
                "Babinsa Koramil 0309-01/Kubung",
            ]
        ),
        # 100 residents took part (seed); the split by sex is not reported.
        participants_male=58,
        participants_female=42,
        agreements=SOLOK_AGREEMENTS,
        **published(verifier, at(datetime.date(2018, 10, 24))),
    )
    add_speaker(
        dialogue,
        "Drs. Burhanudin",
        "Dinas Sosial Provinsi Sumatera Barat",
        "Program Keserasian Sosial dan pertanggungjawaban bantuan",
    )
    post = _post(
        "kota-solok-terima-bantuan-keserasian-sosial-2018",
        title="Kota Solok Terima Bantuan Keserasian Sosial untuk Gedung Serbaguna Payo",
        summary=(
            "Bantuan APBN Rp 150 juta untuk warga Payo, Kelurahan Tanah Garam, mencakup gedung "
            "serbaguna, biaya operasional dan pertemuan tematik; dialog tematik diikuti 100 warga."
        ),
        body=SOLOK_BODY,
        category=Post.Category.NEWS,
        author=operator,
        event_date=dialogue_day,
        venue=place,
        forum=forum,
        village=village,
        **published(verifier, at(datetime.date(2018, 10, 24), 14)),
    )
    link_posts(hall, post)


# --- Kota Baubau: three forums of 2015 and two of 2019 (seed 003) ---


# The seed names the kinds of works, not where each was built: one plausible plan per
# forum (the works of a site, then Rp 35 juta for two dialogues; Rp 150 juta per site).
BAUBAU_WORKS = [
    [("village-road", "Pembangunan Jalan Kampung", 250, "m", 110_000_000)],
    [("worship-rehab", "Rehabilitasi Sarana Ibadah", 1, "unit", 110_000_000)],
    [("sports-field", "Pembangunan Lapangan Olahraga", 1, "unit", 110_000_000)],
    [
        ("drainage", "Rehabilitasi Saluran Air Lingkungan", 180, "m", 60_000_000),
        ("clean-water", "Pengadaan Sarana Air Bersih", 1, "unit", 50_000_000),
    ],
    [
        ("street-lighting", "Pemasangan Penerangan Lingkungan", 20, "titik", 60_000_000),
        ("harmony-monument", "Pembangunan Tugu Keserasian Sosial", 1, "unit", 50_000_000),
    ],
]


def baubau_villages():
    """Five kelurahan of Kota Bau Bau, spread evenly over the city's codes."""
    kelurahan = list(
        Village.objects.with_path()
        .filter(district__regency_id=KOTA_BAUBAU, kind=Village.Kind.KELURAHAN)
        .order_by("code")
    )
    step = len(kelurahan) / BAUBAU_FORUMS
    return [kelurahan[int(i * step)] for i in range(BAUBAU_FORUMS)]


def baubau(ref, users):
    admin = users["admin"]
    apbn = ref.sources["apbn"]
    villages = baubau_villages()
    works = []
    plans = zip(villages, BAUBAU_WORKS, details.BAUBAU_BOARDS, strict=True)
    for index, (village, plan, members) in enumerate(plans):
        year = 2015 if index < 3 else 2019
        start, end = datetime.date(year, 7, 1), datetime.date(year, 10, 31)
        place = f"Kelurahan {village.name}"
        forum = _forum(
            f"fks-kelurahan-{village.code.replace('.', '-')}",
            village=village,
            name=f"FKS Kelurahan {village.name}",
            formation_year=year,
            description=(
                "Salah satu dari tiga forum pertama di Kota Baubau, dibentuk pada 2015 dan "
                "dibina Dinas Sosial Kota Baubau."
                if year == 2015
                else "Salah satu dari dua forum baru yang dibentuk dan dibina Dinas Sosial "
                "Kota Baubau pada 2019."
            ),
            **published(admin, at(datetime.date(year, 6, 10))),
        )
        add_members(forum, details.board(members, datetime.date(year, 6, 10)))
        for position, (code, title, volume, unit, amount) in enumerate(plan):
            work = _activity(
                forum,
                f"{title} {village.name}",
                added=details.baubau_work_results(code, village.name),
                activity_type=ref.types[code],
                location=place,
                volume=volume,
                unit=unit,
                planned_start=start,
                planned_end=end,
                actual_start=start,
                actual_end=end,
                **published(admin, at(end + datetime.timedelta(days=5))),
            )
            add_funding(work, apbn, year, "pembangunan fisik", amount, amount)
            if position == 0:
                add_funding(work, apbn, year, "biaya operasional", 5_000_000, 5_000_000)
            for day, percent in [(datetime.date(year, 8, 20), 50), (end, 100)]:
                add_progress(work, day, percent, "", published(admin, at(day, 15)))
            works.append(work)
        dialogue = _activity(
            forum,
            f"Dialog Tematik FKS Kelurahan {village.name}",
            added={"executor": f"FKS Kelurahan {village.name}"},
            activity_type=ref.types["thematic-dialogue"],
            description="Dua kali dialog tematik bersama pemuda dan tokoh masyarakat.",
            location=place,
            planned_start=datetime.date(year, 8, 1),
            planned_end=datetime.date(year, 9, 30),
            actual_start=datetime.date(year, 8, 1),
            actual_end=datetime.date(year, 9, 30),
            status=Activity.Status.DONE,
            **published(admin, at(datetime.date(year, 10, 5))),
        )
        add_funding(dialogue, apbn, year, "dua kali dialog tematik", 35_000_000, 35_000_000)
    post = _post(
        "dinas-sosial-baubau-bentuk-dan-bina-fks",
        title="Dinas Sosial Baubau Bentuk dan Bina Forum Keserasian Sosial",
        summary=(
            "Setelah tiga forum pada 2015, Dinas Sosial Kota Baubau kembali membentuk dua forum "
            "keserasian sosial untuk mencegah konflik antara pemuda dan warga."
        ),
        body=BAUBAU_BODY,
        category=Post.Category.NEWS,
        regency=Regency.objects.get(code=KOTA_BAUBAU),
        author=users["operator.baubau"],
        **published(admin, at(datetime.date(2019, 7, 15), 11)),
    )
    for work in works:
        link_posts(work, post)
    return {village.code for village in villages}


# --- Kabupaten Probolinggo: coordination facilitated by Bakorwil Jember (seed 002) ---


def probolinggo(users):
    admin = users["admin"]
    regency = Regency.objects.get(code=KABUPATEN_PROBOLINGGO)
    # The seed says only "yesterday"; the date and the 80 participants come from the
    # Kabupaten Probolinggo government's own report of the same meeting.
    day = datetime.date(2018, 9, 6)
    venue = "Ruang pertemuan Tengger, Kantor Bupati Probolinggo"
    meeting = _meeting(
        regency,
        day,
        "Peningkatan Jaringan Keserasian Sosial dalam Mengatasi Konflik Sosial",
        kind=Meeting.Kind.COORDINATION,
        venue=venue,
        opened_by="R. Tjahjo Widodo, Kepala Bakorwil V Jember",
        officials_present="\n".join(
            [
                "Satpol PP",
                "Bakesbangpol",
                "Dinas Sosial",
                "Dinas Kominfo",
                "FKUB",
                "Camat se-wilayah kerja Bakorwil V Jember",
            ]
        ),
        # 80 participants were reported; the split by sex was not.
        participants_male=56,
        participants_female=24,
        agreements=PROBOLINGGO_AGREEMENTS,
        **published(admin, at(datetime.date(2018, 9, 7))),
    )
    add_speaker(
        meeting,
        "Mamok Bisowarno",
        "Bidang Kemasyarakatan, Bakorwil V Jember",
        "Menyamakan persepsi dalam mengatasi konflik sosial",
    )
    triggers = "\n".join(f"<li>{name}: {share}%</li>" for name, share in CONFLICT_TRIGGERS_2012)
    _post(
        "bakorwil-jember-jaringan-keserasian-sosial-probolinggo",
        title="Bakorwil Jember Perkuat Jaringan Keserasian Sosial di Probolinggo",
        summary=(
            "Instansi se-wilayah kerja Bakorwil V Jember menyamakan langkah mencegah konflik "
            "sosial; pada 2012 tercatat 104 konflik sosial dengan delapan pemicu utama."
        ),
        body=PROBOLINGGO_BODY.replace("{triggers}", triggers),
        category=Post.Category.DIALOGUE,
        regency=regency,
        author=admin,
        event_date=day,
        venue=venue,
        **published(admin, at(datetime.date(2018, 9, 7), 10)),
    )
