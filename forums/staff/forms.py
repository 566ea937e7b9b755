"""The forum entry form with its members, as operators fill it in."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from forums.staff.submission import OnceFormMixin

from ..models import Forum, ForumMember
from .regions import REGION_FIELDS, RegionPickerMixin
from .services import unique_forum_slug

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ForumForm(OnceFormMixin, RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = Forum
        fields = [
            "name",
            "slug",
            "formation_year",
            "status",
            "founded_on",
            "village",
            "contact_name",
            "contact_phone",
            "contact_email",
            "description",
        ]
        widgets = {"founded_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "slug": _(
                "The forum's address on the public site. Leave it empty to make it "
                "from the name and the village code."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Forum"),
                "name",
                "slug",
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
        if not cleaned_data.get("slug") and name and village:
            cleaned_data["slug"] = unique_forum_slug(name, village.pk, exclude_pk=self.instance.pk)
        return cleaned_data


class ForumMemberForm(forms.ModelForm):
    class Meta:
        model = ForumMember
        fields = ["name", "role", "group", "sex", "term_start", "term_end", "phone"]
        widgets = {"term_start": DATE_INPUT, "term_end": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
