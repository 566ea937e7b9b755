from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def amount(value):
    """Whole rupiah without the currency sign, for tables headed "in rupiah": 150.000.000."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.filter
def total_amount(value):
    """An amount of the totals row: as ``amount``, with a line-break opportunity after
    each thousands dot, so that "2.729.850.000" wraps in a narrow column instead of
    spilling into the next one."""
    # Digits and dots only: nothing to escape.
    return mark_safe(amount(value).replace(".", ".<wbr>"))
