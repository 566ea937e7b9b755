"""Which programme villages qualify as a Desa Berketahanan Sosial, and why.

The Solok report says a site that accounts for its aid well can be proposed for follow-up
aid as a Desa Berketahanan Sosial. The portal judges it from three rules, each read from
published (verified) records only, so the list rests on what a verifier has checked:

1. **Accounted for** (``accounted``): the village has at least one completed activity, and
   every funding line of its completed activities reports its spending (more than Rp 0)
   and spends no more than its budget.
2. **Followed up** (``followed_up``): every follow-up check that is due (6 and 12 months
   after a physical work was done) is recorded, and each says the work is in use and in
   good repair or only slightly damaged. A village whose works are not due yet passes.
3. **More resilient** (``resilience``): the mean score of its latest follow-up resilience
   profile is above that of its baseline profile.

A village is eligible when it passes all three. The programme villages are those with a
published forum. ``village_facts`` reads what the rules need for many villages in a fixed
number of queries; ``judge`` applies the rules to one village's facts (no database), so
the rules can be tested on made-up cases; ``update_eligibility`` stores each village's
verdict in ``VillageEligibility``, whose history says when a village became eligible.
"""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from activities.followups import completed_works, followup_status
from activities.models import Activity, ActivityKind, FundingLine
from forums.models import Forum, Province, Village
from forums.resilience import resilience_changes

from .models import VillageEligibility

ACCOUNTED, FOLLOWED_UP, RESILIENCE = "accounted", "followed_up", "resilience"
RULES = [
    (
        ACCOUNTED,
        _("Accounted for"),
        _(
            "At least one completed activity, and every funding line of the completed "
            "activities reports its spending (more than Rp 0) and spends no more than "
            "its budget."
        ),
    ),
    (
        FOLLOWED_UP,
        _("Followed up"),
        _(
            "Every follow-up check due 6 and 12 months after a physical work was done is "
            "recorded, and each finds the work in use and in good repair or slightly "
            "damaged. Works not due for a check yet do not count against the village."
        ),
    ),
    (
        RESILIENCE,
        _("More resilient"),
        _(
            "The mean score of the latest follow-up resilience profile is above the mean "
            "score of the baseline profile."
        ),
    ),
]
RULE_NAMES = {code: name for code, name, _text in RULES}


@dataclass
class VillageFacts:
    """What the rules read about one village, from its published records."""

    completed: int = 0  # completed activities
    unreported: int = 0  # funding lines of those with no spending reported
    overspent: int = 0  # funding lines of those spending more than their budget
    physical: int = 0  # completed physical works
    checks_due: int = 0  # follow-up checks whose date has come
    checks_missing: int = 0  # of those, not recorded (or not yet published)
    checks_negative: int = 0  # recorded checks finding the work unused or badly damaged
    baseline: Decimal | None = None  # mean resilience score, baseline profile
    latest: Decimal | None = None  # mean resilience score, latest follow-up profile

    @property
    def resilience_change(self):
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline

    def as_json(self):
        data = asdict(self)
        for key in ("baseline", "latest"):
            data[key] = None if data[key] is None else str(data[key])
        return data

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        for key in ("baseline", "latest"):
            data[key] = None if data.get(key) is None else Decimal(data[key])
        return cls(**{key: value for key, value in data.items() if key in cls.__annotations__})


@dataclass
class Reason:
    rule: str
    passed: bool
    text: str

    @property
    def name(self):
        return RULE_NAMES[self.rule]


@dataclass
class Verdict:
    eligible: bool
    reasons: list = field(default_factory=list)

    @property
    def failed(self):
        return [reason for reason in self.reasons if not reason.passed]


def _accounted(facts):
    if not facts.completed:
        return Reason(ACCOUNTED, False, str(_("No completed activity yet.")))
    problems = []
    if facts.unreported:
        problems.append(
            ngettext(
                "%(count)s funding line with no spending reported",
                "%(count)s funding lines with no spending reported",
                facts.unreported,
            )
            % {"count": facts.unreported}
        )
    if facts.overspent:
        problems.append(
            ngettext(
                "%(count)s funding line spending more than its budget",
                "%(count)s funding lines spending more than their budget",
                facts.overspent,
            )
            % {"count": facts.overspent}
        )
    if problems:
        return Reason(ACCOUNTED, False, "; ".join(problems) + ".")
    return Reason(
        ACCOUNTED,
        True,
        ngettext(
            "%(count)s completed activity, every funding line accounted for.",
            "%(count)s completed activities, every funding line accounted for.",
            facts.completed,
        )
        % {"count": facts.completed},
    )


def _followed_up(facts):
    if not facts.physical:
        return Reason(FOLLOWED_UP, True, str(_("No completed physical work to check.")))
    if not facts.checks_due:
        return Reason(FOLLOWED_UP, True, str(_("No follow-up check is due yet.")))
    problems = []
    if facts.checks_missing:
        problems.append(
            ngettext(
                "%(count)s due check not recorded",
                "%(count)s due checks not recorded",
                facts.checks_missing,
            )
            % {"count": facts.checks_missing}
        )
    if facts.checks_negative:
        problems.append(
            ngettext(
                "%(count)s check found a work unused or badly damaged",
                "%(count)s checks found a work unused or badly damaged",
                facts.checks_negative,
            )
            % {"count": facts.checks_negative}
        )
    if problems:
        return Reason(FOLLOWED_UP, False, "; ".join(problems) + ".")
    return Reason(
        FOLLOWED_UP,
        True,
        ngettext(
            "%(count)s due check recorded, and positive.",
            "%(count)s due checks recorded, every one positive.",
            facts.checks_due,
        )
        % {"count": facts.checks_due},
    )


def _resilience(facts):
    if facts.baseline is None:
        return Reason(RESILIENCE, False, str(_("No baseline resilience profile.")))
    if facts.latest is None:
        return Reason(RESILIENCE, False, str(_("No follow-up resilience profile yet.")))
    values = {
        "baseline": number_format(facts.baseline, 2),
        "latest": number_format(facts.latest, 2),
    }
    if facts.resilience_change > 0:
        return Reason(
            RESILIENCE, True, str(_("Mean score rose from %(baseline)s to %(latest)s.")) % values
        )
    return Reason(
        RESILIENCE,
        False,
        str(_("Mean score did not rise: %(baseline)s, then %(latest)s.")) % values,
    )


def judge(facts):
    """The verdict on one village's ``facts``: eligible when every rule passes."""
    reasons = [_accounted(facts), _followed_up(facts), _resilience(facts)]
    return Verdict(all(reason.passed for reason in reasons), reasons)


def programme_villages():
    """Villages with a published forum."""
    return Village.objects.filter(
        code__in=Forum.objects.published().values("village_id")
    ).order_by()


def village_facts(villages, *, today=None):
    """``{village code: VillageFacts}`` for ``villages`` (a queryset), from published
    records only. A fixed number of queries, whatever the number of villages."""
    today = today or timezone.localdate()
    codes = list(villages.values_list("code", flat=True))
    facts = {code: VillageFacts() for code in codes}
    village = "forum__village"
    done = Activity.objects.public().filter(
        status=Activity.Status.DONE, **{f"{village}__in": codes}
    )
    for row in (
        done.order_by()
        .values(village)
        .annotate(
            number=Count("pk"),
            physical=Count("pk", filter=Q(activity_type__kind=ActivityKind.PHYSICAL)),
        )
    ):
        entry = facts[row[village]]
        entry.completed, entry.physical = row["number"], row["physical"]
    for row in (
        FundingLine.objects.filter(activity__in=done)
        .order_by()
        .values(f"activity__{village}")
        .annotate(
            unreported=Count("pk", filter=Q(spending=0)),
            overspent=Count("pk", filter=Q(spending__gt=F("budget"))),
        )
    ):
        entry = facts[row[f"activity__{village}"]]
        entry.unreported, entry.overspent = row["unreported"], row["overspent"]
    works = dict(completed_works(done).values_list("pk", village))
    for pk, status in followup_status(done, today=today).items():
        entry = facts[works[pk]]
        entry.checks_due += len(status.due_months)
        entry.checks_missing += sum(1 for months in status.due_months if months not in status.done)
        entry.checks_negative += sum(1 for check in status.done.values() if not check.is_positive)
    for code, change in resilience_changes(villages).items():
        if code in facts:
            facts[code].baseline, facts[code].latest = change.baseline, change.latest
    return facts


def update_eligibility(*, today=None):
    """Store every programme village's verdict (``VillageEligibility``, with history): a
    row changes only when the verdict or its facts do; ``since`` is the day a village
    became eligible. Returns ``(eligible, changed)`` counts."""
    today = today or timezone.localdate()
    facts = village_facts(programme_villages(), today=today)
    stored = VillageEligibility.objects.in_bulk(list(facts), field_name="village_id")
    changed = eligible = 0
    for code, village_facts_ in facts.items():
        verdict = judge(village_facts_)
        eligible += verdict.eligible
        data = village_facts_.as_json()
        row = stored.get(code)
        if row is None:
            row = VillageEligibility(village_id=code)
        elif row.eligible == verdict.eligible and row.facts == data:
            continue
        if verdict.eligible and not row.eligible:
            row.since = today
        elif not verdict.eligible:
            row.since = None
        row.eligible, row.facts = verdict.eligible, data
        row.save()
        changed += 1
    gone = VillageEligibility.objects.exclude(village_id__in=list(facts))
    for row in gone:  # one by one, so that history keeps why they left
        row.delete()
        changed += 1
    return eligible, changed


def verdict_changes(village_code):
    """The history of one village's verdict, oldest first: ``(date, eligible)`` pairs when
    it changed."""
    changes, last = [], None
    for record in VillageEligibility.history.filter(village_id=village_code).order_by(
        "history_date"
    ):
        eligible = record.history_type != "-" and record.eligible
        if eligible != last:
            changes.append((timezone.localtime(record.history_date).date(), eligible))
            last = eligible
    return changes


def counts_by_regency(stored):
    """Stored verdicts counted by regency: codes, names, villages and eligible ones; the
    open-data API's aggregate. One query."""
    regency = "village__district__regency"
    return list(
        stored.order_by()
        .values(
            regency=F(regency),
            regency_name=F(f"{regency}__name"),
            province=F(f"{regency}__province"),
        )
        .annotate(villages=Count("pk"), eligible=Count("pk", filter=Q(eligible=True)))
        .order_by("regency")
    )


def counts(villages):
    """``{"villages": n, "eligible": m}`` of the stored verdicts among ``villages``."""
    return VillageEligibility.objects.filter(village__in=villages).aggregate(
        villages=Count("pk"), eligible=Count("pk", filter=Q(eligible=True))
    )


class EligibilityForm(forms.Form):
    """The list's filters: a province, and in or out."""

    VERDICTS = [("", _("In and out")), ("in", _("Eligible")), ("out", _("Not eligible"))]

    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.order_by("name"),
        required=False,
        empty_label=_("All provinces"),
        error_messages={"invalid_choice": _("Unknown province.")},
    )
    verdict = forms.ChoiceField(
        label=_("Verdict"),
        choices=VERDICTS,
        required=False,
        error_messages={"invalid_choice": _("Choose eligible, not eligible, or both.")},
    )


@dataclass
class Row:
    stored: object  # VillageEligibility
    verdict: Verdict

    @property
    def village(self):
        return self.stored.village


def stored_rows(form):
    """The stored verdicts the valid ``form`` selects, village by village in region order."""
    rows = VillageEligibility.objects.select_related(
        "village__district__regency__province"
    ).order_by(
        "village__district__regency__province__name",
        "village__district__regency__name",
        "village__name",
    )
    province = form.cleaned_data.get("province")
    if province:
        rows = rows.filter(village__district__regency__province=province)
    verdict = form.cleaned_data.get("verdict")
    if verdict:
        rows = rows.filter(eligible=verdict == "in")
    return rows


def judged(stored):
    """``Row``s of stored verdicts, each judged again from its facts for the reasons."""
    return [Row(row, judge(VillageFacts.from_json(row.facts))) for row in stored]


def eligibility_table(rows):
    """Header and one row per village, for the CSV and XLSX downloads."""
    header = [
        _("Province"),
        _("Regency or city"),
        _("District"),
        _("Village code"),
        _("Village"),
        _("Eligible"),
        _("Eligible since"),
        *[name for _code, name, _text in RULES],
    ]
    table = [[str(cell) for cell in header]]
    for row in rows:
        village = row.village
        reasons = [
            f"{_('yes') if reason.passed else _('no')}: {reason.text}"
            for reason in row.verdict.reasons
        ]
        table.append(
            [
                village.district.regency.province.name,
                village.district.regency.name,
                village.district.name,
                village.code,
                village.name,
                str(_("yes") if row.stored.eligible else _("no")),
                row.stored.since.isoformat() if row.stored.since else "",
                *reasons,
            ]
        )
    return table
