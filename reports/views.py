"""Funding summary page, CSV and XLSX downloads and the printable activity register.

All of them read one query string through ``selectors.funding_slice``: the public
sees published data, a staff member their scope with every workflow state. The
figures come from the selectors, so the page, the files and the API agree.
"""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from activities.models import ActivityKind

from . import selectors
from .exports import csv_chunks, write_xlsx
from .limits import throttled, too_big

ROWS_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Parameters that choose a place in the drill-down, deepest last.
DRILL = ["province", "regency", "forum"]


def funding_summary(request):
    funding = selectors.funding_slice(request.GET, request.user)
    funding.offer_years()
    summary = funding.summary()
    level = funding.level
    rows = funding.grouped_rows(level)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    page_rows = selectors.figure_rows(page.object_list)
    context = {
        "filter": funding.filterset,
        "funding": funding,
        "summary": summary,
        "totals": summary["totals"],
        "level": level,
        "page_obj": page,
        "rows": page_rows,
        "drill_path": _drill_path(request, funding),
        "title": _slice_title(funding),
        "slice_label": " · ".join(_slice_parts(funding)),
        "chart_data": _chart_data(summary, page_rows),
        "export_query": _export_query(request),
        "xlsx_limit": settings.EXPORT_XLSX_MAX_ROWS,
        "xlsx_too_big": summary["totals"]["lines"] > settings.EXPORT_XLSX_MAX_ROWS,
        "crumbs": [(None, _("Funding"))],
    }
    return render(request, "reports/funding_summary.html", context)


@throttled("EXPORT_RATE")
def funding_csv(request):
    funding = selectors.funding_slice(request.GET, request.user)
    totals = selectors.funding_totals(funding.sums)  # the funding figures where they answer
    response = StreamingHttpResponse(
        csv_chunks(funding.lines, totals), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(funding, "csv")}"'
    return response


@throttled("EXPORT_RATE")
def funding_xlsx(request):
    funding = selectors.funding_slice(request.GET, request.user)
    refusal = xlsx_refusal(funding.lines)
    if refusal:
        advice = _(
            "Narrow the filters (a year, a province or a regency), or download the CSV, "
            "which holds every line."
        )
        return too_big(request, f"{refusal} {advice}", _export_query(request))
    title = _slice_title(funding)
    if funding.staff:
        title = f"{title} ({_('includes unpublished data; see the State column')})"
    return xlsx_response(funding.lines, title, _filename(funding, "xlsx"), sums=funding.sums)


def xlsx_refusal(lines):
    """Why the XLSX of ``lines`` is refused (more lines than EXPORT_XLSX_MAX_ROWS), or None."""
    count, limit = lines.count(), settings.EXPORT_XLSX_MAX_ROWS
    if count <= limit:
        return None
    return _("That is %(count)s funding lines; an XLSX file holds at most %(limit)s.") % {
        "count": intcomma(count),
        "limit": intcomma(limit),
    }


def xlsx_response(lines, title, filename, sums=None):
    """The XLSX download of ``lines`` (also used by the admin action); ``sums``: where its
    summary sheet is summed from (a slice's ``sums``: the funding figures where they answer)."""
    summary = selectors.funding_summary(sums or lines)
    output = write_xlsx(lines, summary["totals"], summary, title)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def activity_register(request):
    context = _register_context(request)
    context["pdf_limit"] = settings.REGISTER_PDF_MAX_ROWS
    context["pdf_too_big"] = context["register"].totals["activities"] > context["pdf_limit"]
    return render(request, "reports/activity_register.html", context)


@throttled("REGISTER_PDF_RATE")
def activity_register_pdf(request):
    """The register as an A4 landscape PDF, drawn by WeasyPrint from the same template.

    A slice beyond REGISTER_PDF_MAX_ROWS activities is refused before any drawing.
    """
    context = _register_context(request, limit=settings.REGISTER_PDF_MAX_ROWS)
    register = context["register"]
    if register.too_many:
        message = _(
            "This slice holds %(count)s activities; a PDF register holds at most "
            "%(limit)s. Narrow the filters (a year, a province or a regency), or print "
            "the register page."
        ) % {"count": intcomma(register.totals["activities"]), "limit": intcomma(context["limit"])}
        return too_big(request, message, context["export_query"])
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the Pango libraries are missing
        return HttpResponse(
            _("PDF is not available on this server; print the register page instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    html = render_to_string("reports/activity_register_pdf.html", context, request=request)
    stylesheet = weasyprint.CSS(filename=finders.find("css/register.css"))
    pdf = weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _filename(context["funding"], "pdf", prefix="register-kegiatan-ks")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Helpers -----------------------------------------------------------------------


def _register_context(request, limit=None):
    if limit is None:
        limit = selectors.REGISTER_LIMIT
    funding = selectors.funding_slice(request.GET, request.user)
    totals = selectors.funding_totals(funding.lines)
    register = selectors.activity_register(funding.lines, totals, limit=limit)
    return {
        "funding": funding,
        "filter": funding.filterset,
        "register": register,
        "limit": limit,
        "title": _slice_title(funding),
        "place": _register_place(funding),
        "today": timezone.localdate(),
        "export_query": _export_query(request),
        "crumbs": [
            (f"{reverse('funding_summary')}{_export_query(request)}", _("Funding")),
            (None, _("Activity register")),
        ],
    }


def _export_query(request):
    """The filters of the current view as a query string for its downloads."""
    query = request.GET.copy()
    for name in ["page", "level"]:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def _drill_path(request, funding):
    """Links up the drill-down: all provinces, then the chosen province, regency, forum.

    Each link keeps the other filters (year, source…) and drops the deeper places.
    """
    url = reverse("funding_summary")
    path = []
    query = request.GET.copy()
    for name in ["page", "level", *DRILL]:
        query.pop(name, None)
    path.append((f"{url}?{query.urlencode()}", _("All provinces")))
    for name in DRILL:
        value = funding.value(name)
        if not value:
            break
        query[name] = value.pk
        path.append((f"{url}?{query.urlencode()}", value.name))
    # The last step is the page itself.
    return [
        (href if index < len(path) - 1 else None, label) for index, (href, label) in enumerate(path)
    ]


def _slice_title(funding):
    """A title naming the slice: "Programme funding · Kota Solok · 2019 · APBN"."""
    return " · ".join([_("Programme funding"), *_slice_parts(funding)])


def _slice_parts(funding):
    parts = []
    place = funding.value("forum") or funding.value("regency") or funding.value("province")
    if place:
        parts.append(place.name)
    year = funding.value("year")
    if year:
        parts.append(str(year))
    for name in ["source", "type"]:
        value = funding.value(name)
        if value:
            parts.append(value.display_name)
    kind = funding.value("kind")
    if kind:
        parts.append(str(capfirst(ActivityKind(kind).label)))
    return parts


def _register_place(funding):
    """Where the register is signed: the chosen regency or province, else Jakarta."""
    regency = funding.value("regency")
    if regency:
        for prefix in ("Kabupaten ", "Kota "):
            if regency.name.startswith(prefix):
                return regency.name[len(prefix) :]
        return regency.name
    province = funding.value("province")
    return province.name if province else "Jakarta"


def _filename(funding, extension, prefix="pendanaan-ks"):
    parts = [prefix]
    for name in ["year", "province", "regency", "source", "type", "kind", "state"]:
        value = funding.value(name)
        if value:
            parts.append(str(getattr(value, "code", value)))
    return f"{'-'.join(parts)}.{extension}"


def _chart_data(summary, rows):
    """The figures the charts draw (the page shows the same numbers in tables)."""

    def series(items):
        return [
            {"name": item["name"], "budget": item["budget"], "spending": item["spending"]}
            for item in items
        ]

    return {
        "labels": {"budget": _("Budget"), "spending": _("Spending")},
        "sources": series(summary["by_source"]),
        "regions": series(rows),
        "years": series(summary["by_year"]),
    }
