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
def css_string(value):
    """Text for a double-quoted CSS string in a <style> block (the PDF's page margins): a
    backslash, quote, line break or "<" (which could end the block) as a CSS escape."""
    escapes = {"\\": "\\\\", '"': "\\22 ", "\n": "\\A ", "\r": "", "<": "\\3C "}
    return mark_safe("".join(escapes.get(character, character) for character in str(value)))  # noqa: S308
