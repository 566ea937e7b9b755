"""factory_boy factories for programme data; regions come from the real slice in conftest."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from activities.models import (
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
from forums.models import (
    ConflictIncident,
    ConflictTrigger,
    Forum,
    ForumMember,
    Post,
    PostPhoto,
    ResilienceAssessment,
    ResilienceIndicator,
    ResilienceScore,
    State,
    Village,
)

TANAH_GARAM = "13.72.01.1001"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("demo12345")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    village = factory.LazyFunction(lambda: Village.objects.get(code=TANAH_GARAM))
    name = factory.Sequence(lambda n: f"FKS Uji {n}")
    slug = factory.Sequence(lambda n: f"fks-uji-{n}")
    formation_year = 2018

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class ForumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMember

    forum = factory.SubFactory(ForumFactory)
    name = factory.Sequence(lambda n: f"Anggota {n}")
    group = ForumMember.Group.YOUTH
    sex = ForumMember.Sex.FEMALE


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    forum = factory.SubFactory(ForumFactory)
    activity_type = factory.LazyFunction(lambda: ActivityType.objects.get(code="multipurpose-hall"))
    title = factory.Sequence(lambda n: f"Kegiatan {n}")
    planned_start = datetime.date(2018, 8, 1)
    planned_end = datetime.date(2018, 12, 31)

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class FundingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLine

    activity = factory.SubFactory(ActivityFactory)
    source = factory.LazyFunction(lambda: FundingSource.objects.get(code="apbn"))
    budget_year = 2018
    budget = 100_000_000
    spending = 0


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    activity = factory.SubFactory(ActivityFactory)
    reported_on = datetime.date(2018, 9, 1)
    percent = 50

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A report created already published brings its work's status in line, as
        publishing it through the workflow does (and as the demo loader does)."""
        report = super()._create(model_class, *args, **kwargs)
        if report.is_published:
            report.activity.sync_status_with_progress()
        return report


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = Meeting.Kind.THEMATIC_DIALOGUE
    forum = factory.SubFactory(ForumFactory)
    regency = factory.LazyAttribute(lambda meeting: meeting.forum.village.district.regency)
    theme = "Dialog tematik"
    held_on = datetime.date(2018, 10, 22)
    venue = "Balai kelurahan"


class MeetingSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSpeaker

    meeting = factory.SubFactory(MeetingFactory)
    name = "Narasumber"
    institution = "Dinas Sosial"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Berita {n}")
    slug = factory.Sequence(lambda n: f"berita-{n}")
    body = "<p>Isi berita.</p>"

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


# --- Public pages (forum, activity, meeting): photos and published workflow fields ---


def published(**fields):
    """Workflow fields of a published record, for factories without a ``published`` trait:
    ``MeetingFactory(**published())``, ``ProgressReportFactory(**published(percent=80))``."""
    return {"state": State.PUBLISHED, "published_at": timezone.now(), **fields}


class ProgressPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressPhoto

    report = factory.SubFactory(ProgressReportFactory)
    image = factory.django.ImageField(width=600, height=400, color="green")


class PostPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostPhoto

    post = factory.SubFactory(PostFactory)
    image = factory.django.ImageField(width=600, height=400, color="blue")


# --- Staff workspace: accounts with a role and a scope, and formset POST data ---------


def staff_user(role, *, regencies=(), province=None, username=None):
    """A user with a staff profile: ``staff_user("operator", regencies=["13.72"])``,
    ``staff_user("verifier", province="13")``, ``staff_user("administrator")``."""
    from forums.models import StaffProfile

    user = UserFactory(**({"username": username} if username else {}))
    profile = StaffProfile.objects.create(user=user, role=role, province_id=province)
    if regencies:
        profile.regencies.set(regencies)
    return user


def formset_data(prefix, rows, initial=0):
    """POST data of an inline formset: its management form and one dict per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


class ConflictIncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictIncident

    village = factory.LazyFunction(lambda: Village.objects.get(code=TANAH_GARAM))
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))
    trigger = factory.LazyFunction(lambda: ConflictTrigger.objects.get(code="land-dispute"))
    description = factory.Sequence(lambda n: f"Rahasia sengketa batas kebun nomor {n}")
    people_affected = 40
    source = "Laporan Bhabinkamtibmas"

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


def completed_work(*, ended=datetime.date(2024, 1, 31), published=True, **fields):
    """A physical work (a multipurpose hall) done on ``ended``, in a published forum."""
    forum = fields.pop("forum", None) or ForumFactory(published=True)
    return ActivityFactory(
        forum=forum,
        status=Activity.Status.DONE,
        actual_start=ended - datetime.timedelta(days=90),
        actual_end=ended,
        published=published,
        **fields,
    )


class FollowUpCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpCheck

    activity = factory.LazyFunction(completed_work)
    months_after = 6
    checked_on = factory.LazyAttribute(
        lambda check: check.activity.actual_end + datetime.timedelta(days=190)
    )
    in_use = True
    used_by = "Karang taruna"
    use_frequency = FollowUpCheck.Frequency.WEEKLY
    condition = FollowUpCheck.Condition.GOOD

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


class ResilienceAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResilienceAssessment

    village = factory.LazyFunction(lambda: Village.objects.get(code=TANAH_GARAM))
    assessed_on = datetime.date(2023, 1, 15)
    phase = ResilienceAssessment.Phase.BASELINE
    assessor = "Tim Dinas Sosial"

    class Params:
        published = factory.Trait(
            state=State.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )


def profile(scores, *, village=TANAH_GARAM, phase="baseline", day=None, published=True, **fields):
    """A resilience profile of ``village`` scoring the seeded indicators in order:
    ``profile([2, 3, 3])`` scores the first three (institutions)."""
    day = day or (datetime.date(2023, 1, 15) if phase == "baseline" else datetime.date(2025, 1, 15))
    assessment = ResilienceAssessmentFactory(
        village=Village.objects.get(code=village),
        phase=phase,
        assessed_on=day,
        published=published,
        **fields,
    )
    indicators = ResilienceIndicator.objects.order_by("target", "position")
    for indicator, score in zip(indicators, scores, strict=False):
        ResilienceScore.objects.create(
            assessment=assessment,
            indicator=indicator,
            score=score,
            note="Catatan petugas",
            evidence="Notulen rapat",
        )
    return assessment
