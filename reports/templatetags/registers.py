from django import template

register = template.Library()


@register.filter
def amount(value):
    """Whole rupiah without the currency sign, for tables headed "in rupiah": 150.000.000."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")
