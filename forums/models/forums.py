from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..coordinates import coordinate_field
from ..text_search import NO_PLACES, matching
from .regions import Village, fold_name
from .scoping import ScopedQuerySet
from .workflow import Reviewable, ReviewableQuerySet

PROGRAMME_YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
FORUM_TEXT = ("name", "description")


class ForumQuerySet(ReviewableQuerySet):
    def with_village(self):
        return self.select_related("village__district__regency__province")

    def in_province(self, province_code):
        return self.filter(village__district__regency__province_id=province_code)

    def in_regency(self, regency_code):
        return self.filter(village__district__regency_id=regency_code)

    def search(self, text):
        """Forums whose name contains ``text``, or whose village's name does.

        The village part ignores case, spaces and hyphens ("tanahgaram" finds
        Tanah Garam), as region search does everywhere.
        """
        text = (text or "").strip()
        if not text:
            return self
        matches = Q(name__icontains=text)
        folded = fold_name(text)
        if folded:
            matches |= Q(village__search_name__contains=folded)
        return self.filter(matches)

    def matching(self, text, places=NO_PLACES):
        """Forums whose name or description matches ``text`` (as ``text_search`` says)
        or whose village is in one of ``places``: the site search."""
        return matching(self, FORUM_TEXT, "name", text, places.within(village="village_id"))

    def in_places(self, places):
        """Forums whose village is in one of ``places`` (``text_search.Places``)."""
        return self.filter(places.within(village="village_id"))

    def programme_years(self):
        """The distinct programme years of these forums, newest first."""
        return self.order_by("-formation_year").values_list("formation_year", flat=True).distinct()


class Forum(Reviewable):
    """A Forum Keserasian Sosial (FKS): residents of one village, formed in a programme year."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DISSOLVED = "dissolved", _("dissolved")

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="forums", verbose_name=_("village")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    formation_year = models.PositiveSmallIntegerField(
        _("programme year"), validators=PROGRAMME_YEAR_VALIDATORS
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Where the forum meets (its secretariat): its pin on the map, and its meetings'.
    latitude = coordinate_field(_("latitude"), 90)
    longitude = coordinate_field(_("longitude"), 180)

    scope_paths = ("village__district__regency__province", "village__district__regency")
    history = HistoricalRecords()
    objects = ForumQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["formation_year"]),
            models.Index(fields=["village", "formation_year"]),
        ]
        constraints = [
            *Reviewable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(formation_year__gte=2000) & Q(formation_year__lte=2100),
                name="forum_formation_year_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.founded_on and self.founded_on > timezone.localdate():
            raise ValidationError({"founded_on": _("The founding date cannot be in the future.")})


class ForumMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")
        TREASURER = "treasurer", _("treasurer")
        MEMBER = "member", _("member")

    class Group(models.TextChoices):
        RELIGIOUS = "religious", _("religious leader")
        CUSTOMARY = "customary", _("customary leader")
        YOUTH = "youth", _("youth")
        WOMEN = "women", _("women")
        COMMUNITY = "community", _("community figure")
        OTHER = "other", _("other")

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="members", verbose_name=_("forum")
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    group = models.CharField(_("represented group"), max_length=10, choices=Group.choices)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_end = models.DateField(_("term end"), null=True, blank=True)
    phone = models.CharField(
        _("phone"), max_length=30, blank=True, help_text=_("Never shown on public pages.")
    )

    scope_paths = (
        "forum__village__district__regency__province",
        "forum__village__district__regency",
    )
    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")
        ordering = ["forum", "role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=F("term_start")),
                name="forummember_term_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})
