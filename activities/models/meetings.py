from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forums.models import Forum, ForumMember, Regency, Reviewable, ReviewableQuerySet, State
from forums.text_search import NO_PLACES, matching

from .activities import Activity

MEETING_TEXT = ("theme", "venue", "agreements")

# Participants are also counted by the group they represent: the groups of forum
# members, a field ``participants_<group>`` each (a test checks that none is missing).
PARTICIPANT_GROUPS = list(ForumMember.Group)


def group_field(group):
    """The name of the field counting the participants of ``group``."""
    return f"participants_{group}"


def _group_count(label):
    return models.PositiveIntegerField(label, null=True, blank=True)


class MeetingQuerySet(ReviewableQuerySet):
    def public(self):
        """Published meetings whose forum, if any, is published too."""
        return self.published().filter(Q(forum__isnull=True) | Q(forum__state=State.PUBLISHED))

    def matching(self, text, places=NO_PLACES):
        """Meetings whose theme, venue or agreements match ``text`` (as
        ``forums.text_search`` says), or held in one of ``places``: in its regency,
        or by a forum whose village is there."""
        in_places = None
        if places:
            in_places = places.within(regency="regency_id") | Q(
                forum__in=Forum.objects.in_places(places).values("pk")
            )
        return matching(self, MEETING_TEXT, "theme", text, in_places)

    def with_place(self):
        return self.select_related(
            "regency__province", "forum__village__district__regency__province", "activity"
        )

    def for_public_page(self):
        """Public meetings with their place, forum, activity (and its forum) and speakers."""
        return (
            self.public()
            .with_place()
            .select_related("activity__forum")
            .prefetch_related("speakers")
        )


class Meeting(Reviewable):
    """A thematic dialogue or another meeting held by a forum or by a regional office.

    A meeting always belongs to a regency or city (its scope); a forum's meeting
    must be in the forum's regency. Regency-level meetings, such as a
    coordination meeting at the regent's office, have no forum.
    """

    class Kind(models.TextChoices):
        THEMATIC_DIALOGUE = "dialogue", _("thematic dialogue")
        SEMINAR = "seminar", _("seminar")
        TRAINING = "training", _("training")
        COORDINATION = "coordination", _("coordination meeting")
        OTHER = "other", _("other meeting")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("regency or city"),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("forum"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("activity"),
    )
    theme = models.CharField(_("theme"), max_length=200)
    held_on = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200)
    opened_by = models.CharField(
        _("opened by"), max_length=200, blank=True, help_text=_("Name and position")
    )
    officials_present = models.TextField(
        _("officials present"), blank=True, help_text=_("One per line, e.g. Lurah, Babinsa")
    )
    # Empty when not recorded: a register that gives no count is not a meeting of nobody.
    participants_male = models.PositiveIntegerField(_("male participants"), null=True, blank=True)
    participants_female = models.PositiveIntegerField(
        _("female participants"), null=True, blank=True
    )
    # By group, empty when not counted. A participant counts in one group at most.
    # (Labels of their own: "women's groups" beside the count of women by sex.)
    participants_religious = _group_count(_("religious leaders"))
    participants_customary = _group_count(_("customary leaders"))
    participants_youth = _group_count(_("youth"))
    participants_women = _group_count(_("women's groups"))
    participants_community = _group_count(_("community figures"))
    participants_other = _group_count(_("other groups"))
    agreements = models.TextField(_("agreements reached"), blank=True)

    scope_paths = ("regency__province", "regency")
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["regency", "held_on"]),
        ]

    def __str__(self):
        return f"{self.theme} ({self.held_on})"

    @property
    def participants_total(self):
        """Men and women together; None when neither count was recorded."""
        counts = [n for n in (self.participants_male, self.participants_female) if n is not None]
        return sum(counts) if counts else None

    @property
    def participants_by_group(self):
        """(group, label, count) for every group; the count is None where not recorded."""
        rows = []
        for group in PARTICIPANT_GROUPS:
            field = self._meta.get_field(group_field(group))
            rows.append((group, field.verbose_name, field.value_from_object(self)))
        return rows

    @property
    def groups_recorded(self):
        """Whether any participant was counted by group."""
        return any(count is not None for _group, _label, count in self.participants_by_group)

    @property
    def officials_list(self):
        return [line.strip() for line in self.officials_present.splitlines() if line.strip()]

    def clean(self):
        errors = {}
        if self.activity_id and self.forum_id and self.activity.forum_id != self.forum_id:
            errors["activity"] = _("The activity belongs to another forum.")
        if (
            self.forum_id
            and self.regency_id
            and self.forum.village.district.regency_id != self.regency_id
        ):
            errors["forum"] = _("The forum is not in this regency or city.")
        if message := self._groups_beyond_total():
            errors[NON_FIELD_ERRORS] = message
        if errors:
            raise ValidationError(errors)

    def _groups_beyond_total(self):
        """A message when the counts by group add up to more than the men and women."""
        by_group = [count or 0 for _group, _label, count in self.participants_by_group]
        counted = [self.participants_male, self.participants_female]
        # Only a count of both sexes is a total to check the groups against. (A field
        # that failed its own validation may still hold the text typed.)
        if not all(isinstance(n, int) for n in counted + by_group):
            return None
        if sum(by_group) <= sum(counted):
            return None
        return _(
            "The participants by group add up to %(groups)s, more than the %(total)s men "
            "and women who took part."
        ) % {"groups": sum(by_group), "total": sum(counted)}


class MeetingSpeaker(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("meeting")
    )
    name = models.CharField(_("name"), max_length=120)
    institution = models.CharField(_("institution"), max_length=200)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return f"{self.name} ({self.institution})"
