"""Demo content for a fresh portal: accounts, the seed documents' events, sample forums.

It spans forums and activities, so it lives here: ``activities`` may import
``forums``, never the other way round. ``load_demo()`` is what the
``load_demo`` management command and the tests call.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import translation

from forums import public_changes
from forums.models import (
    ConflictIncident,
    Forum,
    ForumMember,
    Post,
    PostPhoto,
    Regency,
    ResilienceAssessment,
    ResilienceScore,
    StaffProfile,
    Village,
)

from ..models import (
    Activity,
    ActivityType,
    FollowUpCheck,
    FundingLine,
    FundingSource,
    Meeting,
    MeetingSpeaker,
    ProgressPhoto,
    ProgressReport,
)
from .accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_accounts
from .followups import build_followups, build_profiles
from .incidents import build_incidents, reserved_villages
from .pictures import add_pictures
from .programme import (
    BABUSSALAM,
    BAUBAU_FORUMS,
    KABUPATEN_PROBOLINGGO,
    KOTA_BAUBAU,
    TANAH_GARAM,
    build_programme,
)
from .samples import WORKS, build_samples

__all__ = ["DEFAULT_SAMPLE_FORUMS", "DEMO_ACCOUNTS", "DEMO_PASSWORD", "DemoResult", "load_demo"]

DEFAULT_SAMPLE_FORUMS = 30
REQUIRED_TYPES = {*WORKS, "seminar", "training", "thematic-dialogue"}
REQUIRED_SOURCES = {"apbn", "dpr-aspiration", "apbd-province", "apbd-regency", "self-help"}


@dataclass
class DemoResult:
    """How many rows of each kind the run created, by verbose plural name."""

    created: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.created.values())

    @property
    def changed(self):
        return self.total > 0


def _counted_models():
    return [
        get_user_model(),
        StaffProfile,
        Forum,
        ForumMember,
        Activity,
        FundingLine,
        ProgressReport,
        Meeting,
        MeetingSpeaker,
        Post,
        PostPhoto,
        ProgressPhoto,
        Activity.posts.through,
        ConflictIncident,
        FollowUpCheck,
        ResilienceAssessment,
        ResilienceScore,
    ]


def _counts():
    return {model: model.objects.count() for model in _counted_models()}


def _label(model):
    if model is Activity.posts.through:
        return "activity–news links"
    with translation.override("en"):
        return str(model._meta.verbose_name_plural)


def check_regions():
    """Raise ``CommandError`` unless the regions the demo content sits in are loaded."""
    missing = [
        code for code in (BABUSSALAM, TANAH_GARAM) if not Village.objects.filter(code=code).exists()
    ]
    missing += [
        code
        for code in (KOTA_BAUBAU, KABUPATEN_PROBOLINGGO)
        if not Regency.objects.filter(code=code).exists()
    ]
    baubau_kelurahan = Village.objects.filter(
        district__regency_id=KOTA_BAUBAU, kind=Village.Kind.KELURAHAN
    ).count()
    if KOTA_BAUBAU not in missing and baubau_kelurahan < BAUBAU_FORUMS:
        missing.append(f"{KOTA_BAUBAU} (kelurahan)")
    if missing:
        raise CommandError(
            "The demo content needs the region data, and these regions are missing: "
            f"{', '.join(missing)}. Load the regions first with `python manage.py load_regions`."
        )


def _reference():
    types = ActivityType.objects.in_bulk(field_name="code")
    sources = FundingSource.objects.in_bulk(field_name="code")
    missing = sorted((REQUIRED_TYPES - set(types)) | (REQUIRED_SOURCES - set(sources)))
    if missing:
        raise CommandError(
            f"Activity types or funding sources are missing: {', '.join(missing)}. "
            "Run `python manage.py migrate`, which seeds them."
        )
    return SimpleNamespace(types=types, sources=sources)


def load_demo(sample_forums=DEFAULT_SAMPLE_FORUMS, stdout=None, pictures=True):
    """Create the demo accounts and content that are missing; return what was created.

    ``pictures=False`` skips drawing the illustrations (tests that do not look at them).
    Safe to run again: every record is looked up by its slug or natural key first,
    and nothing that exists is changed (a demo password someone changed stays), except
    that fields added to the portal since an earlier demo are filled where still empty.
    """

    def say(message):
        if stdout is not None:
            stdout.write(message)

    check_regions()
    before = _counts()
    with transaction.atomic(), public_changes.batch():
        ref = _reference()
        users = ensure_accounts()
        say("Demo accounts ready.")
        used_villages = build_programme(ref, users)
        say("Babussalam, Tanah Garam (Solok), Baubau and Probolinggo records ready.")
        # Kabupaten Probolinggo keeps its incidents without a forum (activities/demo/incidents.py).
        build_samples(sample_forums, ref, users, exclude_codes=used_villages | reserved_villages())
        say(f"{sample_forums} sample forums ready.")
        build_incidents(users)
        say("Conflict incidents ready.")
        build_followups(users)
        build_profiles(users)
        say("Follow-up checks and resilience profiles ready.")
        if pictures:
            add_pictures()
            say("Illustrations ready.")
    after = _counts()
    return DemoResult(
        created={_label(model): after[model] - before[model] for model in _counted_models()}
    )
