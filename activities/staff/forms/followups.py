"""The follow-up check form and its photos."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.followups import completed_works
from activities.models import Activity, FollowUpCheck, FollowUpPhoto
from forums.staff.submission import OnceFormMixin

from .fields import DateInput, activity_label, scoped_choice
from .layout import helper
from .photos import PhotoRowForm


class FollowUpCheckForm(OnceFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpCheck
        fields = [
            "activity",
            "months_after",
            "checked_on",
            "in_use",
            "used_by",
            "use_frequency",
            "condition",
            "note",
        ]
        widgets = {"checked_on": DateInput, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        works = completed_works(Activity.objects.in_scope(user))
        if self.instance.activity_id:  # a work edited since keeps its checks editable
            works = Activity.objects.in_scope(user).filter(pk=self.instance.activity_id) | works
        self.fields["activity"] = scoped_choice(
            works.select_related("forum").order_by("title", "pk"),
            user,
            label=_("Completed physical work"),
            label_of=activity_label,
        )
        self.fields["months_after"].choices = FollowUpCheck.Months.choices
        self.helper = helper(
            "activity",
            ("months_after", "checked_on"),
            ("in_use", "use_frequency", "condition"),
            "used_by",
            "note",
        )

    def clean(self):
        cleaned = super().clean()
        activity, months = cleaned.get("activity"), cleaned.get("months_after")
        if activity and months:
            others = FollowUpCheck.objects.filter(activity=activity, months_after=months)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "months_after",
                    _("This work already has its %(months)s-month check.") % {"months": months},
                )
        return cleaned


class FollowUpPhotoForm(PhotoRowForm):
    class Meta:
        model = FollowUpPhoto
        fields = ["image", "caption"]


FollowUpPhotoFormSet = forms.inlineformset_factory(
    FollowUpCheck,
    FollowUpPhoto,
    form=FollowUpPhotoForm,
    fk_name="followup",
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)
