"""Where the programme is needed next: conflict incidents per regency, by trigger, beside
the regency's active forums and its funding, with a simple risk index.

The public sees published incidents only, as counts (never a description); a staff
member sees the incidents of their scope in every workflow state, the unpublished ones
counted apart. Every figure comes from a fixed number of aggregate queries, whatever the
number of regencies.

The risk index of a regency weighs each incident of the last N years by its recency::

    index = Σ count_k / k   for k = 1 … N

where ``count_k`` is the number of incidents from k−1 to k years before today: an
incident of the last twelve months counts 1, one of the year before ½, then ⅓ and so on.
It ranks regencies for planning; it measures no real risk.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import forms
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from activities.models import FundingLine, rupiah_sum
from forums.models import (
    ConflictIncident,
    ConflictTrigger,
    Forum,
    Province,
    Regency,
    State,
    scope_of,
)

DEFAULT_YEARS, MIN_YEARS, MAX_YEARS = 3, 1, 10
REGENCY = "village__district__regency"
# The targeting map's shading: a province's incidents from each of these up to the next.
INCIDENT_BANDS = (1, 3, 10, 30)
YEARS_MESSAGE = _("Give a number of years from 1 to 10.")


class TargetingForm(forms.Form):
    """The page's one parameter: how many years back incidents count (1–10, default 3)."""

    years = forms.IntegerField(
        label=_("Incidents of the last … years"),
        min_value=MIN_YEARS,
        max_value=MAX_YEARS,
        required=False,
        error_messages=dict.fromkeys(["invalid", "min_value", "max_value"], YEARS_MESSAGE),
    )

    def clean_years(self):
        return self.cleaned_data["years"] or DEFAULT_YEARS


def band_labels(bands=INCIDENT_BANDS):
    """The map legend's words for ``bands``: "1–2", "3–9", "10–29", "30 or more"."""
    labels = [
        f"{low}" if high - low == 1 else f"{low}–{high - 1}"
        for low, high in zip(bands, bands[1:], strict=False)
    ]
    return [*labels, _("%(number)s or more") % {"number": bands[-1]}]


def years_before(day, years):
    """``day`` moved back whole ``years``; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def risk_index(counts_by_year):
    """The index of one regency from its incident counts per year back (index 0: the last
    twelve months, 1: the year before…), as a Decimal with two places."""
    total = sum(Fraction(count, k) for k, count in enumerate(counts_by_year, start=1))
    return (Decimal(total.numerator) / Decimal(total.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class RegencyRow:
    regency: Regency
    by_trigger: list  # incident counts in the order of ``Targeting.triggers``
    by_year: list  # incident counts per year back, the last twelve months first
    unpublished: int = 0  # staff only: incidents counted here that are not yet published
    forums: int = 0
    budget: int = 0
    triggers: list = field(default_factory=list, repr=False)  # ``Targeting.triggers``

    @property
    def trigger_counts(self):
        """``(trigger, count)`` pairs in the trigger list's order."""
        return list(zip(self.triggers, self.by_trigger, strict=True))

    @property
    def incidents(self):
        return sum(self.by_trigger)

    @property
    def index(self):
        return risk_index(self.by_year)

    @property
    def without_forum(self):
        return self.forums == 0


@dataclass
class ProvinceRow:
    province: Province
    incidents: int
    index: Decimal
    regencies: int = 0  # with incidents
    without_forum: int = 0  # of those, with no active published forum


@dataclass
class Targeting:
    years: int
    since: datetime.date
    staff: bool
    triggers: list
    rows: list = field(default_factory=list)

    @property
    def without_forum(self):
        """Regencies with recent incidents and no active published forum, riskiest first:
        where the next programme year might form forums."""
        return [row for row in self.rows if row.without_forum]

    @property
    def by_province(self):
        """One row per province with incidents, most incidents first: the map's shading
        and the table beside it. The index of a province is the sum of its regencies'."""
        provinces = {}
        for row in self.rows:
            province = row.regency.province
            entry = provinces.setdefault(
                province.code, ProvinceRow(province, incidents=0, index=Decimal(0))
            )
            entry.incidents += row.incidents
            entry.index += row.index
            entry.regencies += 1
            entry.without_forum += row.without_forum
        return sorted(provinces.values(), key=lambda row: (-row.incidents, row.province.name))

    def map_rows(self):
        """The provinces for the map's script: ``[code, name, incidents, index (in the
        page's language), regencies without a forum]``, never an incident's text."""
        return [
            [
                row.province.code,
                row.province.name,
                row.incidents,
                number_format(row.index, 2),
                row.without_forum,
            ]
            for row in self.by_province
        ]

    @property
    def trigger_rows(self):
        """``(trigger, incidents)`` over every row, in the trigger list's order."""
        totals = [sum(row.by_trigger[i] for row in self.rows) for i in range(len(self.triggers))]
        return list(zip(self.triggers, totals, strict=True))


def visible_incidents(user, *, public=False):
    """Incidents ``user`` may count: their scope (every state) for staff, published ones
    otherwise; ``public=True`` gives the public view whoever asks."""
    if not public and scope_of(user).is_staff:
        return ConflictIncident.objects.in_scope(user)
    return ConflictIncident.objects.published()


def targeting(user=None, years=DEFAULT_YEARS, *, public=False, today=None):
    """The targeting rows for ``user``: one per regency with incidents in the last
    ``years`` years, riskiest first. Five queries."""
    today = today or timezone.localdate()
    staff = not public and scope_of(user).is_staff
    since = years_before(today, years)
    starts = [years_before(today, k) for k in range(1, years + 1)]
    incidents = visible_incidents(user, public=public).filter(occurred_on__gt=since)
    annotations = {
        f"within_{k}": Count("pk", filter=Q(occurred_on__gt=start))
        for k, start in enumerate(starts, start=1)
    }
    annotations["unpublished"] = Count("pk", filter=~Q(state=State.PUBLISHED))
    keys = [f"within_{k}" for k in range(1, years + 1)]
    grouped = (
        incidents.order_by()
        .values(REGENCY, "trigger")
        .annotate(**annotations)
        .values(REGENCY, "trigger", "unpublished", *keys)
    )
    triggers = list(ConflictTrigger.objects.order_by("position", "name"))
    position = {trigger.pk: i for i, trigger in enumerate(triggers)}
    rows = {}
    for group in grouped:
        code = group[REGENCY]
        row = rows.get(code)
        if row is None:
            row = rows[code] = RegencyRow(None, [0] * len(triggers), [0] * years, triggers=triggers)
        cumulative = [group[key] for key in keys]
        row.by_trigger[position[group["trigger"]]] += cumulative[-1]
        for k, count in enumerate(cumulative):
            row.by_year[k] += count - (cumulative[k - 1] if k else 0)
        row.unpublished += group["unpublished"]
    regencies = Regency.objects.select_related("province").in_bulk(list(rows))
    forums = (
        Forum.objects.published()
        .filter(status=Forum.Status.ACTIVE, **{f"{REGENCY}__in": list(rows)})
        .order_by()
        .values(REGENCY)
        .annotate(number=Count("pk"))
        .values_list(REGENCY, "number")
    )
    budgets = (
        FundingLine.objects.public()
        .filter(**{f"activity__forum__{REGENCY}__in": list(rows)})
        .order_by()
        .values(f"activity__forum__{REGENCY}")
        .annotate(total=rupiah_sum("budget"))
        .values_list(f"activity__forum__{REGENCY}", "total")
    )
    for code, number in forums:
        rows[code].forums = number
    for code, total in budgets:
        rows[code].budget = total
    for code, row in rows.items():
        row.regency = regencies[code]
    ordered = sorted(
        rows.values(),
        key=lambda row: (-row.index, -row.incidents, row.regency.province.name, row.regency.name),
    )
    return Targeting(years=years, since=since, staff=staff, triggers=triggers, rows=ordered)


def counts_by_trigger(incidents):
    """``(trigger, count)`` pairs of ``incidents`` (published ones, for the public), in the
    trigger list's order, triggers without incidents left out. One query."""
    triggers = (
        ConflictTrigger.objects.annotate(
            number=Count("incidents", filter=Q(incidents__in=incidents.values("pk")))
        )
        .filter(number__gt=0)
        .order_by("position", "name")
    )
    return [(trigger, trigger.number) for trigger in triggers]


def counts_by_regency_and_trigger(incidents):
    """Rows of ``incidents`` counted by regency and trigger, for the open-data API: codes,
    names and a count, never anything of an incident itself. One query."""
    rows = (
        incidents.order_by()
        .values(
            regency=F(REGENCY),
            regency_name=F(f"{REGENCY}__name"),
            province=F(f"{REGENCY}__province"),
            trigger_code=F("trigger__code"),
            trigger_name=F("trigger__name"),
        )
        .annotate(incidents=Count("pk"))
        .order_by("regency", "trigger__position", "trigger_code")
    )
    return [{**row, "trigger": row.pop("trigger_code")} for row in rows]
