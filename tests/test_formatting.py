import pytest

from forums.formatting import format_rupiah


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
