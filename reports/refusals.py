"""What the funding page and its downloads do with a query string they cannot use.

A filter value that cannot be used (``?year=abc``, an unknown province) is never left
out as if no filter had been given: that showed the whole programme ("all 75 lines").
The page answers 400 with its filter form, each error next to its field and one message
naming the filters; the downloads (CSV, XLSX, the register and its PDF) answer 400 with
a short page saying the same, and draw nothing.

Parameters the slice does not know are another matter:

- on the pages (the funding page, the register page) they are ignored. Links to them are
  shared, and what is shared comes back with tracking parameters added (``utm_source``,
  ``fbclid``…); the filter form shows what is really chosen, so nobody is misled.
- a download has no form to show what was chosen, so a misspelt filter
  (``?provinsi=13``) would silently give every line: it is refused with the list of
  parameters the downloads take. Tracking parameters alone are let through, since a
  shared download link carries them as often as a shared page does. The page's own
  download links carry the slice's parameters only (``drawing.export_query``).
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .exports import SEMICOLON_PARAMETER

TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = {"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "_ga"}


def is_tracking(name):
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)


def unknown_parameters(data, funding):
    """Names in ``data`` that a download of ``funding`` does not take (tracking aside)."""
    known = set(funding.filterset.filters) | {SEMICOLON_PARAMETER[0]}
    return sorted(name for name in data if name not in known and not is_tracking(name))


def invalid_filters_message(funding):
    """One sentence naming the filters whose values cannot be used, or ""."""
    labels = funding.filterset.invalid_filters()
    if not labels:
        return ""
    names = ", ".join(f"“{label}”" for label in labels)
    return ngettext(
        "No figures are shown: the filter %(names)s has a value that cannot be used. "
        "Correct it, or clear the filters.",
        "No figures are shown: the filters %(names)s have values that cannot be used. "
        "Correct them, or clear the filters.",
        len(labels),
    ) % {"names": names}


def refused_download(request, funding, *, strict=True):
    """The 400 page for a download (or the register) of a slice it cannot draw, or None.

    ``strict``: also refuse parameters the downloads do not take (not on the register
    page, which is a page like the funding page).
    """
    errors = funding.filterset.errors if not funding.filterset.is_valid() else {}
    fields = funding.filterset.form.fields
    problems = [
        f"{fields[name].label}: {' '.join(messages)}"
        for name, messages in errors.items()
        if name in fields
    ]
    unknown = unknown_parameters(request.GET, funding) if strict else []
    if unknown:
        valid = ", ".join(sorted(set(funding.filterset.filters) | {SEMICOLON_PARAMETER[0]}))
        problems.append(
            ngettext(
                "Unknown parameter: %(names)s.", "Unknown parameters: %(names)s.", len(unknown)
            )
            % {"names": ", ".join(unknown)}
            + " "
            + _("A download takes: %(names)s.") % {"names": valid}
        )
    if not problems:
        return None
    context = {
        "problems": problems,
        "page_query": "?" + request.GET.urlencode() if request.GET else "",
        "crumbs": [
            (reverse("funding_summary"), _("Funding")),
            (None, _("Download not made")),
        ],
    }
    return render(request, "reports/download_refused.html", context, status=400)
