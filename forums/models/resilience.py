"""A village's social-resilience profile, scored before the programme and again later.

The programme's resilience guideline names three targets (social institutions, social
norms or pranata, social networks) and the step "compile a community social-resilience
profile". An assessment scores each indicator of a reference list (administrators edit
it; a data migration seeds it) from 1 to 5, with a note and what the score rests on. The
first kind of assessment is the baseline, before the programme; later ones are follow-ups.
``forums.resilience`` computes the change per village and averages it per region.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Village
from .workflow import Reviewable, ReviewableQuerySet

MIN_SCORE, MAX_SCORE = 1, 5


class ResilienceTarget(models.TextChoices):
    INSTITUTIONS = "institutions", _("social institutions")
    NORMS = "norms", _("social norms and pranata")
    NETWORKS = "networks", _("social networks")


class ResilienceIndicator(models.Model):
    """One thing scored in a profile, under one of the three targets."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    target = models.CharField(_("target"), max_length=15, choices=ResilienceTarget.choices)
    description = models.TextField(_("what a score means"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resilience indicator")
        verbose_name_plural = _("resilience indicators")
        ordering = ["target", "position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class ResilienceAssessmentQuerySet(ReviewableQuerySet):
    def with_village(self):
        return self.select_related("village__district__regency__province")


class ResilienceAssessment(Reviewable):
    class Phase(models.TextChoices):
        BASELINE = "baseline", _("baseline (before the programme)")
        FOLLOW_UP = "follow_up", _("follow-up (later)")

    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        related_name="resilience_assessments",
        verbose_name=_("village"),
    )
    assessed_on = models.DateField(_("date of the assessment"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    assessor = models.CharField(
        _("assessed by"), max_length=200, help_text=_("Who scored it: the team or the office.")
    )
    note = models.TextField(_("note"), blank=True)

    scope_paths = ("village__district__regency__province", "village__district__regency")
    history = HistoricalRecords()
    objects = ResilienceAssessmentQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("resilience profile")
        verbose_name_plural = _("resilience profiles")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self):
        return _("%(phase)s profile of %(village)s, %(date)s") % {
            "phase": self.get_phase_display(),
            "village": self.village.name,
            "date": date_format(self.assessed_on, "SHORT_DATE_FORMAT"),
        }

    def clean(self):
        errors = {}
        if self.assessed_on and self.assessed_on > timezone.localdate():
            errors["assessed_on"] = _("The date of the assessment cannot be in the future.")
        elif self.assessed_on and self.village_id and self.phase == self.Phase.FOLLOW_UP:
            first = (
                ResilienceAssessment.objects.filter(
                    village_id=self.village_id, phase=self.Phase.BASELINE
                )
                .exclude(pk=self.pk)
                .order_by("assessed_on")
                .values_list("assessed_on", flat=True)
                .first()
            )
            if first and self.assessed_on < first:
                errors["assessed_on"] = _(
                    "A follow-up cannot be earlier than the village's baseline (%(date)s)."
                ) % {"date": date_format(first)}
        if errors:
            raise ValidationError(errors)


class ResilienceScore(models.Model):
    assessment = models.ForeignKey(
        ResilienceAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("resilience profile"),
    )
    indicator = models.ForeignKey(
        ResilienceIndicator,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("indicator"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[
            MinValueValidator(MIN_SCORE, _("A score is from 1 to 5.")),
            MaxValueValidator(MAX_SCORE, _("A score is from 1 to 5.")),
        ],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    evidence = models.CharField(
        _("evidence"),
        max_length=300,
        blank=True,
        help_text=_("What the score rests on: minutes, a visit, interviews…"),
    )

    scope_paths = (
        "assessment__village__district__regency__province",
        "assessment__village__district__regency",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resilience score")
        verbose_name_plural = _("resilience scores")
        ordering = ["indicator__target", "indicator__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="resilience_score_once_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE),
                name="resilience_score_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.score}"
