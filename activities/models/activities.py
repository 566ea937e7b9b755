from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forums.coordinates import coordinate_field
from forums.images import RandomName, ThumbnailName
from forums.models import Forum, Post, Reviewable, ReviewableQuerySet, ScopedQuerySet, State
from forums.text_search import NO_PLACES, matching

from .funding import FundingLine
from .photos import DatedPhoto
from .reference import ActivityKind, ActivityType


def _dates_in_order(start, end):
    return (
        Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)})
    )


ACTIVITY_TEXT = ("title", "description")


class ActivityQuerySet(ReviewableQuerySet):
    def public(self):
        """What the public may see: published activities of published forums."""
        return self.published().filter(forum__state=State.PUBLISHED)

    def matching(self, text, places=NO_PLACES):
        """Activities whose title or description matches ``text`` (as
        ``forums.text_search`` says) or whose forum's village is in one of ``places``."""
        in_places = Q(forum__in=Forum.objects.in_places(places).values("pk"))
        return matching(self, ACTIVITY_TEXT, "title", text, in_places if places else None)

    def with_totals(self, **line_conditions):
        """Annotate ``budget_total``, ``spending_total`` and ``remainder`` in whole rupiah,
        summed over each activity's funding lines (those matching ``line_conditions``, e.g.
        ``budget_year=2019``, when given).

        Sums come from subqueries so they stay right when other joins are added.
        """
        lines = (
            FundingLine.objects.filter(activity=OuterRef("pk"), **line_conditions)
            .order_by()
            .values("activity")
            .sums()
        )

        def line_sum(name):
            return Coalesce(
                Subquery(lines.values(name)), Value(0), output_field=models.BigIntegerField()
            )

        return self.annotate(
            budget_total=line_sum("budget_sum"), spending_total=line_sum("spending_sum")
        ).annotate(remainder=F("budget_total") - F("spending_total"))

    def with_progress(self):
        """Annotate ``latest_percent``: percent complete of the most recent progress report."""
        latest = ProgressReport.objects.filter(activity=OuterRef("pk")).order_by(
            "-reported_on", "-pk"
        )
        return self.annotate(latest_percent=Subquery(latest.values("percent")[:1]))

    def with_public_progress(self):
        """Like ``with_progress`` but counting published progress reports only."""
        latest = ProgressReport.objects.published().filter(activity=OuterRef("pk"))
        latest = latest.order_by("-reported_on", "-pk")
        return self.annotate(latest_percent=Subquery(latest.values("percent")[:1]))

    def for_forum_page(self):
        """Public activities as a forum's page lists them: type, money totals, public progress."""
        return self.public().select_related("activity_type").with_totals().with_public_progress()

    def for_public_page(self):
        """Public activities with everything their own page shows, in a fixed number of queries.

        Children the public may not see (draft progress reports, draft meetings, draft
        posts) are filtered inside the prefetches, so templates only get public ones in
        ``public_progress_reports``, ``public_meetings`` and ``public_posts``.
        """
        # Meeting refers to Activity, so its module imports this one.
        from .meetings import Meeting

        return (
            self.public()
            .select_related("activity_type", "forum__village__district__regency__province")
            .with_totals()
            .with_public_progress()
            .prefetch_related(
                Prefetch("funding_lines", FundingLine.objects.select_related("source")),
                Prefetch(
                    "progress_reports",
                    ProgressReport.objects.published()
                    .order_by("reported_on", "pk")
                    .prefetch_related("photos"),
                    to_attr="public_progress_reports",
                ),
                Prefetch("meetings", Meeting.objects.public(), to_attr="public_meetings"),
                Prefetch("posts", Post.objects.published(), to_attr="public_posts"),
            )
        )


class Activity(Reviewable):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="activities", verbose_name=_("forum")
    )
    activity_type = models.ForeignKey(
        ActivityType,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("activity type"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    latitude = coordinate_field(_("latitude"), 90)
    longitude = coordinate_field(_("longitude"), 180)
    volume = models.DecimalField(
        _("volume"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # What was built, beside what was planned (``volume``), in the same unit.
    achieved_volume = models.DecimalField(
        _("achieved volume"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    executor = models.CharField(
        _("executor"),
        max_length=200,
        blank=True,
        help_text=_("Who carried it out: the village activity team (TPK), a contractor…"),
    )
    # Empty when not counted, as a meeting's participants: never a 0 nobody counted.
    beneficiaries_male = models.PositiveIntegerField(_("male beneficiaries"), null=True, blank=True)
    beneficiaries_female = models.PositiveIntegerField(
        _("female beneficiaries"), null=True, blank=True
    )
    remarks = models.TextField(_("remarks"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    posts = models.ManyToManyField(
        Post, blank=True, related_name="activities", verbose_name=_("news posts")
    )
    # The office's own reference from an imported spreadsheet ("Referensi"): re-importing
    # a row with it updates this activity. Unique per regency (the importer looks it up
    # there); the database holds it unique per forum, the closest it can check.
    # NULL, not "", when there is none: the unique constraint then lets many have none.
    import_reference = models.CharField(  # noqa: DJ001
        _("import reference"), max_length=60, null=True, blank=True, editable=False
    )

    scope_paths = (
        "forum__village__district__regency__province",
        "forum__village__district__regency",
    )
    history = HistoricalRecords(m2m_fields=[posts])
    objects = ActivityQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["forum", "state"]),
            models.Index(fields=["status"]),
            models.Index(fields=["import_reference"]),
            # The completed works by end date: the follow-up checks due (activities.followups).
            models.Index(
                fields=["actual_end", "id"],
                condition=Q(status="done"),
                name="activity_done_by_end",
            ),
        ]
        constraints = [
            *Reviewable.Meta.constraints,
            models.UniqueConstraint(
                fields=["forum", "import_reference"], name="activity_import_reference_per_forum"
            ),
            models.CheckConstraint(
                condition=_dates_in_order("planned_start", "planned_end"),
                name="activity_planned_dates_in_order",
            ),
            models.CheckConstraint(
                condition=_dates_in_order("actual_start", "actual_end"),
                name="activity_actual_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(volume__isnull=True) | Q(volume__gte=0),
                name="activity_volume_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(achieved_volume__isnull=True) | Q(achieved_volume__gte=0),
                name="activity_achieved_volume_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(beneficiaries_male__isnull=True) | Q(beneficiaries_male__gte=0))
                & (Q(beneficiaries_female__isnull=True) | Q(beneficiaries_female__gte=0)),
                name="activity_beneficiaries_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end cannot be before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end cannot be before the actual start.")
        if (self.volume is not None or self.achieved_volume is not None) and not self.unit:
            errors["unit"] = _("Give the unit of the volume, for example m or unit.")
        if errors:
            raise ValidationError(errors)

    @property
    def beneficiaries_total(self):
        """Men and women together; None when neither was counted."""
        counts = [n for n in (self.beneficiaries_male, self.beneficiaries_female) if n is not None]
        return sum(counts) if counts else None

    @property
    def is_physical(self):
        return self.activity_type.kind == ActivityKind.PHYSICAL

    @property
    def is_public(self):
        """Whether the public may see it: published, in a published forum (loads the forum)."""
        return self.is_published and self.forum.is_published

    def sync_status_with_progress(self):
        """A physical work's status follows its latest published progress report: 0 %
        planned, 100 % done, anything between in progress. Cancelled works stay cancelled.

        Only published reports count: the status is shown to the public, and a draft of
        100 % must not make a work "done" before a verifier has seen it. So the status is
        brought in line when a report is published, returned or deleted
        (``ProgressReport.after_transition`` and ``delete``), never when a draft is saved.
        """
        if not self.is_physical or self.status == self.Status.CANCELLED:
            return
        latest = self.progress_reports.published().order_by("-reported_on", "-pk").first()
        if latest is None:
            status = self.Status.PLANNED
        elif latest.percent >= 100:
            status = self.Status.DONE
        elif latest.percent > 0:
            status = self.Status.RUNNING
        else:
            status = self.Status.PLANNED
        if status != self.status:
            self.status = status
            self.save(update_fields=["status", "updated_at"])


class ProgressReportQuerySet(ReviewableQuerySet):
    def public(self):
        return self.published().filter(
            activity__state=State.PUBLISHED, activity__forum__state=State.PUBLISHED
        )


class ProgressReport(Reviewable):
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        related_name="progress_reports",
        verbose_name=_("activity"),
    )
    reported_on = models.DateField(_("report date"))
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    # Whether a photo of the report raised an evidence flag (``activities.evidence``),
    # kept so that the staff list filters on it in one query; recomputed when the report
    # or its photos are saved. A warning for the verifier, never a block.
    has_evidence_flags = models.BooleanField(
        _("has evidence flags"), default=False, editable=False, db_index=True
    )

    scope_paths = (
        "activity__forum__village__district__regency__province",
        "activity__forum__village__district__regency",
    )
    history = HistoricalRecords()
    objects = ProgressReportQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["activity", "-reported_on", "-pk"]
        constraints = [
            *Reviewable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(percent__gte=0) & Q(percent__lte=100), name="progress_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.activity} — {self.percent}% ({self.reported_on})"

    def notice_label(self):
        """The work it reports on, the percent and the date: "Balai serbaguna, 50% (15
        Agustus 2025)"; the report alone has no name. Reads the activity."""
        return f"{self.activity.title}, {self.percent}% ({date_format(self.reported_on)})"

    def after_transition(self, action):
        """Publishing a report, or returning a published one, changes the published
        progress its work's status follows."""
        if action in ("publish", "return"):
            self._sync_activity()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._sync_activity()
        return result

    def _sync_activity(self):
        activity = self.activity
        user = getattr(self, "_history_user", None)
        if user is not None:
            activity._history_user = user
        activity.sync_status_with_progress()


class ProgressPhotoQuerySet(ScopedQuerySet):
    def public(self):
        """Photos of public progress reports (published, of public activities)."""
        return self.filter(report__in=ProgressReport.objects.public())

    def of_forum(self, forum):
        return self.filter(report__activity__forum=forum)


class ProgressPhoto(DatedPhoto):
    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("progress report"),
    )
    image = models.ImageField(
        _("photo"), upload_to=RandomName("progress"), width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(
        upload_to=ThumbnailName("progress/thumbs"), blank=True, editable=False
    )

    scope_paths = (
        "report__activity__forum__village__district__regency__province",
        "report__activity__forum__village__district__regency",
    )
    history = HistoricalRecords()
    objects = ProgressPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["report", "pk"]
