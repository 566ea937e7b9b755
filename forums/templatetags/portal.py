from django import template
from django.utils.translation import gettext as _

from forums.formatting import format_rupiah, format_volume

register = template.Library()


@register.filter
def rupiah(amount):
    """``{{ activity.budget_total|rupiah }}`` → "Rp 150.000.000"."""
    return format_rupiah(amount)


@register.filter
def volume(amount, unit=""):
    """``{{ activity.volume|volume:activity.unit }}`` → "150 m" (no trailing zeros)."""
    return format_volume(amount, unit)


@register.filter
def or_not_recorded(value):
    """A count as it was recorded, or "not recorded" (never a 0 nobody counted)."""
    return _("not recorded") if value is None or value == "" else value


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced, for pagination links."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.inclusion_tag("includes/filter_toggle.html")
def filter_toggle(form, target):
    """The button that opens a list's filters on a phone, where they start folded.

    They stay open when a filter holds an error, so that its message is seen. The button
    says how many filters are in use, so a folded form still shows that the list is narrowed.
    """
    data = form.data if form.is_bound else {}
    active = sum(1 for name in form.fields if data.get(name) not in (None, ""))
    return {"target": target, "active": active, "open": bool(form.errors)}
