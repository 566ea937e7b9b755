"""Form fields shared by the staff forms: rupiah amounts, dates and scope-limited choices."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forums.models import scope_of
from forums.staff.forms import capitalise_choices  # noqa: F401 (the app's forms use it here)

# The largest amount a form accepts: far above any programme budget, far below the
# database's limit, so a stray extra digit is caught as a typo rather than stored.
MAX_RUPIAH = 10**15

_CURRENCY = re.compile(r"^rp\.?", re.IGNORECASE)
_ZERO_CENTS = re.compile(r",(-|0+)$")  # "150.000.000,-" and "150.000.000,00" mean no cents
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"\d{1,3}(\.\d{3})+")  # dots as thousands separators only


class RupiahField(forms.IntegerField):
    """Whole rupiah, typed the way people write them.

    "150.000.000", "150000000", "Rp 150.000.000" and "Rp150.000.000,-" all give
    150000000. Decimals ("150.000,50"), dots that are not thousands separators
    ("1.5") and negative amounts are refused with a message that says why.
    """

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Write the amount in whole rupiah, for example 150.000.000."),
        "decimal": _(
            "Amounts are in whole rupiah; leave out the cents (the part after the comma)."
        ),
        "negative": _("The amount cannot be negative."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_RUPIAH)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = _CURRENCY.sub("", str(value).strip()).strip()
        text = re.sub(r"\s", "", text)
        text = _ZERO_CENTS.sub("", text)
        if text.startswith("-"):
            raise ValidationError(self.error_messages["negative"], code="min_value")
        if "," in text:
            raise ValidationError(self.error_messages["decimal"], code="invalid")
        if not (_PLAIN.fullmatch(text) or _GROUPED.fullmatch(text)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text.replace(".", ""))

    def prepare_value(self, value):
        # Show a stored amount with thousands separators; leave typed text as typed.
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class NamedModelChoiceField(forms.ModelChoiceField):
    """A choice whose option text comes from a function of the row (no query per option)."""

    def __init__(self, *args, label_of=str, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.label_of(obj)


class NamedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, label_of=str, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.label_of(obj)


def scoped_choice(queryset, user, *, label, required=True, label_of=str, help_text=""):
    """A choice among ``queryset`` (already limited to the user's scope).

    Operators have a few forums and activities, so they pick from a list. An
    administrator's scope is the whole country; for them the field takes the
    record's number (shown on its staff page) and checks it against the same
    queryset, so no page ever lists tens of thousands of options.
    """
    field = NamedModelChoiceField(
        queryset,
        label=label,
        required=required,
        label_of=label_of,
        help_text=help_text,
        empty_label=_("Choose") if required else _("None"),
    )
    field.error_messages["invalid_choice"] = _(
        "That choice is not available: it is not in your regions or no longer exists."
    )
    if scope_of(user).everything:
        field.widget = forms.NumberInput(attrs={"min": 1})
        field.help_text = _(
            "Its number, shown on its page in the staff workspace and at the end of that "
            "page's address (…/42/)."
        )
    return field


def forum_label(forum):
    return forum.name


def activity_label(activity):
    """Needs ``forum`` selected with the activity."""
    return f"{activity.title} — {activity.forum.name}"
