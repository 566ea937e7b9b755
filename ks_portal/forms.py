import re

from django import forms
from django.utils.translation import gettext_lazy as _

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Programme year"), coerce=int, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "There is no programme data for that year; showing all years."
        )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        min_length=2,
        max_length=100,
        strip=True,
        error_messages={
            "min_length": _("Type at least 2 letters."),
            "max_length": _("Use at most 100 characters."),
        },
    )

    def clean_q(self):
        """The query in one line with single spaces; it needs two letters or digits
        (a query of punctuation alone would find everything or nothing)."""
        text = _CONTROL_OR_SPACE.sub(" ", self.cleaned_data["q"]).strip()
        if len(_LETTER_OR_DIGIT.findall(text)) < 2:
            raise forms.ValidationError(_("Type at least 2 letters."), code="letters")
        return text
