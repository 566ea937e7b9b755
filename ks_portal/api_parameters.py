"""The open-data API says no: one rule for the query parameters of every endpoint.

An API answer is read by a program, which cannot see a filter form: a misspelt or
invalid parameter that was left out would silently answer "everything". So every
endpoint of /api/ (programme data, the funding summary, the region lookups) refuses,
with a 400 and one JSON body, a parameter it does not know and a value it cannot use:

    {"detail": "Parameter tidak valid: colour.",
     "errors": {"colour": ["Parameter tidak dikenal."]},
     "valid_parameters": ["district", "format", "kind", ...]}

in the request's language (Indonesian unless the language switch chose English).
The valid parameters of a list are its filters (its FilterSet), ``page`` and
``page_size`` of its paginator and ``format``; a single item (``/api/forums/<slug>/``)
takes ``format`` only. Filter values are checked by the FilterSet's form; the page
numbers here. Both sit in ``StrictFilterBackend``, the default filter backend
(settings.REST_FRAMEWORK), so no view repeats them; ``StrictContentNegotiation``
answers an unknown ``format`` the same way. drf-spectacular documents the body
(ks_portal/api_schema.py).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_filters import ModelChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


class ParameterError(exceptions.APIException):
    """A 400 naming each invalid query parameter and listing the valid ones; a 404 in the
    same shape (``not_found``) when each value is well formed but names nothing."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameters"

    def __init__(self, errors, valid_parameters, *, not_found=False):
        names = ", ".join(sorted(errors))
        if not_found:
            self.status_code = status.HTTP_404_NOT_FOUND
            summary = _("Not found: %(names)s.") % {"names": names}
        else:
            summary = ngettext(
                "Invalid query parameter: %(names)s.",
                "Invalid query parameters: %(names)s.",
                len(errors),
            ) % {"names": names}
        super().__init__(
            {
                "detail": summary,
                "errors": {name: [str(text) for text in texts] for name, texts in errors.items()},
                "valid_parameters": sorted(valid_parameters),
            }
        )


def is_detail(view):
    """Whether ``view`` answers one item (its lookup is in the URL) rather than a list."""
    lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
    return bool(lookup) and lookup in getattr(view, "kwargs", {})


def empty_values(request, errors=()):
    """An empty value (``?village=``) is refused like any value a filter cannot use: left
    out, it would answer as if the parameter had not been given."""
    return {
        name: [_("Give a value, or leave the parameter out.")]
        for name, values in request.query_params.lists()
        if name not in errors and "" in values
    }


def names_nothing(filterset, errors):
    """Whether every error is a well-formed code or id that names nothing (a region,
    forum, funding source or activity type): a 404, where a malformed value is a 400."""
    if filterset is None or not errors or not set(errors) <= set(filterset.filters):
        return False
    found = filterset.form.errors.as_data()
    return all(
        isinstance(filterset.filters[name], ModelChoiceFilter)
        and name in found
        and all(error.code == "invalid_choice" for error in found[name])
        and errors[name] == filterset.errors[name]
        for name in errors
    )


def _whole_number(value):
    return int(value) if value.isascii() and value.isdigit() else None


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter's backend that refuses, instead of leaving out, what it cannot use."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        valid = self.valid_parameters(view, filterset)
        errors = {
            name: [_("Unknown parameter.")] for name in request.query_params if name not in valid
        }
        errors.update(empty_values(request, errors))
        if filterset is not None and not is_detail(view) and not filterset.is_valid():
            for name, messages in filterset.errors.items():
                errors.setdefault(name, messages)
        if not is_detail(view):
            errors.update(self.page_errors(request, view))
        if errors:
            raise ParameterError(errors, valid, not_found=names_nothing(filterset, errors))
        return filterset.qs if filterset is not None else queryset

    def valid_parameters(self, view, filterset=None):
        """The names ``view`` takes: ``format``, and for a list its filters and page numbers."""
        names = {api_settings.URL_FORMAT_OVERRIDE}
        if is_detail(view):
            return names
        if filterset is None and getattr(view, "filterset_class", None):
            filterset = self.get_filterset(view.request, view.get_queryset(), view)
        if filterset is not None:
            names.update(filterset.filters)
        paginator = getattr(view, "paginator", None)
        for name in ("page_query_param", "page_size_query_param"):
            if getattr(paginator, name, None):
                names.add(getattr(paginator, name))
        return names

    def page_errors(self, request, view):
        """A page number of 1 or more; a page size from 1 to the paginator's maximum."""
        paginator = getattr(view, "paginator", None)
        params = request.query_params
        errors = {}
        page_param = getattr(paginator, "page_query_param", None)
        if page_param in params and (_whole_number(params[page_param]) or 0) < 1:
            errors[page_param] = [_("Give a page number of 1 or more.")]
        size_param = getattr(paginator, "page_size_query_param", None)
        if size_param in params:
            size, largest = _whole_number(params[size_param]), paginator.max_page_size
            if size is None or size < 1 or (largest and size > largest):
                errors[size_param] = [
                    _("Give a page size from 1 to %(largest)s.") % {"largest": largest}
                ]
        return errors


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 like any invalid parameter (DRF answers 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            if format_suffix:  # /api/forums.xml: an address that does not exist
                raise
            view = request.parser_context.get("view")
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            message = _("Unknown format; give one of: %(formats)s.") % {"formats": formats}
            valid = StrictFilterBackend().valid_parameters(view) if view else []
            raise ParameterError({self.settings.URL_FORMAT_OVERRIDE: [message]}, valid) from None


def api_exception_handler(exc, context):
    """DRF's handler, with one "not found" message in the request's language: Django's
    own names the model in English ("No Forum matches the given query.")."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
