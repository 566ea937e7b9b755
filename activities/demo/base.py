"""Small helpers shared by the demo builders: dates, money, workflow stamps, links."""

import datetime

from django.utils import timezone

from forums.models import ForumMember, State

from ..models import FundingLine, MeetingSpeaker, ProgressReport

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def at(day, hour=9, minute=0):
    """An aware datetime in the portal's time zone (Asia/Jakarta) on ``day``."""
    naive = datetime.datetime(day.year, day.month, day.day, hour, minute)
    return timezone.make_aware(naive, timezone.get_default_timezone())


def tanggal(day):
    """A date the Indonesian way: 22 Oktober 2018."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def rupiah(amount):
    """Whole rupiah with dots between thousands: Rp 150.000.000."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def published(verifier, when):
    """Workflow fields of a record verified by ``verifier`` and published at ``when``."""
    return {
        "state": State.PUBLISHED,
        "verified_by": verifier,
        "verified_at": when,
        "published_at": when,
    }


def link_posts(activity, *posts):
    """Link news posts to an activity, adding only missing links.

    ``add()`` of an existing link would still fire the history signals, and a
    second run of the demo loader must not write anything.
    """
    linked = set(activity.posts.values_list("pk", flat=True))
    missing = [post for post in posts if post.pk not in linked]
    if missing:
        activity.posts.add(*missing)


def add_funding(activity, source, year, purpose, budget, spending, **extra):
    """A funding line, keyed by activity, source, year and purpose."""
    line, _ = FundingLine.objects.get_or_create(
        activity=activity,
        source=source,
        budget_year=year,
        purpose=purpose,
        defaults={"budget": budget, "spending": spending, **extra},
    )
    return line


def add_progress(activity, day, percent, note, workflow):
    """A progress report, keyed by activity and date.

    A work's status follows its published reports, brought in line when a report is
    published through the workflow; the demo writes reports already published, so it
    brings the status in line itself.
    """
    report, created = ProgressReport.objects.get_or_create(
        activity=activity,
        reported_on=day,
        defaults={"percent": percent, "note": note, **workflow},
    )
    if created and report.is_published:
        activity.sync_status_with_progress()
    return report


def add_speaker(meeting, name, institution, topic="", position=0):
    speaker, _ = MeetingSpeaker.objects.get_or_create(
        meeting=meeting,
        name=name,
        defaults={"institution": institution, "topic": topic, "position": position},
    )
    return speaker


def fill_blank(record, fields):
    """Set those of ``fields`` that are still empty on a saved ``record``, and save it if
    any was: records of an earlier demo get the fields added to the portal since, and a
    value someone entered (or a second run) is left alone."""
    missing = {
        name: value
        for name, value in fields.items()
        if getattr(record, name) in (None, "") and value not in (None, "")
    }
    if missing:
        for name, value in missing.items():
            setattr(record, name, value)
        record.save(update_fields=[*missing, "updated_at"])
    return record


def add_members(forum, members):
    """A forum's board members (dicts of member fields), keyed by forum and name."""
    for member in members:
        fields = dict(member)
        ForumMember.objects.get_or_create(forum=forum, name=fields.pop("name"), defaults=fields)
