"""Fill a migrated database with a row in every table, for the backup round-trip tests.

Run in a subprocess against a real file or server database:
``DATABASE_URL=... MEDIA_ROOT=... python -m tests.roundtrip_data`` (from the project
folder). Text with quotes, newlines and non-Latin letters, big amounts and photos, so that
a restore that loses or alters anything shows in the comparison.
"""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ks_portal.settings")
django.setup()

from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.admin.models import ADDITION, LogEntry  # noqa: E402
from django.contrib.auth.models import Group, Permission  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from activities.models import ActivityType, FollowUpPhoto, FundingSource, ImportBatch  # noqa: E402
from forums.models import (  # noqa: E402
    ConflictTrigger,
    Notification,
    NotificationPreference,
    ResilienceIndicator,
    ResilienceScore,
    SubmissionToken,
)
from forums.regions_loader import load_regions  # noqa: E402
from forums.uploads import store_upload  # noqa: E402
from reports.eligibility import update_eligibility  # noqa: E402
from reports.models import ExportJob  # noqa: E402
from tests import factories as f  # noqa: E402
from tests.images import image_upload  # noqa: E402

AWKWARD = 'Rapat ‘warga’ "RT 03"\nbaris dua — سلام · 日本 · 🙂'


def fill():
    load_regions(regency_codes=["13.72"])
    with transaction.atomic():
        kind = ActivityType.objects.create(
            code="roundtrip", name="Jenis uji", name_en="Test type", kind="physical"
        )
        FundingSource.objects.create(code="roundtrip", name="Sumber uji", name_en="Test source")
        operator = f.staff_user("operator", regencies=["13.72"], username="operator.uji")
        group = Group.objects.create(name="Operator uji")
        group.permissions.add(Permission.objects.get(codename="view_forum"))
        operator.groups.add(group)
        operator.user_permissions.add(Permission.objects.get(codename="change_forum"))

        forum = f.ForumFactory(published=True, name=AWKWARD[:60])
        f.ForumMemberFactory(forum=forum, name=AWKWARD[:60])
        # A trigger of its own (the seeded eight come with the migrations) and an incident.
        trigger = ConflictTrigger.objects.create(
            code="roundtrip", name="Pemicu uji", name_en="Test trigger", national_share_2012=None
        )
        incident = f.ConflictIncidentFactory(
            published=True, trigger=trigger, description=AWKWARD, people_displaced=0
        )
        indicator = ResilienceIndicator.objects.create(
            code="roundtrip", name="Indikator uji", name_en="Test indicator", target="norms"
        )
        assessment = f.ResilienceAssessmentFactory(published=True, note=AWKWARD)
        ResilienceScore.objects.create(
            assessment=assessment, indicator=indicator, score=4, note=AWKWARD[:300]
        )
        post = f.PostFactory(published=True, body=f"<p>{AWKWARD}</p>")
        f.PostPhotoFactory(post=post)
        activity = f.ActivityFactory(
            forum=forum,
            activity_type=kind,
            published=True,
            volume=Decimal("200.00"),
            achieved_volume=Decimal("150.75"),
            unit="m",
            executor=AWKWARD[:100],
            beneficiaries_male=0,
            remarks=AWKWARD,
        )
        activity.posts.add(post)
        f.FundingLineFactory(activity=activity, budget=150_000_000_000, spending=35_000_000)
        report = f.ProgressReportFactory(activity=activity, percent=40, has_evidence_flags=True)
        f.ProgressPhotoFactory(
            report=report,
            gps_latitude=Decimal("-0.791667"),
            gps_longitude=Decimal("100.650000"),
            image_hash="f0e1d2c3b4a59687",
        )
        f.ProgressPhotoFactory(report=report)
        work = f.completed_work(forum=forum, activity_type=kind)
        check = f.FollowUpCheckFactory(activity=work, published=True, note=AWKWARD)
        FollowUpPhoto.objects.create(
            followup=check, image=f.ProgressPhotoFactory.build().image, caption=AWKWARD[:200]
        )
        meeting = f.MeetingFactory(forum=forum, participants_youth=30, participants_women=0)
        f.MeetingSpeakerFactory(meeting=meeting, name=AWKWARD[:60])
        SubmissionToken.objects.create(user=operator, token="roundtrip", result_url="/staff/")
        store_upload(operator, image_upload("foto ünïcode.jpg"), taken_at="2018:10:22 09:30:00")
        Notification.objects.create(
            recipient=operator,
            kind=Notification.Kind.RETURNED,
            content_type=ContentType.objects.get_for_model(forum),
            object_id=forum.pk,
            label=AWKWARD[:300],
            url=f"/staff/records/forum/{forum.pk}/",
            reason=AWKWARD,
            actor=operator,
            read_at=timezone.now(),
            emailed_at=timezone.now(),
        )
        NotificationPreference.objects.create(user=operator, delivery="daily", language="en")
        ExportJob.objects.create(
            kind="csv",
            query="year=2019",
            language="id",
            user=operator,
            title=AWKWARD[:300],
            rows=1,
            filename="pendanaan-ks-2019.csv",
            expires_at=timezone.now(),
        )

        batch = ImportBatch.objects.create(
            user=operator,
            file_name=AWKWARD[:200],
            checksum="0" * 64,
            size=1,
            language="id",
            status=ImportBatch.Status.COMMITTED,
            row_count=1,
            summary={"rows": 1, "create": 1},
            errors=[[2, "Judul", AWKWARD]],
            committed_at=timezone.now(),
        )
        batch.created.add(activity)
        batch.updated.add(activity)
        batch.created_incidents.add(incident)
        batch.updated_incidents.add(incident)
        activity.import_reference = "REF-01"
        activity.save()

        LogEntry.objects.log_actions(
            operator.pk, [forum], ADDITION, change_message="roundtrip", single_object=True
        )
        update_eligibility()
        session = SessionStore()
        session["roundtrip"] = AWKWARD
        session.create()
        access = {"user_agent": "pytest", "ip_address": "127.0.0.1", "username": "x"}
        access.update(http_accept="*/*", path_info="/staff/login/")
        attempt = AccessAttempt.objects.create(
            **access, get_data="", post_data="", failures_since_start=1
        )
        AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=timezone.now())
        AccessFailureLog.objects.create(**access)
        AccessLog.objects.create(**access)
        ContentType.objects.get_for_model(Group)

    # A file no record points to: a backup takes the whole media folder.
    stray = Path(settings.MEDIA_ROOT) / "lama" / "berkas ünïcode.txt"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text(AWKWARD, encoding="utf-8")


if __name__ == "__main__":
    fill()
