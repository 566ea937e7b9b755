from decimal import Decimal

import pytest
from django.utils import translation

from forums.formatting import format_rupiah, format_volume


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (150_000_000, "Rp 150.000.000"),
        (35_000_000, "Rp 35.000.000"),
        (37_500_000_000, "Rp 37.500.000.000"),
        (1_000, "Rp 1.000"),
        (999, "Rp 999"),
        (0, "Rp 0"),
        (-5_000, "-Rp 5.000"),
    ],
)
def test_rupiah_uses_dot_thousands_and_no_decimals(amount, expected):
    assert format_rupiah(amount) == expected


def test_rupiah_of_nothing_is_blank():
    assert format_rupiah(None) == ""


@pytest.mark.parametrize(
    ("volume", "unit", "language", "expected"),
    [
        (Decimal("150.00"), "m", "en", "150 m"),
        (Decimal("100"), "unit", "en", "100 unit"),  # not 1E+2
        (Decimal("12.50"), "m", "en", "12.5 m"),
        (Decimal("12.50"), "m", "id", "12,5 m"),
        (Decimal("0"), "titik", "id", "0 titik"),
        (Decimal("3"), "", "id", "3"),
        (None, "m", "id", ""),
    ],
)
def test_volume_has_no_trailing_zeros_and_its_unit(volume, unit, language, expected):
    with translation.override(language):
        assert format_volume(volume, unit) == expected
