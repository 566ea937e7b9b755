"""The activity form and its funding lines."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityType, FundingLine, FundingSource
from forums.coordinates import CoordinateFieldsMixin
from forums.models import Forum, Post, scope_of
from forums.staff.submission import OnceFormMixin

from .fields import (
    DateInput,
    NamedModelMultipleChoiceField,
    RupiahField,
    capitalise_choices,
    forum_label,
    scoped_choice,
)
from .layout import ChildRowForm, helper


class ActivityTypeSelect(forms.Select):
    """Marks each type as physical or not, so the page can hide the status of a work."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-physical"] = "true" if instance.is_physical else "false"
        return option


def linkable(queryset, user, regency_code, linked):
    """Records an activity or a post may be linked to: in the user's scope, and for an
    administrator (whose scope is the whole country) only those of the record's regency;
    plus those already linked, so that saving never drops a link the user cannot see."""
    if scope_of(user).everything:
        regency_path = queryset.model.scope_paths[1]
        if regency_code:
            queryset = queryset.filter(**{regency_path: regency_code})
        else:
            queryset = queryset.none()
    if linked is not None:
        queryset = queryset | queryset.model.objects.filter(pk__in=linked.values("pk"))
    return queryset.distinct()


class ActivityForm(OnceFormMixin, CoordinateFieldsMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "forum",
            "activity_type",
            "title",
            "description",
            "status",
            "location",
            "latitude",
            "longitude",
            "volume",
            "achieved_volume",
            "unit",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "executor",
            "beneficiaries_male",
            "beneficiaries_female",
            "remarks",
            "posts",
        ]
        widgets = {
            "activity_type": ActivityTypeSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "remarks": forms.Textarea(attrs={"rows": 2}),
            "planned_start": DateInput,
            "planned_end": DateInput,
            "actual_start": DateInput,
            "actual_end": DateInput,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        activity = self.instance
        self.fields["forum"] = scoped_choice(
            Forum.objects.in_scope(user).order_by("name", "pk"),
            user,
            label=_("Forum"),
            label_of=forum_label,
        )
        self.fields["activity_type"].queryset = ActivityType.objects.filter(
            Q(is_active=True) | Q(pk=activity.activity_type_id)
        )
        self.fields["activity_type"].empty_label = _("Choose the type")
        capitalise_choices(self.fields["status"])
        forum = activity.forum if activity.forum_id else self.initial.get("forum")
        regency = forum.village_id[:5] if isinstance(forum, Forum) else None
        posts = linkable(
            # The title is all an option shows; DISTINCT over whole posts compared bodies.
            Post.objects.in_scope(user).only("pk", "title").order_by("-created_at", "-pk"),
            user,
            regency,
            activity.posts.all() if activity.pk else None,
        )
        self.fields["posts"] = NamedModelMultipleChoiceField(
            posts,
            required=False,
            label=_("News posts about it"),
            help_text=_("Optional. Hold Ctrl (or Cmd) to choose more than one."),
            widget=forms.SelectMultiple(attrs={"size": 6}),
        )
        if activity.pk and activity.is_physical:
            self.fields["status"].disabled = True
            self.fields["status"].help_text = _(
                "The status of a physical work follows its latest published progress report."
            )
        else:
            self.fields["status"].help_text = _(
                "For a physical work the status follows its published progress reports."
            )
        self.fields["volume"].label = _("Planned volume")
        self.fields["volume"].help_text = _("For a work, e.g. 200 (m of road).")
        self.fields["achieved_volume"].help_text = _("What was built, in the same unit.")
        self.fields["unit"].help_text = _("Of both volumes: m, unit, titik…")
        for name in ("volume", "achieved_volume"):
            self.fields[name].widget.attrs["min"] = 0
        for name in ("beneficiaries_male", "beneficiaries_female"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].help_text = _("Leave empty if it was not counted.")
        self.fields["location"].help_text = _("Street, hamlet (dusun) or building.")
        self.helper = helper(
            "forum",
            ("activity_type", "status"),
            "title",
            "description",
            "location",
            ("latitude", "longitude"),
            ("volume", "achieved_volume", "unit"),
            ("planned_start", "planned_end"),
            ("actual_start", "actual_end"),
            "executor",
            ("beneficiaries_male", "beneficiaries_female"),
            "remarks",
            "posts",
        )

    def clean(self):
        cleaned = super().clean()
        activity_type = cleaned.get("activity_type")
        if activity_type and activity_type.is_physical:
            # A work's status comes from its progress reports (see the save service).
            cleaned["status"] = self.instance.status or Activity.Status.PLANNED
        return cleaned


class FundingSourceSelect(forms.Select):
    """Marks the DPR RI aspiration fund, so the page shows the member fields only there
    (static/js/activity_form.js); ``aspiration`` holds the pks of such sources."""

    aspiration = frozenset()

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.aspiration:
            option["attrs"]["data-aspiration"] = "true"
        return option


class FundingLineForm(ChildRowForm):
    budget = RupiahField(label=_("Budget (Rp)"))
    spending = RupiahField(label=_("Spending (Rp)"), required=False)
    row_layout = (
        ("source", "budget_year", "purpose"),
        ("budget", "spending"),
        ("member_name", "electoral_district"),
        "DELETE",
    )

    class Meta:
        model = FundingLine
        fields = [
            "source",
            "budget_year",
            "purpose",
            "budget",
            "spending",
            "member_name",
            "electoral_district",
        ]

    def __init__(self, *args, sources=None, **kwargs):
        """``sources``: every funding source, read once by the formset for all its rows."""
        super().__init__(*args, **kwargs)
        if sources is None:
            sources = list(FundingSource.objects.all())
        offered = [s for s in sources if s.is_active or s.pk == self.instance.source_id]
        field = self.fields["source"]
        field.queryset = FundingSource.objects.filter(pk__in=[source.pk for source in offered])
        field.empty_label = _("Choose the source")
        field.widget = FundingSourceSelect(attrs={"data-funding-source": ""})
        field.widget.is_required = field.required
        field.widget.aspiration = frozenset(str(s.pk) for s in offered if s.is_aspiration_fund)
        field.choices = [("", field.empty_label), *((s.pk, str(s)) for s in offered)]
        if not self.instance.pk:
            self.initial.setdefault("budget_year", timezone.localdate().year)
        for name in ("member_name", "electoral_district"):
            self.fields[name].help_text = _("Only for a DPR RI aspiration fund.")
            self.fields[name].widget.attrs["data-aspiration-only"] = ""

    def clean_spending(self):
        return self.cleaned_data.get("spending") or 0


class BaseFundingLineFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        # One query for the sources of every row (and of the empty row), not one per row.
        if not hasattr(self, "_sources"):
            self._sources = list(FundingSource.objects.all())
        return {**super().get_form_kwargs(index), "sources": self._sources}


FundingLineFormSet = forms.inlineformset_factory(
    Activity,
    FundingLine,
    form=FundingLineForm,
    formset=BaseFundingLineFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)
