"""Generated programme data at national size, for benchmarks: ``generate_national_data``.

Scale 1 is what the programme looks like across the whole country: 10,000 forums
spread over the provinces in proportion to their villages, 200,000 activities with
about 2.5 funding lines each, 40,000 meetings, about 100,000 progress reports,
50,000 news posts and 1,000 staff accounts with scopes. Every record is marked
``is_sample``.

It is written for speed: rows are built in memory (``national_rows.py``) and saved
with batched ``bulk_create``, a few hundred forums at a time. ``bulk_create`` skips
``save()`` and signals, so no django-simple-history rows are written: generated data
has no edit history, and needs none. For the same reason the generator writes the
values ``save()`` would derive itself (a post's regency, its already-clean HTML).

Everything is drawn from ``random.Random(seed)`` and the regions in the database,
so one seed on one region set gives the same records (dates later than today are
moved to today, so a run on another day may differ in those).
"""

import random
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from forums import public_changes
from forums.models import (
    District,
    Forum,
    ForumMember,
    Post,
    PostPhoto,
    Province,
    Regency,
    ResilienceAssessment,
    ResilienceScore,
    StaffProfile,
    SubmissionToken,
    Village,
)

from ..models import (
    Activity,
    ActivityType,
    FollowUpCheck,
    FollowUpPhoto,
    FundingLine,
    FundingSource,
    ImportBatch,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
)
from .national_places import Placer
from .national_rows import MAIN_SOURCES, NON_PHYSICAL, ForumRows, Rows
from .sample_texts import FAMILY_NAMES, FEMALE_NAMES, MALE_NAMES
from .samples import WORKS

# Rows at scale 1. Progress reports and funding lines follow from the activities drawn
# (about 100,000 and 500,000); the others are exact (rounded) at any scale.
FULL_SIZE = {"forums": 10_000, "activities": 200_000, "meetings": 40_000, "posts": 50_000}
FULL_STAFF = 1_000
BATCH_SIZE = 2_000
FORUMS_PER_ROUND = 250
STAFF_PREFIX = "sampel."

# Children first: the order rows are deleted in by --replace.
PROGRAMME_MODELS = [
    # Import batches list the activities they created or changed: gone with them.
    ImportBatch.created.through,
    ImportBatch.updated.through,
    ImportBatch.created_incidents.through,
    ImportBatch.updated_incidents.through,
    ImportBatch,
    Activity.posts.through,
    FollowUpPhoto,
    FollowUpCheck,
    ResilienceScore,
    ResilienceAssessment,
    ProgressPhoto,
    ProgressReport,
    FundingLine,
    MeetingSpeaker,
    Meeting,
    Activity,
    PostPhoto,
    Post,
    ForumMember,
    Forum,
]


@dataclass
class GenerationResult:
    created: dict = field(default_factory=dict)
    seconds: float = 0.0


def targets(scale):
    """How many forums, activities, meetings, posts and staff accounts ``scale`` asks for."""
    counts = {name: max(1, round(size * scale)) for name, size in FULL_SIZE.items()}
    counts["staff"] = max(3, round(FULL_STAFF * scale))
    return counts


def spread(total, weights):
    """``total`` split over ``weights`` in proportion, as whole numbers that add up to it
    (largest remainders get the odd units)."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def has_programme_data():
    return Forum.objects.exists() or Activity.objects.exists() or Post.objects.exists()


def check_ready():
    """Raise ``CommandError`` unless regions and reference lists are loaded; return the
    reference rows by code."""
    if not Village.objects.exists():
        raise CommandError(
            "No regions are loaded. Load them first with `python manage.py load_regions`."
        )
    types = ActivityType.objects.in_bulk(field_name="code")
    sources = FundingSource.objects.in_bulk(field_name="code")
    needed_types = {*WORKS, *NON_PHYSICAL}
    needed_sources = {*MAIN_SOURCES, "self-help", "other"}
    missing = sorted((needed_types - set(types)) | (needed_sources - set(sources)))
    if missing:
        raise CommandError(
            f"Activity types or funding sources are missing: {', '.join(missing)}. "
            "Run `python manage.py migrate`, which seeds them."
        )
    return SimpleNamespace(types=types, sources=sources)


def delete_programme_data():
    """Delete every forum, activity, meeting and post with their children and history,
    and the staff accounts an earlier run generated. Regions, reference lists and other
    accounts stay. Plain SQL, not ``QuerySet.delete()``: that would load every row and
    write a history row for each."""
    history = [model.history.model for model in PROGRAMME_MODELS if hasattr(model, "history")]
    history += [
        model
        for model in _all_history_models()
        if getattr(model, "instance_type", None) is Activity.posts.through
    ]
    tables = [model._meta.db_table for model in (*PROGRAMME_MODELS, *history)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
            # Foreign keys are checked at commit (DEFERRABLE INITIALLY DEFERRED); rows
            # written earlier in this transaction leave checks pending, and TRUNCATE
            # refuses tables with pending checks. Run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    users = get_user_model().objects.filter(username__startswith=STAFF_PREFIX)
    profiles = StaffProfile.objects.filter(user__in=users)
    StaffProfile.regencies.through.objects.filter(staffprofile__in=profiles)._raw_delete("default")
    profiles._raw_delete("default")
    User = get_user_model()
    for related in (SubmissionToken, User.groups.through, User.user_permissions.through):
        related.objects.filter(user__in=users)._raw_delete("default")
    users._raw_delete("default")


def _all_history_models():
    return [model for model in apps.get_models() if model.__name__.startswith("Historical")]


class Staff:
    """Generated staff accounts: operators with a regency, verifiers with a province and
    a few administrators. One password hash for all, computed once (hashing is slow on
    purpose); without a password the accounts cannot log in."""

    def __init__(self, count, rng, password=None):
        self.rng = rng
        self.hash = make_password(password)
        self.admins = max(1, round(count * 0.005))
        self.verifiers = max(1, round(count * 0.05))
        self.operators = max(1, count - self.admins - self.verifiers)
        self.by_province, self.by_regency, self.fallback = {}, {}, None

    def create(self, provinces, regencies):
        User = get_user_model()
        rng = self.rng
        plan = [("admin", StaffProfile.Role.ADMINISTRATOR)] * self.admins
        plan += [("verifikator", StaffProfile.Role.VERIFIER)] * self.verifiers
        plan += [("operator", StaffProfile.Role.OPERATOR)] * self.operators
        users, profiles = [], []
        for index, (word, _role) in enumerate(plan, start=1):
            username = f"{STAFF_PREFIX}{word}.{index:04d}"
            users.append(
                User(
                    username=username,
                    first_name=rng.choice(MALE_NAMES + FEMALE_NAMES),
                    last_name=rng.choice(FAMILY_NAMES),
                    email=f"{username}@example.org",
                    password=self.hash,
                )
            )
        User.objects.bulk_create(users, batch_size=BATCH_SIZE)
        links = []
        verifier_index = operator_index = 0
        for user, (_, role) in zip(users, plan, strict=True):
            profile = StaffProfile(user=user, role=role, office="Data contoh")
            if role == StaffProfile.Role.VERIFIER:
                profile.province_id = provinces[verifier_index % len(provinces)]
                self.by_province.setdefault(profile.province_id, user)
                verifier_index += 1
            elif role == StaffProfile.Role.OPERATOR:
                regency = regencies[operator_index % len(regencies)]
                links.append((profile, regency))
                self.by_regency.setdefault(regency, user)
                operator_index += 1
            else:
                self.fallback = self.fallback or user
            profiles.append(profile)
        StaffProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
        through = StaffProfile.regencies.through
        through.objects.bulk_create(
            [through(staffprofile_id=profile.pk, regency_id=code) for profile, code in links],
            batch_size=BATCH_SIZE,
        )
        return len(users)

    def verifier_for(self, province):
        return self.by_province.get(province, self.fallback)

    def operator_for(self, regency):
        return self.by_regency.get(regency)


def _villages_by_province():
    """Village (code, name, kind) rows grouped by province code, in code order."""
    grouped = {}
    for row in Village.objects.order_by("code").values_list("code", "name", "kind"):
        grouped.setdefault(row[0][:2], []).append(row)
    return grouped


def _places():
    """District code -> (district, regency, province) names, for the texts."""
    provinces = dict(Province.objects.values_list("code", "name"))
    regencies = {
        code: (name, provinces[province])
        for code, name, province in Regency.objects.values_list("code", "name", "province_id")
    }
    return {
        code: (name, *regencies[regency])
        for code, name, regency in District.objects.values_list("code", "name", "regency_id")
    }


def generate_national_data(scale=1.0, seed=1, replace=False, password=None, progress=True):
    """Fill an empty database with programme data at ``scale``; return the row counts.

    Refuses (``CommandError``) when forums, activities or posts exist, unless
    ``replace``, which deletes them first.
    """
    if scale <= 0:
        raise CommandError("The scale must be more than 0.")
    started = time.perf_counter()
    ref = check_ready()
    if has_programme_data() and not replace:
        raise CommandError(
            "The database already holds forums, activities or news posts. "
            "Use --replace to delete them (and earlier generated staff) first."
        )
    rng = random.Random(seed)
    counts = targets(scale)
    today = timezone.localdate()
    with transaction.atomic():
        if replace:
            delete_programme_data()
        grouped = _villages_by_province()
        provinces = list(grouped)
        regencies = sorted({row[0][:5] for rows in grouped.values() for row in rows})
        staff = Staff(counts["staff"], rng, password)
        created = {"staff accounts": staff.create(provinces, regencies)}
        per_province = spread(counts["forums"], [len(grouped[code]) for code in provinces])
        villages = []
        for code, forums in zip(provinces, per_province, strict=True):
            villages += rng.sample(grouped[code], min(forums, len(grouped[code])))
        shape = [
            spread(counts[name], [rng.uniform(0.5, 1.5) for _ in villages])
            for name in ("activities", "meetings", "posts")
        ]
        plans = list(zip(villages, *shape, strict=True))
        places = _places()
        placer = Placer(seed)  # its own generators: the other values stay as they were
        totals = {}
        bar = tqdm(total=len(plans), unit="forum", disable=not progress, desc="generating")
        for first in range(0, len(plans), FORUMS_PER_ROUND):
            rows = Rows()
            for village, activities, meetings, posts in plans[first : first + FORUMS_PER_ROUND]:
                forum_rng = random.Random(rng.getrandbits(64))
                builder = ForumRows(forum_rng, ref, village, places, staff, today)
                builder.build(rows, activities, meetings, posts)
            placer.place(rows.activities, rows.forums)
            for name, count in _save(rows).items():
                totals[name] = totals.get(name, 0) + count
            bar.update(min(FORUMS_PER_ROUND, len(plans) - first))
        bar.close()
        created.update(totals)
        # bulk_create sends no model signals: tell the page cache and the figures here
        public_changes.announce(public_changes.ANYWHERE)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh tables have no planner statistics yet
    return GenerationResult(created=created, seconds=time.perf_counter() - started)


def _save(rows):
    """Write one round of rows, parents before children; return how many of each."""
    saved = {}
    for label, model, objects in [
        ("forums", Forum, rows.forums),
        ("forum members", ForumMember, rows.members),
        ("activities", Activity, rows.activities),
        ("funding lines", FundingLine, rows.lines),
        ("progress reports", ProgressReport, rows.reports),
        ("meetings", Meeting, rows.meetings),
        ("meeting speakers", MeetingSpeaker, rows.speakers),
        ("news posts", Post, rows.posts),
    ]:
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        saved[label] = len(objects)
    through = Activity.posts.through
    links = [through(activity_id=a.pk, post_id=p.pk) for a, p in rows.links]
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    saved["activity–news links"] = len(links)
    return saved
