"""Resilience profiles in the staff workspace: /staff/resilience/ (list, new, detail, edit,
delete), with the region picker, one score row per indicator, and the shared record pages'
scope, locks and one-time tokens."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import ResilienceAssessment, ResilienceIndicator, ResilienceScore
from ..models.resilience import MAX_SCORE, MIN_SCORE
from .filters import StaffStateRegencyFilter
from .forms import DATE_INPUT
from .pages import RecordPages
from .regions import REGION_FIELDS, RegionPickerMixin
from .services import save_record
from .submission import OnceFormMixin

SCORE_CHOICES = [("", _("Choose"))] + [(n, str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]


class ResilienceAssessmentForm(OnceFormMixin, RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = ResilienceAssessment
        fields = ["phase", "assessed_on", "assessor", "village", "note"]
        widgets = {"assessed_on": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Profile"),
                Row(
                    Column("phase", css_class="col-md-4"),
                    Column("assessed_on", css_class="col-md-4"),
                    Column("assessor", css_class="col-md-4"),
                ),
                "note",
            ),
            Fieldset(
                _("Village"),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[:2]]),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[2:]]),
            ),
            "submission_token",
            "loaded_version",
        )


class IndicatorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_target_display().capitalize()}: {obj.display_name}"


class ScoreForm(forms.ModelForm):
    class Meta:
        model = ResilienceScore
        fields = ["indicator", "score", "note", "evidence"]
        field_classes = {"indicator": IndicatorField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = ResilienceIndicator.objects.filter(is_active=True)
        if self.instance.indicator_id:
            indicators = ResilienceIndicator.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.indicator_id)
            )
        self.fields["indicator"].queryset = indicators.order_by("target", "position", "name")
        self.fields["indicator"].empty_label = _("Choose")
        self.fields["score"] = forms.TypedChoiceField(
            label=_("Score (1–5)"),
            choices=SCORE_CHOICES,
            coerce=int,
            error_messages={"invalid_choice": _("A score is from 1 to 5.")},
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("indicator", css_class="col-md-5"),
                Column("score", css_class="col-md-2"),
                Column("note", css_class="col-md-5"),
            ),
            Row(
                Column("evidence", css_class="col-md-9"),
                Column("DELETE", "id", css_class="col-md-3 align-self-center"),
            ),
        )


class BaseScoreFormSet(forms.BaseInlineFormSet):
    """A new profile offers one row per indicator in use; an edited one a row for each
    indicator not scored yet. At least one score is needed."""

    def __init__(self, *args, **kwargs):
        instance = kwargs.get("instance")
        scored = (
            set(instance.scores.values_list("indicator_id", flat=True))
            if instance and instance.pk
            else set()
        )
        missing = [
            indicator
            for indicator in ResilienceIndicator.objects.filter(is_active=True).order_by(
                "target", "position", "name"
            )
            if indicator.pk not in scored
        ]
        self.extra = len(missing)
        kwargs.setdefault("initial", [{"indicator": indicator.pk} for indicator in missing])
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise forms.ValidationError(_("Score at least one indicator."))


ScoreFormSet = forms.inlineformset_factory(
    ResilienceAssessment,
    ResilienceScore,
    form=ScoreForm,
    formset=BaseScoreFormSet,
    extra=0,
    can_delete=True,
    can_delete_extra=False,
)


class StaffResilienceFilter(StaffStateRegencyFilter):
    phase = django_filters.ChoiceFilter(
        label=_("Phase"),
        choices=ResilienceAssessment.Phase.choices,
        empty_label=_("Baseline and follow-up"),
        error_messages={"invalid_choice": _("Unknown phase; showing both.")},
    )

    class Meta:
        model = ResilienceAssessment
        fields = ["state", "phase", "regency"]


def save_assessment(*, user, form, scores):
    return save_record(user=user, form=form, formsets=[scores])


class ResiliencePages(RecordPages):
    model = ResilienceAssessment
    key = "resilience"
    url_path = "resilience"
    template_dir = "staff/resilience"
    form_class = ResilienceAssessmentForm
    formsets = [
        (
            "scores",
            ScoreFormSet,
            "scores",
            _("Scores"),
            _(
                "Score each indicator from 1 (weak) to 5 (strong), with a note and what the "
                "score rests on. Leave a row's score empty to leave it out."
            ),
        )
    ]
    filterset_class = StaffResilienceFilter
    service = save_assessment

    def list_queryset(self, request):
        return (
            self.scoped(request)
            .with_village()
            .annotate(mean=Avg("scores__score"), scored=Count("scores"))
            .order_by("-assessed_on", "-pk")
        )

    def detail_queryset(self, request):
        return self.scoped(request).with_village().select_related("verified_by")

    def form_queryset(self, request):
        return self.scoped(request).with_village()

    def detail_context(self, request, record):
        scores = list(record.scores.select_related("indicator"))
        mean = sum(s.score for s in scores) / len(scores) if scores else None
        return {"scores": scores, "mean": mean}

    def title(self, record):
        return str(record)


resilience = ResiliencePages()
