"""Public funding figures summed in advance, so that a summary reads a few hundred rows per
province instead of every funding line (``reports/figures.py`` keeps them up to date).

A ``RegencyFigure`` sums the public funding lines (``FundingLine.objects.public()``) of
one regency, activity type, funding source and budget year; a ``ProvinceFigure`` sums
the regency figures of a province (a twentieth as many rows at national size, for the
national and provincial summaries). Money and lines add up over
any set of rows. Distinct forums and activities need more than a sum: an activity funded
by APBN in 2019 and 2020 has two rows, and counting it in both would count it twice in a
total. So each row carries one count column per way of slicing:

- ``activities``: each activity is counted in exactly one of its rows; the column for a
  slice that neither filters nor groups by source or year.
- ``activities_by_source``: once in one row per source it has (the column for a slice
  that filters or groups by source), ``_by_year`` once per year, ``_by_source_year`` once
  per source and year.
- ``forums…``: the same for forums, which also have activities of several types:
  ``forums`` counts a forum once whatever its types, ``forums_kind…`` once per kind
  (for slices that filter or group by kind), ``forums_type…`` once per type.

Region, type and kind belong to an activity (all its lines share them), so summing the
right column over any region, type or kind is the exact distinct count (``count_column``);
and the province figures, sums of the regency figures, count the same way.

An ``ExportJob`` is a download too big to draw inside a web request (``reports/jobs.py``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from activities.models import ActivityKind, ActivityType, FundingSource, RupiahSums
from forums.models import Province, Regency, Village

# What a slice may filter or group by, besides the region and the type.
LINE_ATTRIBUTES = ("source", "year")


def count_column(counted, *, per=None, by=()):
    """The column to SUM for distinct ``counted`` ("activities" or "forums") in a slice that
    filters or groups by the line attributes ``by`` ("source", "year") and, for forums,
    ``per`` "type" or "kind" (the finest of them the slice uses)."""
    name = counted if per is None else f"{counted}_{per}"
    used = [attribute for attribute in LINE_ATTRIBUTES if attribute in by]
    return f"{name}_by_{'_'.join(used)}" if used else name


COUNT_COLUMNS = [
    count_column(counted, per=per, by=by)
    for counted, kinds in [("activities", [None]), ("forums", [None, "kind", "type"])]
    for per in kinds
    for by in [(), ("source",), ("year",), ("source", "year")]
]


class FundingFigureQuerySet(RupiahSums, models.QuerySet):
    pass


def _key(model, **options):
    # Figures are only ever written from the lines, whose keys the database checks already:
    # no constraint and no index of their own (they cost more than the rest of a rebuild).
    return models.ForeignKey(
        model,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
        **options,
    )


class FundingFigure(models.Model):
    """Public funding of one place (see the subclasses), activity type, source and year."""

    province = _key(Province)
    activity_type = _key(ActivityType)
    activity_kind = models.CharField(max_length=12, choices=ActivityKind.choices)
    source = _key(FundingSource)
    budget_year = models.SmallIntegerField()

    budget = models.BigIntegerField(default=0)
    spending = models.BigIntegerField(default=0)
    lines = models.IntegerField(default=0)

    activities = models.IntegerField(default=0)
    activities_by_source = models.IntegerField(default=0)
    activities_by_year = models.IntegerField(default=0)
    activities_by_source_year = models.IntegerField(default=0)
    forums = models.IntegerField(default=0)
    forums_by_source = models.IntegerField(default=0)
    forums_by_year = models.IntegerField(default=0)
    forums_by_source_year = models.IntegerField(default=0)
    forums_kind = models.IntegerField(default=0)
    forums_kind_by_source = models.IntegerField(default=0)
    forums_kind_by_year = models.IntegerField(default=0)
    forums_kind_by_source_year = models.IntegerField(default=0)
    forums_type = models.IntegerField(default=0)
    forums_type_by_source = models.IntegerField(default=0)
    forums_type_by_year = models.IntegerField(default=0)
    forums_type_by_source_year = models.IntegerField(default=0)

    objects = FundingFigureQuerySet.as_manager()

    class Meta:
        abstract = True


class RegencyFigure(FundingFigure):
    """The public funding lines of one regency, activity type, source and budget year."""

    regency = _key(Regency)

    class Meta:
        constraints = [
            # also the index of a regency's figures (its slices, its rebuild)
            models.UniqueConstraint(
                fields=["regency", "activity_type", "source", "budget_year"],
                name="regencyfigure_one_row_per_cell",
            )
        ]
        # a province's figures in regency order: its slices, grouped by regency
        indexes = [models.Index(fields=["province", "regency"], name="regencyfigure_province")]

    def __str__(self):
        return f"{self.regency_id} {self.activity_type_id} {self.source_id} {self.budget_year}"


class ProvinceFigure(FundingFigure):
    """The regency figures of one province, activity type, source and budget year, summed."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "activity_type", "source", "budget_year"],
                name="provincefigure_one_row_per_cell",
            )
        ]

    def __str__(self):
        return f"{self.province_id} {self.activity_type_id} {self.source_id} {self.budget_year}"


class ExportJob(models.Model):
    """A CSV, XLSX or PDF of a funding slice, drawn by a background worker and kept for a
    while (``EXPORT_JOB_KEEP_HOURS``) for whoever asked: the signed-in user it belongs to,
    or, for public data, anyone holding the job's unguessable address."""

    class Kind(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for its turn")
        RUNNING = "running", _("being prepared")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=4, choices=Kind.choices)
    query = models.CharField(max_length=2000, blank=True, help_text="The slice's filters.")
    language = models.CharField(max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Who asked; empty for a public download (published data only).",
    )
    # The public data's version when the job was asked for (forums/public_changes.py): a public
    # job of the same slice and version is handed to the next reader instead of redrawn.
    data_version = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=300)
    rows = models.PositiveIntegerField(help_text="Rows (lines or activities) expected.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # The file's name in the default storage (exports/<id>/<filename>): written by the job,
    # not uploaded, so a name rather than a FileField.
    stored_name = models.CharField(max_length=300, blank=True)
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "query", "language", "data_version"])]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def expired(self):
        return self.expires_at <= timezone.now()

    @property
    def downloadable(self):
        """Drawn, and still kept."""
        return self.status == self.Status.DONE and not self.expired


class VillageEligibility(models.Model):
    """A programme village's verdict as a Desa Berketahanan Sosial (``reports.eligibility``):
    stored by ``update_eligibility`` so that its history says when the village became
    eligible (or stopped being so), and on what facts."""

    village = models.OneToOneField(
        Village,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="eligibility",
        verbose_name=_("village"),
    )
    eligible = models.BooleanField(_("eligible"), default=False)
    since = models.DateField(_("eligible since"), null=True, blank=True)
    # What the rules read (reports.eligibility.VillageFacts), as numbers and decimal strings.
    facts = models.JSONField(_("facts"), default=dict)
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("village eligibility")
        verbose_name_plural = _("village eligibilities")
        indexes = [models.Index(fields=["eligible"])]

    def __str__(self):
        return str(self.village_id)
