"""Coordinates of a place of the programme (a forum's secretariat, an activity's site):
checked to lie in Indonesia, and picked on a map in the staff forms
(static/js/coordinate_picker.js reads the data attributes set here)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

# Indonesia's bounding box (degrees): coordinates outside it are a typing mistake or a
# swapped pair, not a place of the programme.
LONGITUDE_RANGE = (94, 142)
LATITUDE_RANGE = (-11, 6.5)


def coordinate_field(label, bound):
    """A latitude (``bound`` 90) or longitude (180) model field: degrees to six places
    (about 10 cm), empty when not known."""
    return models.DecimalField(
        label,
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-bound), MaxValueValidator(bound)],
    )


def coordinate_errors(latitude, longitude):
    """{field: message} of what is wrong with a pair of coordinates (empty when fine)."""
    if latitude is None and longitude is None:
        return {}
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return {missing: _("Give both the latitude and the longitude, or neither.")}
    errors = {}
    if not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors["latitude"] = _(
            "This latitude is outside Indonesia: give a value from -11 to 6.5 "
            "(south of the equator is negative)."
        )
    if not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors["longitude"] = _(
            "This longitude is outside Indonesia: give a value from 94 to 142. "
            "Check that latitude and longitude are not swapped."
        )
    return errors


class CoordinateFieldsMixin:
    """For a ModelForm with ``latitude`` and ``longitude``: the map picker's attributes,
    help text, and the check that the point lies in Indonesia."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs["step"] = "0.000001"
        self.fields["latitude"].help_text = _(
            "In degrees, e.g. -0.796. Click the map below or drag its marker to fill both."
        )
        self.fields["latitude"].widget.attrs.update(
            {
                "data-coordinate-map": static("geo/indonesia.geojson"),
                "data-label-locate": _("My location"),
                "data-label-map": _("Map: click to set the coordinates"),
                "data-label-locating": _("Finding your location…"),
                "data-label-located": _("The coordinates are set to your location."),
                "data-label-unlocated": _(
                    "Your location could not be found. Allow it in the browser, or click the map."
                ),
                "data-label-outside": _("Your location is outside Indonesia."),
            }
        )

    def clean(self):
        cleaned = super().clean()
        if "latitude" not in self.errors and "longitude" not in self.errors:
            errors = coordinate_errors(cleaned.get("latitude"), cleaned.get("longitude"))
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned
