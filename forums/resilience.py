"""How a village's social resilience changed: the mean score of its first baseline profile
beside that of its latest follow-up, overall and per target, and those changes averaged
per regency or province.

Means are over the indicators scored (1–5), to two places. Public figures count only
published profiles. Every function reads many villages in a fixed number of queries.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg

from .models import ResilienceAssessment, ResilienceScore, ResilienceTarget, State

TWO_PLACES = Decimal("0.01")
TARGETS = list(ResilienceTarget)


def _rounded(value):
    return None if value is None else Decimal(value).quantize(TWO_PLACES, ROUND_HALF_UP)


def _difference(baseline, latest):
    return None if baseline is None or latest is None else latest - baseline


@dataclass
class Change:
    baseline: Decimal | None = None
    latest: Decimal | None = None
    # target -> (baseline, latest, change)
    by_target: dict = field(default_factory=dict)

    @property
    def change(self):
        return _difference(self.baseline, self.latest)


def _profiles(villages, public):
    assessments = ResilienceAssessment.objects.filter(village__in=villages)
    if public:
        assessments = assessments.filter(state=State.PUBLISHED)
    return assessments


def _chosen(assessments):
    """``{village code: (baseline pk, latest follow-up pk)}``: the earliest baseline and the
    latest follow-up of each village."""
    chosen = {}
    ordered = assessments.order_by("village_id", "assessed_on", "pk").values_list(
        "pk", "village_id", "phase"
    )
    for pk, code, phase in ordered:
        baseline, latest = chosen.get(code, (None, None))
        if phase == ResilienceAssessment.Phase.BASELINE:
            baseline = baseline or pk
        else:
            latest = pk
        chosen[code] = (baseline, latest)
    return chosen


def resilience_changes(villages, *, public=True):
    """``{village code: Change}`` for the villages (a queryset or codes) with a profile.
    Two queries."""
    chosen = _chosen(_profiles(villages, public))
    wanted = {pk for pair in chosen.values() for pk in pair if pk}
    means = {}
    for row in (
        ResilienceScore.objects.filter(assessment__in=wanted)
        .values("assessment", "indicator__target")
        .annotate(total=Avg("score"))
        .order_by()
    ):
        means.setdefault(row["assessment"], {})[row["indicator__target"]] = row["total"]
    totals = {
        row["assessment"]: row["total"]
        for row in ResilienceScore.objects.filter(assessment__in=wanted)
        .values("assessment")
        .annotate(total=Avg("score"))
        .order_by()
    }
    changes = {}
    for code, (baseline, latest) in chosen.items():
        change = Change(_rounded(totals.get(baseline)), _rounded(totals.get(latest)))
        for target in TARGETS:
            before = _rounded(means.get(baseline, {}).get(target))
            after = _rounded(means.get(latest, {}).get(target))
            change.by_target[target] = (before, after, _difference(before, after))
        changes[code] = change
    return changes


@dataclass
class Average:
    """Changes of several villages averaged: only villages with both profiles count."""

    villages: int = 0  # with a profile
    compared: int = 0  # with a baseline and a follow-up
    baseline: Decimal | None = None
    latest: Decimal | None = None
    by_target: dict = field(default_factory=dict)  # target -> (baseline, latest, change)

    @property
    def change(self):
        return _difference(self.baseline, self.latest)

    @property
    def target_rows(self):
        """``(target, baseline, latest, change)`` in the targets' order, for tables."""
        return [(target, *self.by_target.get(target, (None,) * 3)) for target in TARGETS]

    @property
    def improved(self):
        return self.change is not None and self.change > 0


def _mean(values):
    values = [value for value in values if value is not None]
    return _rounded(sum(values) / len(values)) if values else None


def average(changes):
    """One ``Average`` of ``changes`` (``Change`` objects)."""
    changes = list(changes)
    compared = [change for change in changes if change.change is not None]
    result = Average(
        villages=len(changes),
        compared=len(compared),
        baseline=_mean(change.baseline for change in compared),
        latest=_mean(change.latest for change in compared),
    )
    for target in TARGETS:
        pairs = [
            change.by_target[target]
            for change in compared
            if change.by_target[target][2] is not None
        ]
        before, after = _mean(p[0] for p in pairs), _mean(p[1] for p in pairs)
        result.by_target[target] = (before, after, _difference(before, after))
    return result


def summarise(changes, key):
    """``{key(code): Average}``: the changes grouped by ``key`` of the village code, e.g.
    ``lambda code: code[:5]`` for regencies, ``code[:2]`` for provinces."""
    groups = {}
    for code, change in changes.items():
        groups.setdefault(key(code), []).append(change)
    return {group: average(members) for group, members in sorted(groups.items())}


def regency_of(code):
    return code[:5]


def province_of(code):
    return code[:2]
