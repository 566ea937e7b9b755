"""Demo follow-up checks of the completed physical works, and resilience profiles of the
villages with a demo forum, so that the dashboard, the activity pages and the Desa
Berketahanan Sosial list have something to show.

The seed documents report neither: these are invented and marked as sample data. They are
derived from each work's end date and each village's code, so they are the same on every
machine, and a rerun finds each record by its natural key and changes nothing. Most works
are in use and kept up; every seventh has major damage at its 12-month check and another
is left unchecked (overdue on the dashboard). Most villages score higher at the follow-up
than at the baseline; a few stay level or fall back.
"""

import datetime
import zlib

from django.utils import timezone

from forums.models import (
    Forum,
    ResilienceAssessment,
    ResilienceIndicator,
    ResilienceScore,
    State,
    Village,
)

from ..followups import MONTHS, add_months, completed_works
from ..models import Activity, FollowUpCheck
from .base import at, published

USERS = ["Karang taruna", "Kelompok PKK", "Seluruh warga", "Majelis taklim", "Kelompok tani"]
BASELINE_DAY = datetime.date(2019, 2, 15)
FOLLOW_UP_DAY = datetime.date(2025, 11, 20)


def _followup(work, months, index, verifier, today):
    if FollowUpCheck.objects.filter(activity=work, months_after=months).exists():
        return
    checked_on = min(add_months(work.actual_end, months) + datetime.timedelta(days=10), today)
    damaged = months == 12 and index % 7 == 3
    check = FollowUpCheck(
        activity=work,
        months_after=months,
        checked_on=checked_on,
        in_use=True,
        used_by=USERS[index % len(USERS)],
        use_frequency=FollowUpCheck.Frequency.WEEKLY if index % 2 else "monthly",
        condition=FollowUpCheck.Condition.MAJOR_DAMAGE if damaged else "good",
        note="Atap bocor; perlu perbaikan sebelum musim hujan." if damaged else "",
        is_sample=True,
        **published(verifier, at(checked_on, 14)),
    )
    check._history_user = verifier
    check.save()


def build_followups(users):
    """The 6- and 12-month checks of the published completed works that are due."""
    verifier, today = users["admin"], timezone.localdate()
    works = completed_works(Activity.objects.filter(state=State.PUBLISHED)).order_by("pk")
    for index, work in enumerate(works):
        if index % 7 == 5:
            continue  # left for the dashboard: its checks are overdue
        for months in MONTHS:
            if add_months(work.actual_end, months) <= today:
                _followup(work, months, index, verifier, today)


def _scores(code, phase):
    """Scores for the nine indicators from the village's code: a baseline of 2 or 3, a
    follow-up one higher on most indicators, except in a village in six."""
    seed = zlib.crc32(code.encode())
    base = [2 + (seed >> shift) % 2 for shift in range(9)]
    if phase == ResilienceAssessment.Phase.BASELINE:
        return base
    if seed % 6 == 1:  # no better, a little worse on networks
        return [score - (i >= 6) for i, score in enumerate(base)]
    return [min(score + 1 + (i % 4 == 0), 5) for i, score in enumerate(base)]


def _profile(village, phase, day, indicators, verifier):
    if ResilienceAssessment.objects.filter(village=village, phase=phase).exists():
        return
    assessment = ResilienceAssessment(
        village=village,
        phase=phase,
        assessed_on=day,
        assessor="Tim Dinas Sosial dan pendamping FKS",
        is_sample=True,
        **published(verifier, at(day, 15)),
    )
    assessment._history_user = verifier
    assessment.save()
    for indicator, score in zip(indicators, _scores(village.code, phase), strict=True):
        row = ResilienceScore(
            assessment=assessment,
            indicator=indicator,
            score=score,
            note="Dari diskusi kelompok terarah dengan warga.",
            evidence="Notulen FGD dan kunjungan lapangan",
        )
        row._history_user = verifier
        row.save()


def build_profiles(users):
    """A baseline and a follow-up profile of every village with a published demo forum."""
    verifier = users["admin"]
    indicators = list(ResilienceIndicator.objects.filter(is_active=True).order_by("code"))
    if len(indicators) != 9:
        return  # an administrator changed the list: the demo scores fit the seeded nine
    villages = Village.objects.filter(
        code__in=Forum.objects.filter(state=State.PUBLISHED).values("village_id")
    ).order_by("code")
    for village in villages:
        _profile(village, ResilienceAssessment.Phase.BASELINE, BASELINE_DAY, indicators, verifier)
        _profile(village, ResilienceAssessment.Phase.FOLLOW_UP, FOLLOW_UP_DAY, indicators, verifier)
