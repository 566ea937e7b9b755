"""Display helpers shared by the apps (activities and reports import these, never the reverse)."""

from decimal import Decimal

from django.utils import formats


def format_rupiah(amount):
    """Whole rupiah written the Indonesian way: 150000000 -> "Rp 150.000.000".

    The dot separator is fixed rather than taken from the active locale: a rupiah
    amount reads the same on the English pages as on the Indonesian ones.
    """
    if amount is None:
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def format_number(value):
    """A decimal as people write it, without trailing zeros, in the active language's
    style: Decimal("150.00") -> "150", Decimal("12.50") -> "12,5" on the Indonesian pages."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    # normalize() alone would write 100 as 1E+2.
    return formats.number_format(number.normalize() if number % 1 else int(number))


def format_volume(volume, unit=""):
    """A work's volume with its unit: (Decimal("150.00"), "m") -> "150 m"; "" for none."""
    if volume is None or volume == "":
        return ""
    return f"{format_number(volume)} {unit}".strip()
