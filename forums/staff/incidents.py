"""Conflict incident entry in the staff workspace: /staff/incidents/ (list, new, detail,
edit, delete), with the region picker and the shared record pages' scope, locks and
one-time tokens."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import ConflictIncident, ConflictTrigger
from .filters import StaffStateRegencyFilter
from .forms import DATE_INPUT
from .pages import RecordPages
from .regions import REGION_FIELDS, RegionPickerMixin
from .services import save_record
from .submission import OnceFormMixin


class TriggerField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ConflictIncidentForm(OnceFormMixin, RegionPickerMixin, forms.ModelForm):
    class Meta:
        model = ConflictIncident
        fields = [
            "occurred_on",
            "trigger",
            "village",
            "description",
            "people_affected",
            "people_displaced",
            "source",
        ]
        field_classes = {"trigger": TriggerField}
        widgets = {"occurred_on": DATE_INPUT, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Triggers no longer in use stay valid for incidents that already have them.
        triggers = ConflictTrigger.objects.filter(is_active=True)
        if self.instance.trigger_id:
            triggers = ConflictTrigger.objects.filter(
                Q(is_active=True) | Q(pk=self.instance.trigger_id)
            )
        self.fields["trigger"].queryset = triggers.order_by("position", "name")
        self.fields["trigger"].empty_label = _("Choose")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Incident"),
                Row(
                    Column("occurred_on", css_class="col-md-4"),
                    Column("trigger", css_class="col-md-8"),
                ),
                "description",
                Row(
                    Column("people_affected", css_class="col-md-4"),
                    Column("people_displaced", css_class="col-md-4"),
                    Column("source", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                _("Village"),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[:2]]),
                Row(*[Column(name, css_class="col-md-6") for name in REGION_FIELDS[2:]]),
            ),
            "submission_token",
            "loaded_version",
        )


class StaffIncidentFilter(StaffStateRegencyFilter):
    trigger = django_filters.ModelChoiceFilter(
        label=_("Trigger"),
        queryset=ConflictTrigger.objects.order_by("position", "name"),
        empty_label=_("All triggers"),
        error_messages={"invalid_choice": _("Unknown trigger; showing every trigger.")},
    )

    class Meta:
        model = ConflictIncident
        fields = ["state", "trigger", "regency"]


def save_incident(*, user, form):
    return save_record(user=user, form=form)


class IncidentPages(RecordPages):
    model = ConflictIncident
    key = "incident"
    url_path = "incidents"
    template_dir = "staff/incidents"
    form_class = ConflictIncidentForm
    filterset_class = StaffIncidentFilter
    service = save_incident

    def list_queryset(self, request):
        return self.scoped(request).with_village().order_by("-occurred_on", "-pk")

    def detail_queryset(self, request):
        return self.scoped(request).with_village().select_related("verified_by")

    def form_queryset(self, request):
        return self.scoped(request).with_village()


incidents = IncidentPages()
