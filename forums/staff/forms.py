"""The forum entry form with its members, as operators fill it in."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from forums.coordinates import CoordinateFieldsMixin
from forums.staff.submission import OnceFormMixin

from ..models import Forum, ForumMember
from .regions import REGION_FIELDS, RegionPickerMixin
from .services import unique_forum_slug

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def capitalise_choices(field):
    """Model choices are lower case, to be used inside sentences; a list shows them
    capitalised, and asks to choose where the model has no default."""
    field.choices = [
        (value, capfirst(label) if value else _("Choose")) for value, label in field.choices
    ]


class ForumForm(OnceFormMixin, RegionPickerMixin, CoordinateFieldsMixin, forms.ModelForm):
    class Meta:
        model = Forum
        # No slug: it follows the name and village (forums/staff/services.py) when the forum
        # is entered, and stays the same afterwards, so its public address never breaks.
        fields = [
            "name",
            "formation_year",
            "status",
            "founded_on",
            "village",
            "contact_name",
            "contact_phone",
            "contact_email",
            "description",
            "latitude",
            "longitude",
        ]
        widgets = {"founded_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_choices(self.fields["status"])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Forum"),
                "name",
                Row(
                    Column("formation_year", css_class="col-md-4"),
                    Column("status", css_class="col-md-4"),
                    Column("founded_on", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Village served"),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[:2]]),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[2:]]),
                Row(
                    Column("latitude", css_class="col-md-6"),
                    Column("longitude", css_class="col-md-6"),
                ),
            ),
            Fieldset(
                _("Contact"),
                Row(
                    Column("contact_name", css_class="col-md-4"),
                    Column("contact_phone", css_class="col-md-4"),
                    Column("contact_email", css_class="col-md-4"),
                ),
            ),
            "description",
            "submission_token",
            "loaded_version",
        )

    def clean(self):
        cleaned_data = super().clean()
        name, village = cleaned_data.get("name"), cleaned_data.get("village")
        if not self.instance.slug and name and village:
            self.instance.slug = unique_forum_slug(name, village.pk, exclude_pk=self.instance.pk)
        return cleaned_data


class ForumMemberForm(forms.ModelForm):
    class Meta:
        model = ForumMember
        fields = ["name", "role", "group", "sex", "term_start", "term_end", "phone"]
        widgets = {"term_start": DATE_INPUT, "term_end": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("role", "group", "sex"):
            capitalise_choices(self.fields[name])
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("name", css_class="col-md-4"),
                Column("role", css_class="col-md-2"),
                Column("group", css_class="col-md-3"),
                Column("sex", css_class="col-md-3"),
            ),
            Row(
                Column("term_start", css_class="col-md-3"),
                Column("term_end", css_class="col-md-3"),
                Column("phone", css_class="col-md-3"),
                Column("DELETE", "id", css_class="col-md-3 align-self-center"),
            ),
        )


ForumMemberFormSet = forms.inlineformset_factory(
    Forum, ForumMember, form=ForumMemberForm, extra=1, can_delete=True
)
MEMBERS_PREFIX = "members"
