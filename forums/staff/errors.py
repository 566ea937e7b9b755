"""The list of errors at the top of a rejected staff form: each one names its field (and
the row of a formset) and links to it, so a phone user need not scroll to find them."""

from django.utils.translation import gettext as _


def _anchor(form, bound):
    """The element a link should focus: the field itself, or for a hidden field (an
    upload's id) the first visible field of its form (the photo's file input)."""
    if not bound.is_hidden:
        return bound.auto_id
    visible = form.visible_fields()
    return visible[0].auto_id if visible else ""


def _field_errors(form, name_of):
    items = []
    for bound in form:
        for message in bound.errors:
            items.append(
                {"label": name_of(bound.label), "message": message, "anchor": _anchor(form, bound)}
            )
    return items


def error_summary(form, children):
    """[{"label", "message", "anchor"}] for the main form and each child formset
    (``children``: dicts with ``formset`` and ``legend``, as the form page has them)."""
    first = form.visible_fields()[0].auto_id if form.visible_fields() else ""
    items = [
        {"label": "", "message": message, "anchor": first} for message in form.non_field_errors()
    ]
    items += _field_errors(form, str)
    for child in children:
        formset, legend = child["formset"], child["legend"]
        items += [
            {"label": str(legend), "message": message, "anchor": f"{formset.prefix}-formset"}
            for message in formset.non_form_errors()
        ]
        for number, row in enumerate(formset.forms, start=1):
            if getattr(row, "cleaned_data", {}).get("DELETE"):
                continue  # a row ticked for deletion is not checked
            place = _("%(section)s, row %(number)d") % {"section": legend, "number": number}
            row_first = row.visible_fields()[0].auto_id if row.visible_fields() else ""
            items += [
                {"label": place, "message": message, "anchor": row_first}
                for message in row.non_field_errors()
            ]
            items += _field_errors(
                row,
                lambda label, place=place: (
                    _("%(place)s: %(field)s") % {"place": place, "field": label}
                ),
            )
    return items
