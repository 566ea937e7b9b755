from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def amount(value):
    """Whole rupiah without the currency sign, for tables headed "in rupiah": 150.000.000."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


# Nine digits ("150.000.000") fit an amount's column of the printed register on one line.
ONE_LINE = 10**9


@register.filter
def wrapping_amount(value):
    """As ``amount``, but from a billion on with a line-break opportunity after each
    thousands dot, so that "2.729.850.000" wraps in its narrow column of the printed
    register instead of spilling into the next one."""
    text = amount(value)
    if value is None or abs(int(value)) < ONE_LINE:
        return text
    # Digits, dots and a minus sign only: nothing to escape.
    return mark_safe(text.replace(".", ".<wbr>"))
