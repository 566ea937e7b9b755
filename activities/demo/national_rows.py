"""Unsaved rows for one generated forum and everything under it (see ``national.py``).

Nothing here touches the database: ``ForumRows`` draws a forum, its members,
activities, funding lines, progress reports, meetings, speakers and news posts
from a random stream and appends model instances to shared lists, which the
generator then writes with ``bulk_create``. Children point at their parents'
instances; ``bulk_create`` fills in the keys once the parents are saved.

Every record keeps the database's CHECK constraints: a returned record has a
reason, a published one a date; spending never exceeds the budget; dates are in
order; percentages are 0-100. A physical work's status is what its latest
published progress report says, as ``Activity.sync_status_with_progress`` would set.
"""

import datetime
from datetime import timedelta

from forums.models import Forum, ForumMember, Post, State, Village

from ..models import Activity, FundingLine, Meeting, MeetingSpeaker, ProgressReport
from .base import at
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
from .samples import WORKS

FIRST_YEAR, LAST_YEAR = 2015, 2026
UNIT = 500_000  # funding lines are split in steps of Rp 500.000

# state: weight, for a record whose parent is published (or that has no parent)...
STATES_UNDER_PUBLISHED = {
    State.PUBLISHED: 88,
    State.VERIFIED: 2,
    State.SUBMITTED: 4,
    State.DRAFT: 3,
    State.RETURNED: 3,
}
# ...and for one whose parent is not: nothing is published under an unpublished record.
STATES_UNDER_UNPUBLISHED = {State.DRAFT: 5, State.SUBMITTED: 3, State.RETURNED: 2}
FORUM_STATES = {
    State.PUBLISHED: 85,
    State.VERIFIED: 3,
    State.SUBMITTED: 5,
    State.DRAFT: 4,
    State.RETURNED: 3,
}
# type code: share among activities; works share the rest equally
NON_PHYSICAL = {"thematic-dialogue": 30, "seminar": 10, "training": 9, "coordination-meeting": 6}
WORK_SHARE = 45
MAIN_SOURCES = {"apbn": 70, "apbd-province": 10, "apbd-regency": 12, "dpr-aspiration": 8}
EXTRA_SOURCES = {"self-help": 2, "apbd-regency": 1, "other": 1}
LINE_COUNTS = {1: 1, 2: 4, 3: 4, 4: 1}  # about 2.5 lines per activity
WORK_PURPOSES = ["pembangunan fisik", "biaya operasional", "pertemuan tematik", "pengawasan"]
EVENT_PURPOSES = ["konsumsi peserta", "narasumber", "biaya operasional", "perlengkapan"]
MEETING_KINDS = {
    Meeting.Kind.THEMATIC_DIALOGUE: 70,
    Meeting.Kind.SEMINAR: 10,
    Meeting.Kind.TRAINING: 10,
    Meeting.Kind.COORDINATION: 10,
}
TITLES = {
    "thematic-dialogue": "Dialog Tematik FKS",
    "seminar": "Seminar Keserasian Sosial",
    "training": "Pelatihan Pengurus FKS",
    "coordination-meeting": "Rapat Koordinasi FKS",
}


def weighted(rng, table):
    return rng.choices(list(table), list(table.values()))[0]


class Rows:
    """The lists the rows of a batch of forums go into, in the order they are saved."""

    def __init__(self):
        self.forums, self.members, self.activities, self.lines = [], [], [], []
        self.reports, self.meetings, self.speakers, self.posts = [], [], [], []
        self.links = []  # (activity, post) pairs for Activity.posts


class ForumRows:
    """Draws one forum in ``village`` with ``counts`` of activities, meetings and posts."""

    def __init__(self, rng, ref, village, places, staff, today):
        self.rng, self.ref, self.today = rng, ref, today
        code, name, kind = village
        self.code, self.regency_code = code, code[:5]
        self.district, self.regency, self.province = places[code[:8]]
        self.kind = "Desa" if kind == Village.Kind.DESA else "Kelurahan"
        self.place = f"{self.kind} {name}"
        self.village_name = name
        self.verifier = staff.verifier_for(code[:2])
        self.author = staff.operator_for(code[:5])

    # --- drawing helpers ---------------------------------------------------------

    def day(self, value):
        """``value``, or today if it lies ahead: nothing is published in the future."""
        return min(value, self.today)

    def workflow(self, state, day, reasons=ACTIVITY_RETURN_REASONS):
        fields = {"is_sample": True, "state": state}
        if state in (State.PUBLISHED, State.VERIFIED):
            moment = at(self.day(day), 10)
            fields.update(verified_by=self.verifier, verified_at=moment)
            if state == State.PUBLISHED:
                fields["published_at"] = moment
        elif state == State.RETURNED:
            fields["return_reason"] = self.rng.choice(reasons)
        return fields

    def child_state(self, parent_state):
        table = STATES_UNDER_PUBLISHED
        if parent_state != State.PUBLISHED:
            table = STATES_UNDER_UNPUBLISHED
        return weighted(self.rng, table)

    def person(self):
        rng = self.rng
        sex = rng.choice(ForumMember.Sex.values)
        names = MALE_NAMES if sex == ForumMember.Sex.MALE else FEMALE_NAMES
        return sex, f"{rng.choice(names)} {rng.choice(FAMILY_NAMES)}"

    def split(self, total, parts):
        """``total`` rupiah in ``parts`` amounts, each a multiple of Rp 500.000."""
        units = total // UNIT
        parts = min(parts, units)
        cuts = sorted(self.rng.sample(range(1, units), parts - 1)) if parts > 1 else []
        edges = [0, *cuts, units]
        amounts = [(edges[i + 1] - edges[i]) * UNIT for i in range(parts)]
        amounts[-1] += total - units * UNIT
        return sorted(amounts, reverse=True)  # the main purpose takes the largest share

    # --- building ----------------------------------------------------------------

    def build(self, rows, activities, meetings, posts):
        rng = self.rng
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        founded = self.day(datetime.date(year, rng.randint(1, 4), rng.randint(1, 28)))
        forum = Forum(
            village_id=self.code,
            name=f"FKS {self.place}",
            slug=f"fks-sampel-{self.code.replace('.', '-')}",
            formation_year=year,
            founded_on=founded,
            description=(
                f"Data contoh: forum ini dibuat otomatis di {self.place}, Kec. {self.district}, "
                f"{self.regency}, {self.province}, dan tidak menggambarkan forum yang sebenarnya."
            ),
            **self.workflow(
                weighted(rng, FORUM_STATES), founded + timedelta(days=20), FORUM_RETURN_REASONS
            ),
        )
        rows.forums.append(forum)
        self.members(rows, forum, founded)
        made = [self.activity(rows, forum, year) for _ in range(activities)]
        dialogues = [a for a in made if a.activity_type.code == "thematic-dialogue"]
        for _ in range(meetings):
            self.meeting(rows, forum, year, dialogues)
        for index in range(posts):
            self.post(rows, forum, year, made, index)

    def members(self, rows, forum, founded):
        roles = [ForumMember.Role.CHAIR, ForumMember.Role.SECRETARY, ForumMember.Role.TREASURER]
        roles += [ForumMember.Role.MEMBER] * self.rng.randint(0, 4)
        for role in roles:
            sex, name = self.person()
            rows.members.append(
                ForumMember(
                    forum=forum,
                    name=name,
                    role=role,
                    sex=sex,
                    group=self.rng.choice(ForumMember.Group.values),
                    term_start=founded,
                    term_end=founded.replace(year=founded.year + 3),
                )
            )
        forum.contact_name = rows.members[-len(roles)].name

    def activity(self, rows, forum, forum_year):
        rng, ref = self.rng, self.ref
        year = rng.randint(forum_year, LAST_YEAR)
        if rng.randrange(100) < WORK_SHARE:
            code = rng.choice(list(WORKS))
            title, _, (low, high) = WORKS[code]
        else:
            code = weighted(rng, NON_PHYSICAL)
            title = TITLES[code]
        activity_type = ref.types[code]
        start = datetime.date(year, rng.randint(2, 9), rng.randint(1, 28))
        end = start + timedelta(days=rng.randint(1, 5) if code in TITLES else rng.randint(60, 150))
        state = self.child_state(forum.state)
        fields = {}
        if activity_type.is_physical:
            volume = rng.randint(low, high)
            unit = activity_type.default_unit
            fields = {"volume": volume // 10 * 10 if unit == "m" else volume, "unit": unit}
            fields["location"] = f"RT {rng.randint(1, 9):02d}/RW {rng.randint(1, 5):02d}"
        activity = Activity(
            forum=forum,
            activity_type=activity_type,
            title=f"{title} {self.village_name} {year}",
            location=fields.pop("location", f"Balai {self.place}"),
            planned_start=start,
            planned_end=end,
            **fields,
            **self.workflow(state, end + timedelta(days=7)),
        )
        rows.activities.append(activity)
        percent = self.progress(start, end)
        if activity_type.is_physical:
            published = self.reports(rows, activity, start, end, percent)
            status = Activity.Status.PLANNED
            if published:
                status = Activity.Status.DONE if published >= 100 else Activity.Status.RUNNING
        elif percent >= 100:
            status = Activity.Status.CANCELLED if rng.random() < 0.03 else Activity.Status.DONE
        else:
            status = Activity.Status.RUNNING if percent else Activity.Status.PLANNED
        activity.status = status
        if percent and status != Activity.Status.CANCELLED:
            activity.actual_start = start
            activity.actual_end = end if percent >= 100 else None
        else:
            percent = 0
        self.funding(rows, activity, year, percent)
        return activity

    def progress(self, start, end):
        """How far the work really is, by the calendar: 100 once its planned end passed."""
        if end < self.today:
            return 100 if self.rng.random() < 0.95 else self.rng.randint(6, 19) * 5
        if start <= self.today:
            return self.rng.randint(2, 19) * 5
        return 0

    def reports(self, rows, activity, start, end, percent):
        """Progress reports of a work; returns the percent of its latest published one."""
        if not percent:
            return 0
        steps = [(end if percent >= 100 else self.day(end), percent)]
        if percent >= 100 and self.rng.random() < 0.15:
            steps.insert(0, (start + (end - start) // 2, self.rng.randint(8, 17) * 5))
        latest = 0
        for day, value in steps:
            state = self.child_state(activity.state)
            note = next(text for limit, text in PROGRESS_NOTES if value <= limit)
            rows.reports.append(
                ProgressReport(
                    activity=activity,
                    reported_on=day,
                    percent=value,
                    note=note,
                    **self.workflow(state, day + timedelta(days=3)),
                )
            )
            if state == State.PUBLISHED:
                latest = value
        return latest

    def funding(self, rows, activity, year, percent):
        rng, sources = self.rng, self.ref.sources
        main = weighted(rng, MAIN_SOURCES)
        code = activity.activity_type.code
        if activity.activity_type.is_physical:
            total = 150_000_000 if main == "apbn" else rng.randint(12, 25) * 5_000_000
            purposes = WORK_PURPOSES
        elif code == "thematic-dialogue":
            total, purposes = rng.choice([30_000_000, 35_000_000]), EVENT_PURPOSES
        else:
            total, purposes = rng.randint(10, 25) * 1_000_000, EVENT_PURPOSES
        amounts = self.split(total, weighted(rng, LINE_COUNTS))
        for index, budget in enumerate(amounts):
            source = main if index == 0 or rng.random() < 0.7 else weighted(rng, EXTRA_SOURCES)
            line_year = year + 1 if year < LAST_YEAR and rng.random() < 0.1 else year
            spending = 0
            if percent >= 100:
                spending = budget if rng.random() < 0.7 else budget - rng.randint(0, 4) * 50_000
            elif percent:
                spending = budget * percent // 100 // 100_000 * 100_000
            line = FundingLine(
                activity=activity,
                source=sources[source],
                budget_year=line_year,
                purpose=purposes[index],
                budget=budget,
                spending=max(spending, 0),
            )
            if sources[source].is_aspiration_fund:
                line.member_name = self.person()[1]
                line.electoral_district = f"{self.province} {rng.choice(['I', 'II', 'III'])}"
            rows.lines.append(line)

    def meeting(self, rows, forum, forum_year, dialogues):
        rng = self.rng
        kind = weighted(rng, MEETING_KINDS)
        activity = rng.choice(dialogues) if dialogues and kind == "dialogue" else None
        if activity is not None:
            held = activity.planned_start
        else:
            held = datetime.date(rng.randint(forum_year, LAST_YEAR), rng.randint(2, 11), 10)
        held = self.day(held + timedelta(days=rng.randint(0, 20)))
        own_forum = kind != Meeting.Kind.COORDINATION
        head = "Kepala Desa" if self.kind == "Desa" else "Lurah"
        officials = [f"{head} {self.village_name}", f"Camat {self.district}"]
        meeting = Meeting(
            kind=kind,
            regency_id=self.regency_code,
            forum=forum if own_forum else None,
            activity=activity,
            theme=rng.choice(DIALOGUE_THEMES),
            held_on=held,
            venue=f"Balai {self.place}" if own_forum else f"Kantor Dinas Sosial {self.regency}",
            opened_by=f"Kepala Dinas Sosial {self.regency}",
            officials_present="\n".join(officials[: rng.randint(1, 2)]),
            participants_male=rng.randint(15, 60),
            participants_female=rng.randint(10, 50),
            agreements="\n".join(rng.sample(AGREEMENTS, 2)),
            **self.workflow(self.child_state(forum.state), held + timedelta(days=3)),
        )
        rows.meetings.append(meeting)
        for position in range(rng.choice([0, 0, 1, 1, 2])):
            rows.speakers.append(
                MeetingSpeaker(
                    meeting=meeting,
                    name=self.person()[1],
                    institution=f"Dinas Sosial Provinsi {self.province}",
                    topic=meeting.theme,
                    position=position,
                )
            )

    def post(self, rows, forum, forum_year, activities, index):
        rng = self.rng
        activity = rng.choice(activities) if activities and rng.random() < 0.6 else None
        if activity is not None:
            event = activity.actual_end or activity.planned_start
            title = f"FKS {self.place}: {activity.title}"
            category = Post.Category.ACTIVITY
        else:
            event = datetime.date(rng.randint(forum_year, LAST_YEAR), rng.randint(1, 12), 15)
            title = f"FKS {self.place}: {rng.choice(DIALOGUE_THEMES)}"
            category = rng.choice([Post.Category.NEWS, Post.Category.DIALOGUE])
        event = self.day(event)
        regency_only = activity is None and rng.random() < 0.1
        post = Post(
            title=title[:200],
            slug=f"{forum.slug}-berita-{index + 1}",
            summary=f"Contoh berita dari {self.place}, {self.regency}.",
            body=(
                f"<p><em>{SAMPLE_NOTE}</em></p><p>Forum Keserasian Sosial {self.place}, "
                f"Kecamatan {self.district}, {self.regency}, {self.province}, "
                f"melaporkan kegiatannya pada {event:%d-%m-%Y}.</p>"
            ),
            category=category,
            author=self.author,
            event_date=event,
            venue=f"Balai {self.place}",
            view_count=rng.randint(10, 1500),
            forum=None if regency_only else forum,
            village_id=None if regency_only else self.code,
            regency_id=self.regency_code,
            **self.workflow(self.child_state(forum.state), event + timedelta(days=4)),
        )
        rows.posts.append(post)
        if activity is not None:
            rows.links.append((activity, post))
