"""The progress report form and its photos."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ProgressPhoto, ProgressReport
from forums.staff.submission import OnceFormMixin

from .fields import DateInput, activity_label, scoped_choice
from .layout import helper
from .photos import PhotoRowForm


class ProgressReportForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["activity", "reported_on", "percent", "note"]
        widgets = {
            "reported_on": DateInput,
            "percent": forms.NumberInput(attrs={"min": 0, "max": 100}),
            "note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"] = scoped_choice(
            Activity.objects.in_scope(user).select_related("forum").order_by("title", "pk"),
            user,
            label=_("Activity"),
            label_of=activity_label,
        )
        self.fields["percent"].help_text = _(
            "0 to 100. A physical work's status follows its latest published report: "
            "0 planned, 1–99 in progress, 100 done."
        )
        self.helper = helper("activity", ("reported_on", "percent"), "note")


class ProgressPhotoForm(PhotoRowForm):
    class Meta:
        model = ProgressPhoto
        fields = ["image", "caption"]


ProgressPhotoFormSet = forms.inlineformset_factory(
    ProgressReport,
    ProgressPhoto,
    form=ProgressPhotoForm,
    extra=3,
    can_delete=True,
    can_delete_extra=False,
)
