"""Region choices in staff forms, limited to the user's scope and loaded on demand.

``RegionPickerMixin`` turns a ModelForm's ``village`` foreign key into four
dependent selects: province → regency → district → village. Only the provinces
of the user's scope are listed at first; each lower list is fetched with htmx
(the region lookups of ``forums.api``, ``/api/regions/…?format=options&scope=mine``)
when its parent is chosen,
so no page ever holds all villages. On an edit form, or a form sent back with
errors, the chain is filled from the chosen village. Whatever the browser sends,
the village must be in ``Village.objects.in_scope(user)``; otherwise the form
says so next to the field and saves nothing.

Usage (the form must not have a prefix: the selects are found by their ids)::

    class ForumForm(RegionPickerMixin, forms.ModelForm):
        class Meta:
            model = Forum
            fields = [..., "village"]

    form = ForumForm(request.POST or None, instance=forum, user=request.user)

In a crispy layout, place ``REGION_FIELDS`` ("province", "regency", "district",
"village") where the picker belongs; the template must load htmx (the staff base
does). For a regency alone (a meeting), use ``scoped_regency_field(user)``.
"""

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import District, Province, Regency, Village, region_code

REGION_FIELDS = ("province", "regency", "district", "village")
# The next select each one fills, and the endpoint that fills it.
# The region lookups of forums.api (mounted at /api/regions/…) answer the pickers: as
# <option> elements, in the user's scope, all of a parent's children on one page.
PICKER_QUERY = "scope=mine&format=options&page_size=200"
CHAIN = {
    "province": ("regency", format_lazy("{}?{}", reverse_lazy("api-regency-list"), PICKER_QUERY)),
    "regency": ("district", format_lazy("{}?{}", reverse_lazy("api-district-list"), PICKER_QUERY)),
    "district": ("village", format_lazy("{}?{}", reverse_lazy("api-village-list"), PICKER_QUERY)),
}


class RegionNameField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class VillageField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.kind_label} {obj.name}"


def region_select(name):
    attrs = {"class": "form-select"}
    if name in CHAIN:
        next_name, url = CHAIN[name]
        attrs.update(
            {
                # htmx reads data-hx-*, which (unlike hx-*) is valid HTML.
                "data-hx-get": url,
                "data-hx-trigger": "change",
                "data-hx-target": f"#id_{next_name}",
                "data-hx-swap": "innerHTML",
            }
        )
    return forms.Select(attrs=attrs)


def scoped_regency_field(user, **kwargs):
    """A choice of the regencies and cities in ``user``'s scope (at most 514, by province).

    Refuses any other regency with a message next to the field.
    """
    kwargs.setdefault("label", _("Regency or city"))
    kwargs.setdefault(
        "error_messages",
        {"invalid_choice": _("Choose a regency or city within your own region from the list.")},
    )
    field = forms.ModelChoiceField(
        queryset=Regency.objects.in_scope(user)
        .select_related("province")
        .order_by("province__name", "name"),
        **kwargs,
    )
    field.label_from_instance = lambda regency: f"{regency.name} ({regency.province.name})"
    return field


def _children(queryset, parent_field, parent_code):
    return queryset.filter(**{parent_field: parent_code}) if parent_code else queryset.none()


class RegionPickerMixin(forms.Form):
    """Province → regency → district → village selects for a ModelForm's ``village`` field.

    Needs ``user=`` as a keyword argument. The province, regency and district are
    only steps towards the village and are not saved.
    """

    province = RegionNameField(
        label=_("Province"), queryset=Province.objects.none(), required=False
    )
    regency = RegionNameField(
        label=_("Regency or city"), queryset=Regency.objects.none(), required=False
    )
    district = RegionNameField(
        label=_("District"), queryset=District.objects.none(), required=False
    )

    village_required_message = _("Choose the village.")
    village_out_of_scope_message = _("Choose a village within your own region from the list.")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        village = self.fields["village"]
        self.fields["village"] = VillageField(
            queryset=Village.objects.in_scope(user).with_path(),
            label=village.label,
            help_text=village.help_text,
            required=village.required,
            error_messages={
                "required": self.village_required_message,
                "invalid_choice": self.village_out_of_scope_message,
            },
        )
        self._set_region_choices(user)

    def _chosen_codes(self):
        """The province, regency and district the selects should show, from the village
        when one is chosen (its code holds its parents' codes), else from the steps sent."""
        if self.is_bound:
            village = self.data.get(self.add_prefix("village")) or ""
            steps = [self.data.get(self.add_prefix(name)) or "" for name in REGION_FIELDS[:3]]
        else:
            village = self.initial.get("village") or getattr(self.instance, "village_id", "") or ""
            village = getattr(village, "pk", village)
            steps = [self.initial.get(name) or "" for name in REGION_FIELDS[:3]]
        village, steps = region_code(str(village)), [region_code(step) for step in steps]
        parts = village.split(".")
        if len(parts) == 4:
            steps = [".".join(parts[:n]) for n in (1, 2, 3)]
        return steps

    def _set_region_choices(self, user):
        province, regency, district = self._chosen_codes()
        fields = self.fields
        fields["province"].queryset = Province.objects.in_scope(user).order_by("name")
        fields["regency"].queryset = Regency.objects.in_scope(user)
        fields["district"].queryset = District.objects.in_scope(user)
        if not self.is_bound and not province:
            # Most operators work in one regency: start the chain there.
            provinces = list(fields["province"].queryset[:2])
            if len(provinces) == 1:
                province = provinces[0].pk
                regencies = list(fields["regency"].queryset.filter(province_id=province)[:2])
                if len(regencies) == 1:
                    regency = regencies[0].pk
        # Validation uses the whole scope; the lists shown hold one parent's children only.
        shown = {
            "regency": _children(fields["regency"].queryset, "province_id", province),
            "district": _children(fields["district"].queryset, "regency_id", regency),
            "village": _children(fields["village"].queryset, "district_id", district),
        }
        placeholders = {
            "province": _("Choose a province"),
            "regency": _("Choose a province first") if not province else _("Choose"),
            "district": _("Choose a regency or city first") if not regency else _("Choose"),
            "village": _("Choose a district first") if not district else _("Choose"),
        }
        for name in REGION_FIELDS:
            field = fields[name]
            field.widget = region_select(name)
            options = field.queryset if name == "province" else shown[name]
            field.widget.choices = [
                ("", placeholders[name]),
                *[(obj.pk, field.label_from_instance(obj)) for obj in options.order_by("name")],
            ]
        chosen = {"province": province, "regency": regency, "district": district}
        if self.is_bound:
            self.data = self.data.copy()
            for name, code in chosen.items():
                self.data[self.add_prefix(name)] = code
        else:
            for name, code in chosen.items():
                self.initial[name] = code
