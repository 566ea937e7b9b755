"""The meeting form and its speakers."""

from crispy_forms.layout import HTML
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from activities.models import PARTICIPANT_GROUPS, Activity, Meeting, MeetingSpeaker, group_field
from forums.models import Forum
from forums.staff.regions import scoped_regency_field
from forums.staff.submission import OnceFormMixin

from .fields import DateInput, activity_label, capitalise_choices, forum_label, scoped_choice
from .layout import ChildRowForm, helper

GROUP_FIELDS = [group_field(group) for group in PARTICIPANT_GROUPS]


class MeetingForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "kind",
            "regency",
            "forum",
            "activity",
            "theme",
            "held_on",
            "venue",
            "opened_by",
            "officials_present",
            "participants_male",
            "participants_female",
            *GROUP_FIELDS,
            "agreements",
        ]
        widgets = {
            "held_on": DateInput,
            "officials_present": forms.Textarea(attrs={"rows": 4}),
            "agreements": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"] = scoped_regency_field(user, empty_label=_("Choose"))
        capitalise_choices(self.fields["kind"])
        self.fields["forum"] = scoped_choice(
            Forum.objects.in_scope(user).order_by("name", "pk"),
            user,
            label=_("Forum"),
            required=False,
            label_of=forum_label,
        )
        self.fields["forum"].help_text = _(
            "Leave empty for a meeting of the regency or city office."
        )
        self.fields["activity"] = scoped_choice(
            Activity.objects.in_scope(user).select_related("forum").order_by("title", "pk"),
            user,
            label=_("Activity"),
            required=False,
            label_of=activity_label,
        )
        self.fields["activity"].help_text = _(
            "The activity that paid for it, for example a thematic dialogue."
        )
        for name in ("participants_male", "participants_female", *GROUP_FIELDS):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].help_text = _("Leave empty if it was not counted.")
        groups_heading = _("Participants by the group they represent (each in one at most)")
        self.helper = helper(
            ("kind", "held_on"),
            "theme",
            ("regency", "forum"),
            "activity",
            "venue",
            "opened_by",
            "officials_present",
            ("participants_male", "participants_female"),
            HTML(format_html('<p class="mb-2 fw-semibold">{}</p>', groups_heading)),
            tuple(GROUP_FIELDS[:3]),
            tuple(GROUP_FIELDS[3:]),
            "agreements",
        )

    def clean(self):
        cleaned = super().clean()
        activity = cleaned.get("activity")
        if activity and not cleaned.get("forum") and "forum" not in self.errors:
            # An activity's meeting is its forum's meeting; the model checks the regency.
            cleaned["forum"] = activity.forum
        return cleaned


class SpeakerForm(ChildRowForm):
    row_layout = (("name", "institution"), ("topic", "position"), "DELETE")

    class Meta:
        model = MeetingSpeaker
        fields = ["name", "institution", "topic", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].help_text = _("Order of speaking: 1, 2, 3…")


SpeakerFormSet = forms.inlineformset_factory(
    Meeting, MeetingSpeaker, form=SpeakerForm, extra=3, can_delete=True, can_delete_extra=False
)
