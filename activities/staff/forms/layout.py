"""Crispy-forms helpers shared by the staff forms."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms


def helper(*rows):
    """A helper for a form rendered inside the page's own <form> tag.

    Each argument is a row: a field name, or a tuple of columns shown side by side on
    wide screens (stacked on phones), each a field name or a tuple of names stacked in
    that column. Hidden fields (the one-time token, a child row's id) are rendered even
    when the layout does not name them.
    """
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    form_helper.render_hidden_fields = True
    form_helper.layout = Layout(
        *[
            Row(*[Column(*_names(column), css_class="col-md") for column in row])
            if isinstance(row, tuple)
            else row
            for row in rows
        ]
    )
    return form_helper


def _names(column):
    return column if isinstance(column, tuple) else (column,)


class ChildRowForm(forms.ModelForm):
    """A row of an inline formset, laid out by ``row_layout`` (rows as for ``helper``).

    The formset adds the "Delete" box after the form is built, and only to saved rows
    (``can_delete_extra=False``), so the layout is made when the row is rendered.
    """

    row_layout = ()

    @property
    def helper(self):
        rows = [row for row in self.row_layout if row != "DELETE" or "DELETE" in self.fields]
        return helper(*rows)
