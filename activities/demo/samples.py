"""Generated sample forums in real villages of several provinces, marked ``is_sample``.

They fill lists, maps, reports and workflow queues with records that look like
the programme's: a site of Rp 150 juta, mostly from the APBN, with about Rp 35
juta for two thematic dialogues; works with progress reports; some records
still in draft, submitted or returned.

Everything is drawn from ``random.Random(2026)`` and from the regions in the
database, so the same database gives the same records and a rerun finds them
(by slug or natural key) instead of adding more. Each forum draws from its own
stream, seeded in turn from the master stream: asking for fewer forums gives
the first ones of a larger set.
"""

import datetime
import random
from datetime import timedelta

from forums.models import Forum, ForumMember, Post, Province, State, Village

from ..models import Activity, Meeting
from .base import add_funding, add_progress, add_speaker, at, link_posts, published, rupiah, tanggal
from .sample_texts import (
    ACTIVITY_RETURN_REASONS,
    AGREEMENTS,
    DIALOGUE_THEMES,
    FAMILY_NAMES,
    FEMALE_NAMES,
    FORUM_RETURN_REASONS,
    MALE_NAMES,
    PROGRESS_NOTES,
    SAMPLE_NOTE,
)

SEED = 2026
MAX_PROVINCES = 10

# The first sample forums go where the demo accounts work, in states their workspaces
# should show: a returned and a draft forum for the Solok operator, a submitted one for
# the Baubau operator, and one waiting in the Sumatera Barat verifier's queue.
ANCHORS = [
    ("13.72", State.RETURNED),
    ("74.72", State.SUBMITTED),
    ("13", State.SUBMITTED),
    ("13.72", State.DRAFT),
]
OPERATORS = {"13.72": "operator.solok", "74.72": "operator.baubau"}
VERIFIERS = {"13": "verifikator.sumbar"}


# type code: (title, what was built, volume range in the type's default unit)
WORKS = {
    "multipurpose-hall": ("Pembangunan Gedung Serbaguna", "gedung serbaguna", (1, 1)),
    "village-road": ("Pembangunan Jalan Kampung", "jalan kampung", (100, 400)),
    "worship-rehab": ("Rehabilitasi Sarana Ibadah", "rehabilitasi sarana ibadah", (1, 1)),
    "sports-field": ("Pembangunan Lapangan Olahraga", "lapangan olahraga", (1, 1)),
    "drainage": ("Rehabilitasi Saluran Air Lingkungan", "saluran air lingkungan", (80, 300)),
    "clean-water": ("Pengadaan Sarana Air Bersih", "sarana air bersih", (1, 2)),
    "street-lighting": ("Pemasangan Penerangan Lingkungan", "penerangan lingkungan", (10, 40)),
    "harmony-monument": ("Pembangunan Tugu Keserasian Sosial", "tugu keserasian sosial", (1, 1)),
}
EXTRA_ACTIVITIES = {
    "seminar": "Seminar Keserasian Sosial",
    "training": "Pelatihan Pengurus FKS",
}


def build_samples(count, ref, users, exclude_codes=()):
    """Create (or find) ``count`` sample forums with their members, activities and news."""
    master = random.Random(SEED)
    picker = _VillagePicker(exclude_codes)
    areas = _areas(count)
    forums = []
    for area, state in areas:
        rng = random.Random(master.getrandbits(64))
        village = picker.pick(rng, area)
        if village is None:
            continue
        forums.append(SampleForum(rng, village, ref, users, state).build())
    return forums


def _areas(count):
    """Where each sample forum goes: the anchors, then provinces in turn."""
    provinces = list(
        Province.objects.filter(regencies__districts__villages__isnull=False)
        .distinct()
        .order_by("code")
        .values_list("code", flat=True)
    )
    if len(provinces) > MAX_PROVINCES:
        step = len(provinces) / MAX_PROVINCES
        provinces = [provinces[int(i * step)] for i in range(MAX_PROVINCES)]
    areas = list(ANCHORS[:count])
    for index in range(count - len(areas)):
        areas.append((provinces[index % len(provinces)], None))
    return areas


class _VillagePicker:
    """Picks distinct villages by code within an area (a province or regency code)."""

    def __init__(self, exclude_codes):
        self.used = set(exclude_codes)
        self.codes = {}

    def pick(self, rng, area):
        if area not in self.codes:
            self.codes[area] = list(
                Village.objects.filter(code__startswith=area + ".")
                .order_by("code")
                .values_list("code", flat=True)
            )
        codes = self.codes[area]
        if not codes:
            return None
        start = rng.randrange(len(codes))
        for offset in range(len(codes)):
            code = codes[(start + offset) % len(codes)]
            if code not in self.used:
                self.used.add(code)
                return Village.objects.with_path().get(code=code)
        return None


class SampleForum:
    """One generated forum and everything under it, drawn from its own random stream."""

    def __init__(self, rng, village, ref, users, state=None):
        self.rng = rng
        self.village = village
        self.ref = ref
        self.district = village.district
        self.regency = village.district.regency
        self.province = self.regency.province
        self.kind = "Desa" if village.kind == Village.Kind.DESA else "Kelurahan"
        self.place = f"{self.kind} {village.name}"
        self.year = rng.randint(2015, 2025)
        self.state = state or self._draw_state()
        self.stage = self._draw_stage()
        self.verifier = users[VERIFIERS.get(self.province.code, "admin")]
        self.author = users[OPERATORS.get(self.regency.code, "admin")]

    # --- drawing -------------------------------------------------------------------

    def _draw_state(self):
        r = self.rng.random()
        if r < 0.7:
            return State.PUBLISHED
        if r < 0.8:
            return State.SUBMITTED
        if r < 0.9:
            return State.DRAFT
        return State.RETURNED

    def _draw_stage(self):
        """How far the forum's works have come: done, running or planned."""
        r = self.rng.random()
        done_share = 1 if self.year <= 2023 else 0.75 if self.year == 2024 else 0.4
        if r < done_share:
            return Activity.Status.DONE
        if self.year == 2024 or r < 0.8:
            return Activity.Status.RUNNING
        return Activity.Status.PLANNED

    def _activity_state(self):
        if self.state != State.PUBLISHED:
            return State.SUBMITTED if self.state == State.SUBMITTED else State.DRAFT
        r = self.rng.random()
        if r < 0.85:
            return State.PUBLISHED
        return State.SUBMITTED if r < 0.93 else State.RETURNED

    def _workflow(self, state, day, reasons=ACTIVITY_RETURN_REASONS):
        fields = {"is_sample": True, "state": state}
        if state == State.PUBLISHED:
            fields.update(published(self.verifier, at(day, 10)))
        elif state == State.RETURNED:
            fields["return_reason"] = self.rng.choice(reasons)
        return fields

    @staticmethod
    def _child_state(parent_state):
        return {State.PUBLISHED: State.PUBLISHED, State.SUBMITTED: State.SUBMITTED}.get(
            parent_state, State.DRAFT
        )

    def _person(self, sex, taken=()):
        names = MALE_NAMES if sex == ForumMember.Sex.MALE else FEMALE_NAMES
        while True:
            name = f"{self.rng.choice(names)} {self.rng.choice(FAMILY_NAMES)}"
            if name not in taken:
                return name

    def _spent(self, budget, percent):
        if percent >= 100:
            if self.rng.random() < 0.7:
                return budget
            # Almost all spent: a remainder of at most 2 %, in steps of Rp 50.000.
            return budget - self.rng.randint(0, budget // 50 // 50_000) * 50_000
        return budget * percent // 100 // 100_000 * 100_000

    # --- building ------------------------------------------------------------------

    def build(self):
        founded = datetime.date(self.year, self.rng.randint(2, 4), self.rng.randint(1, 28))
        members = self._draw_members(founded)
        forum, created = Forum.objects.get_or_create(
            slug=f"fks-contoh-{self.village.code.replace('.', '-')}",
            defaults={
                "village": self.village,
                "name": f"FKS {self.place}",
                "formation_year": self.year,
                "founded_on": founded,
                "contact_name": members[0]["name"],
                "description": (
                    "Data contoh untuk demonstrasi portal: forum ini dibuat otomatis di "
                    f"{self.place}, Kec. {self.district.name}, {self.regency.name}, "
                    f"{self.province.name}, dan tidak menggambarkan forum yang sebenarnya."
                ),
                **self._workflow(self.state, founded + timedelta(days=20), FORUM_RETURN_REASONS),
            },
        )
        for member in members:
            ForumMember.objects.get_or_create(forum=forum, name=member.pop("name"), defaults=member)
        self._build_activities(forum)
        return forum

    def _draw_members(self, founded):
        roles = [ForumMember.Role.CHAIR, ForumMember.Role.SECRETARY, ForumMember.Role.TREASURER]
        roles += [ForumMember.Role.MEMBER] * self.rng.randint(0, 4)
        members, taken = [], set()
        for role in roles:
            sex = self.rng.choice(ForumMember.Sex.values)
            name = self._person(sex, taken)
            taken.add(name)
            members.append(
                {
                    "name": name,
                    "role": role,
                    "sex": sex,
                    "group": self.rng.choice(ForumMember.Group.values),
                    "term_start": founded,
                    "term_end": founded.replace(year=founded.year + 3),
                }
            )
        return members

    def _build_activities(self, forum):
        rng = self.rng
        # Mostly the state budget; now and then a provincial or regency budget instead.
        source_code = rng.choices(["apbn", "apbd-province", "apbd-regency"], [8, 1, 1])[0]
        source = self.ref.sources[source_code]
        total = 150_000_000 if source.code == "apbn" else rng.randint(12, 25) * 5_000_000
        dialogue_budget = rng.choice([30_000_000, 35_000_000])
        operational = rng.choice([5_000_000, 7_500_000])
        start = datetime.date(self.year, rng.randint(6, 7), rng.randint(1, 28))
        end = start + timedelta(days=rng.randint(100, 140))
        work_type = rng.choice(list(WORKS))
        separate_dialogue = rng.random() < 0.75

        lines = [("pembangunan fisik", total - dialogue_budget - operational)]
        lines.append(("biaya operasional", operational))
        if not separate_dialogue:
            lines.append(("pertemuan tematik", dialogue_budget))
        work, percent = self._work(forum, work_type, start, end, source, lines)
        if rng.random() < 0.3:
            self_help = self.ref.sources["self-help"]
            amount = rng.randint(5, 20) * 1_000_000
            self._fund(work, self_help, "swadaya tenaga dan material warga", amount, percent)

        dialogue = None
        if separate_dialogue:
            dialogue = self._dialogue(forum, start, end, source, dialogue_budget)
        if rng.random() < 0.3:
            self._extra(forum, work_type, start)
        if dialogue is not None and self.stage != Activity.Status.PLANNED and rng.random() < 0.5:
            meeting = self._meeting(forum, dialogue)
            if self._is_public(forum, meeting) and rng.random() < 0.6:
                self._meeting_post(forum, meeting)
        finished = self.stage == Activity.Status.DONE
        if finished and self._is_public(forum, work) and rng.random() < 0.7:
            self._post(forum, work, work_type, end)

    @staticmethod
    def _is_public(*records):
        return all(record.state == State.PUBLISHED for record in records)

    def _percent(self):
        if self.stage == Activity.Status.DONE:
            return 100
        if self.stage == Activity.Status.RUNNING:
            return self.rng.randint(6, 17) * 5
        return 0

    def _fund(self, activity, source, purpose, budget, percent):
        spending = self._spent(budget, percent)
        return add_funding(activity, source, self.year, purpose, budget, spending)

    def _work(self, forum, type_code, start, end, source, lines):
        """A physical work with its funding lines and progress reports; returns it and its
        percent complete."""
        title, _, (low, high) = WORKS[type_code]
        activity_type = self.ref.types[type_code]
        volume = self.rng.randint(low, high)
        if activity_type.default_unit == "m":
            volume = volume // 10 * 10
        state = self._activity_state()
        done = self.stage == Activity.Status.DONE
        activity, _ = Activity.objects.get_or_create(
            forum=forum,
            title=f"{title} {self.village.name}",
            defaults={
                "activity_type": activity_type,
                "location": (
                    f"RT {self.rng.randint(1, 9):02d}/RW {self.rng.randint(1, 5):02d}, {self.place}"
                ),
                "volume": volume,
                "unit": activity_type.default_unit,
                "planned_start": start,
                "planned_end": end,
                "actual_start": start if self.stage != Activity.Status.PLANNED else None,
                "actual_end": end if done else None,
                **self._workflow(state, end + timedelta(days=7)),
            },
        )
        percent = self._percent()
        for purpose, budget in lines:
            self._fund(activity, source, purpose, budget, percent)
        if percent:
            third = (end - start) // 3
            first = max(10, percent // 2 // 5 * 5)
            steps = [(start + third, first), (start + 2 * third, percent)]
            if done:
                steps[1] = (start + 2 * third, self.rng.randint(11, 17) * 5)
                steps.append((end, 100))
            report_state = self._child_state(state)
            for day, value in steps:
                note = next(text for limit, text in PROGRESS_NOTES if value <= limit)
                add_progress(activity, day, value, note, self._workflow(report_state, day))
        return activity, percent

    def _dialogue(self, forum, start, end, source, budget):
        done = self.stage == Activity.Status.DONE
        begin, finish = start + timedelta(days=20), end - timedelta(days=10)
        activity, _ = Activity.objects.get_or_create(
            forum=forum,
            title=f"Dialog Tematik FKS {self.place}",
            defaults={
                "activity_type": self.ref.types["thematic-dialogue"],
                "description": "Dua kali dialog tematik bersama warga, tokoh dan pemuda.",
                "location": self.place,
                "planned_start": begin,
                "planned_end": finish,
                "actual_start": begin if self.stage != Activity.Status.PLANNED else None,
                "actual_end": finish if done else None,
                "status": self.stage,
                **self._workflow(self._activity_state(), finish + timedelta(days=7)),
            },
        )
        percent = {Activity.Status.DONE: 100, Activity.Status.RUNNING: 50}.get(self.stage, 0)
        self._fund(activity, source, "dua kali dialog tematik", budget, percent)
        return activity

    def _extra(self, forum, work_type, start):
        """Sometimes a third activity on a regional budget or the community's own means."""
        rng = self.rng
        source = self.ref.sources[rng.choice(["apbd-regency", "apbd-regency", "apbd-province"])]
        choice = rng.choice([*EXTRA_ACTIVITIES, "work"])
        if choice == "work":
            other = rng.choice([code for code in WORKS if code != work_type])
            begin = start + timedelta(days=40)
            budget = rng.randint(4, 12) * 5_000_000
            lines = [("pembangunan fisik", budget)]
            self._work(forum, other, begin, begin + timedelta(days=60), source, lines)
            return
        day = start + timedelta(days=rng.randint(30, 90))
        length = 0 if choice == "seminar" else 2
        done = self.stage == Activity.Status.DONE
        activity, _ = Activity.objects.get_or_create(
            forum=forum,
            title=f"{EXTRA_ACTIVITIES[choice]} {self.place}",
            defaults={
                "activity_type": self.ref.types[choice],
                "location": f"Balai {self.place}",
                "planned_start": day,
                "planned_end": day + timedelta(days=length),
                "actual_start": day if done else None,
                "actual_end": day + timedelta(days=length) if done else None,
                "status": Activity.Status.DONE if done else Activity.Status.PLANNED,
                **self._workflow(self._activity_state(), day + timedelta(days=10)),
            },
        )
        self._fund(activity, source, "", rng.randint(10, 25) * 1_000_000, 100 if done else 0)

    def _meeting(self, forum, dialogue):
        rng = self.rng
        day = dialogue.planned_start + timedelta(days=rng.randint(5, 20))
        head = "Kepala Desa" if self.kind == "Desa" else "Lurah"
        officials = [f"{head} {self.village.name}"]
        officials += [
            official
            for official in (
                f"Camat {self.district.name}",
                f"Bhabinkamtibmas {self.place}",
                f"Babinsa {self.place}",
            )
            if rng.random() < 0.8
        ]
        meeting, _ = Meeting.objects.get_or_create(
            regency=self.regency,
            forum=forum,
            held_on=day,
            theme=rng.choice(DIALOGUE_THEMES),
            defaults={
                "kind": Meeting.Kind.THEMATIC_DIALOGUE,
                "activity": dialogue,
                "venue": f"Balai {self.place}",
                "opened_by": f"Kepala Dinas Sosial {self.regency.name}",
                "officials_present": "\n".join(officials),
                "participants_male": rng.randint(20, 60),
                "participants_female": rng.randint(15, 50),
                "agreements": "\n".join(rng.sample(AGREEMENTS, 2)),
                **self._workflow(self._child_state(dialogue.state), day + timedelta(days=3)),
            },
        )
        sex = rng.choice(ForumMember.Sex.values)
        add_speaker(
            meeting,
            self._person(sex),
            f"Dinas Sosial Provinsi {self.province.name}",
            meeting.theme,
        )
        return meeting

    def _meeting_post(self, forum, meeting):
        officials = ", ".join(meeting.officials_list)
        agreements = "".join(f"<li>{line}</li>" for line in meeting.agreements.splitlines())
        body = (
            f"<p><em>{SAMPLE_NOTE}</em></p>"
            f"<p>Forum Keserasian Sosial {self.place} menggelar dialog tematik bertema "
            f"&ldquo;{meeting.theme}&rdquo; pada {tanggal(meeting.held_on)} di {meeting.venue}. "
            f"Dialog dibuka {meeting.opened_by} dan diikuti {meeting.participants_total} warga: "
            f"{meeting.participants_male} laki-laki dan {meeting.participants_female} "
            f"perempuan.</p>"
            f"<p>Turut hadir {officials}.</p>"
            f"<p>Di akhir dialog, peserta bersepakat:</p><ol>{agreements}</ol>"
        )
        post, _ = Post.objects.get_or_create(
            slug=f"{forum.slug}-dialog-{meeting.held_on:%Y%m%d}",
            defaults={
                "title": f"Dialog Tematik FKS {self.place}: {meeting.theme}",
                "summary": f"Contoh berita: {meeting.participants_total} warga {self.place} "
                "berdialog tentang kerukunan.",
                "body": body,
                "category": Post.Category.DIALOGUE,
                "author": self.author,
                "event_date": meeting.held_on,
                "venue": meeting.venue,
                "view_count": self.rng.randint(15, 800),
                "forum": forum,
                "village": self.village,
                "is_sample": True,
                **published(self.verifier, at(meeting.held_on + timedelta(days=4), 10)),
            },
        )
        link_posts(meeting.activity, post)

    def _post(self, forum, work, work_type, end):
        rng = self.rng
        _, noun, _ = WORKS[work_type]
        lines = list(work.funding_lines.select_related("source"))
        budget = sum(line.budget for line in lines)
        sources = ", ".join(sorted({line.source.name for line in lines}))
        if work.unit == "m":
            size = f" sepanjang {work.volume:.0f} m"
        elif work.unit == "titik":
            size = f" sebanyak {work.volume:.0f} titik"
        else:
            size = ""
        body = (
            f"<p><em>{SAMPLE_NOTE}</em></p>"
            f"<p>Forum Keserasian Sosial {self.place}, Kecamatan {self.district.name}, "
            f"{self.regency.name}, menuntaskan pekerjaan {noun}{size} pada {tanggal(end)}. "
            f"Pekerjaan ini dibiayai {sources} tahun {self.year} dengan anggaran "
            f"{rupiah(budget)}.</p>"
            "<p>Warga ikut sejak musyawarah perencanaan, bergotong royong selama pengerjaan, "
            "dan kini bersama pengurus forum merawat serta mengawasi pemakaiannya.</p>"
        )
        posted = end + timedelta(days=rng.randint(3, 20))
        post, _ = Post.objects.get_or_create(
            slug=f"{forum.slug}-{work_type}",
            defaults={
                "title": f"FKS {self.place} Rampungkan {noun.title()}",
                "summary": f"Contoh berita: {noun} di {self.place} selesai dikerjakan warga.",
                "body": body,
                "category": Post.Category.ACTIVITY,
                "author": self.author,
                "event_date": end,
                "venue": work.location,
                "view_count": rng.randint(15, 1200),
                "forum": forum,
                "village": self.village,
                "is_sample": True,
                **published(self.verifier, at(posted, 10)),
            },
        )
        link_posts(work, post)
