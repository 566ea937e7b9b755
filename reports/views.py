"""Funding summary page, CSV and XLSX downloads and the printable activity register.

All of them read one query string through ``selectors.funding_slice``: the public
sees published data, a staff member their scope with every workflow state. The
figures come from the selectors, so the page, the files and the API agree.
"""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import drawing, eligibility, jobs, register_exports, selectors, targeting
from .exports import SEMICOLON_PARAMETER, csv_chunks, delimiter_of, write_xlsx
from .limits import throttled, too_big
from .models import ExportJob, VillageEligibility
from .refusals import invalid_filters_message, refused_download

ROWS_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_TYPE, "pdf": "application/pdf"}
# Parameters that choose a place in the drill-down, deepest last.
DRILL = ["province", "regency", "forum"]


def funding_summary(request):
    funding = selectors.funding_slice(request.GET, request.user)
    funding.offer_years()
    invalid = invalid_filters_message(funding)
    if invalid:
        # The form with each error next to its field, and no figures: figures without the
        # bad filter would read as the answer to it.
        context = {
            "filter": funding.filterset,
            "funding": funding,
            "invalid": invalid,
            "title": drawing.slice_title(funding),
            "crumbs": [(None, _("Funding"))],
        }
        return render(request, "reports/funding_summary.html", context, status=400)
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
        "title": drawing.slice_title(funding),
        "slice_label": " · ".join(drawing.slice_parts(funding)),
        "chart_data": _chart_data(summary, page_rows),
        "export_query": drawing.export_query(request.GET),
        "semicolon_query": _semicolon_query(request.GET),
        "xlsx_limit": settings.EXPORT_XLSX_MAX_ROWS,
        "xlsx_too_big": summary["totals"]["lines"] > settings.EXPORT_XLSX_MAX_ROWS,
        "crumbs": [(None, _("Funding"))],
    }
    return render(request, "reports/funding_summary.html", context)


@throttled("EXPORT_RATE")
def funding_csv(request):
    funding = selectors.funding_slice(request.GET, request.user)
    if refusal := refused_download(request, funding):
        return refusal
    totals = selectors.funding_totals(funding.sums)  # the funding figures where they answer
    filename = drawing.filename_of(funding, "csv")
    if jobs.wanted("csv", totals["lines"]):
        return _job_started(request, funding, "csv", totals["lines"], filename)
    chunks = csv_chunks(funding.lines, totals, delimiter=delimiter_of(request.GET))
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@throttled("EXPORT_RATE")
def funding_xlsx(request):
    funding = selectors.funding_slice(request.GET, request.user)
    if refusal := refused_download(request, funding):
        return refusal
    count = selectors.funding_totals(funding.sums)["lines"]
    refusal = xlsx_refusal(count)
    if refusal:
        advice = _(
            "Narrow the filters (a year, a province or a regency), or download the CSV, "
            "which holds every line."
        )
        return too_big(request, f"{refusal} {advice}", drawing.export_query(request.GET))
    filename = drawing.filename_of(funding, "xlsx")
    if jobs.wanted("xlsx", count):
        return _job_started(request, funding, "xlsx", count, filename)
    return xlsx_response(funding.lines, drawing.xlsx_title(funding), filename, sums=funding.sums)


def _semicolon_query(data):
    """The download query of the semicolon CSV ("CSV (Excel Indonesia)")."""
    query = data.copy()
    name, value = SEMICOLON_PARAMETER
    query[name] = value
    return drawing.export_query(query)


def xlsx_refusal(count):
    """Why an XLSX of ``count`` lines is refused (more than EXPORT_XLSX_MAX_ROWS), or None."""
    limit = settings.EXPORT_XLSX_MAX_ROWS
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
    funding = selectors.funding_slice(request.GET, request.user)
    # A page: parameters it does not know are ignored, as on the funding page.
    if refusal := refused_download(request, funding, strict=False):
        return refusal
    context = drawing.register_context(request.GET, request.user, funding=funding)
    context["pdf_limit"] = settings.REGISTER_PDF_MAX_ROWS
    context["pdf_too_big"] = context["register"].totals["activities"] > context["pdf_limit"]
    return render(request, "reports/activity_register.html", context)


@throttled("REGISTER_PDF_RATE")
def activity_register_pdf(request):
    """The register as an A4 landscape PDF, drawn by WeasyPrint from the same template.

    A slice beyond REGISTER_PDF_MAX_ROWS activities is refused before any drawing; one
    beyond REGISTER_PDF_JOB_MIN_ROWS is drawn by a background job.
    """
    funding = selectors.funding_slice(request.GET, request.user)
    if refusal := refused_download(request, funding):
        return refusal
    count, limit = (
        selectors.funding_totals(funding.lines)["activities"],
        settings.REGISTER_PDF_MAX_ROWS,
    )
    if count > limit:
        message = _(
            "This slice holds %(count)s activities; a PDF register holds at most "
            "%(limit)s. Narrow the filters (a year, a province or a regency), or print "
            "the register page."
        ) % {"count": intcomma(count), "limit": intcomma(limit)}
        return too_big(request, message, drawing.export_query(request.GET))
    filename = drawing.filename_of(funding, "pdf", prefix="register-kegiatan-ks")
    if jobs.wanted("pdf", count):
        return _job_started(request, funding, "pdf", count, filename)
    try:
        context = drawing.register_context(request.GET, request.user, limit, funding=funding)
        pdf = drawing.register_pdf(context)
    except drawing.PDFUnavailable:
        return HttpResponse(
            _("PDF is not available on this server; print the register page instead."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _register_download(request, kind):
    """The register's own CSV or XLSX: one row per activity. A slice beyond the register's
    limit is refused, as the register page refuses it; the funding CSV holds every line."""
    funding = selectors.funding_slice(request.GET, request.user)
    if refusal := refused_download(request, funding):
        return refusal
    context = drawing.register_context(request.GET, request.user, funding=funding)
    register = context["register"]
    if register.too_many:
        message = _(
            "This slice holds %(count)s activities; a register holds at most %(limit)s. "
            "Narrow the filters (a year, a province or a regency), or download the funding "
            "CSV, which holds every line."
        ) % {"count": intcomma(register.totals["activities"]), "limit": intcomma(context["limit"])}
        return too_big(request, message, drawing.export_query(request.GET))
    filename = drawing.filename_of(funding, kind, prefix="register-kegiatan-ks")
    if kind == "csv":
        body = register_exports.register_csv(register, delimiter=delimiter_of(request.GET))
    else:
        body = register_exports.register_xlsx(register, context["title"])
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@throttled("EXPORT_RATE")
def activity_register_csv(request):
    return _register_download(request, "csv")


@throttled("EXPORT_RATE")
def activity_register_xlsx(request):
    return _register_download(request, "xlsx")


# Downloads drawn as background jobs (reports/jobs.py) ------------------------------------


def _job_started(request, funding, kind, rows, filename):
    """Hand the download to a background job and send the reader to its page."""
    job = jobs.start(
        kind=kind,
        query=drawing.export_query(request.GET).removeprefix("?"),
        user=request.user if funding.staff else None,
        rows=rows,
        title=drawing.slice_title(funding),
        filename=filename,
    )
    response = HttpResponseRedirect(reverse("export_job", args=[job.pk]))
    response.status_code = 303  # See Other: the job's page, whatever the download's method
    return response


def _visible_job(request, pk):
    """The job at ``pk``, if this reader may see it: a public job, or their own."""
    job = get_object_or_404(ExportJob, pk=pk)
    if job.user_id is not None and job.user_id != request.user.id:
        raise Http404
    return job


def _job_state(job):
    return {
        "status": "expired" if job.expired else job.status,
        "label": _("expired") if job.expired else job.get_status_display(),
        "progress": jobs.progress_of(job),
        "download": reverse("export_job_download", args=[job.pk]) if job.downloadable else None,
    }


@never_cache
def export_job(request, pk):
    job = _visible_job(request, pk)
    context = {
        "job": job,
        "state": _job_state(job),
        "crumbs": [
            (reverse("funding_summary") + (f"?{job.query}" if job.query else ""), _("Funding")),
            (None, _("Your download")),
        ],
    }
    return render(request, "reports/export_job.html", context)


@never_cache
def export_job_status(request, pk):
    """The job's state as JSON, for the progress bar of its page."""
    return JsonResponse(_job_state(_visible_job(request, pk)))


@never_cache
def export_job_download(request, pk):
    job = _visible_job(request, pk)
    if not job.downloadable:
        return redirect("export_job", job.pk)
    return FileResponse(
        default_storage.open(job.stored_name, "rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=CONTENT_TYPES[job.kind],
    )


# Helpers -----------------------------------------------------------------------


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


def conflict_targeting(request):
    """/reports/targeting/: incidents of the last N years per regency, by trigger, with
    forums, funding and the risk index; the regencies with incidents and no forum first."""
    form = targeting.TargetingForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        context = {
            "form": form,
            "targeting": None,
            "years": targeting.DEFAULT_YEARS,
            "crumbs": [(None, _("Where forums are needed"))],
        }
        return render(request, "reports/targeting.html", context, status=400)
    years = form.cleaned_data["years"] if form.is_bound else targeting.DEFAULT_YEARS
    context = {
        "form": form,
        "targeting": targeting.targeting(request.user, years),
        "years": years,
        "incident_bands": targeting.band_labels(),
        "band_starts": ",".join(map(str, targeting.INCIDENT_BANDS)),
        "crumbs": [(None, _("Where forums are needed"))],
    }
    return render(request, "reports/targeting.html", context)


ELIGIBILITY_PAGE_SIZE = 50


def _eligibility_form(request):
    form = eligibility.EligibilityForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    if not form.is_bound:
        form.cleaned_data = {}
    return form, valid


def village_eligibility(request):
    """/reports/eligibility/: the programme villages in and out as a Desa Berketahanan
    Sosial, with the reason for each rule, from the verdicts stored each night."""
    form, valid = _eligibility_form(request)
    context = {
        "form": form,
        "rules": eligibility.RULES,
        "crumbs": [(None, _("Desa Berketahanan Sosial"))],
    }
    if not valid:
        return render(request, "reports/eligibility.html", context, status=400)
    stored = eligibility.stored_rows(form)
    page = Paginator(stored, ELIGIBILITY_PAGE_SIZE).get_page(request.GET.get("page"))
    totals = VillageEligibility.objects.aggregate(
        villages=Count("pk"), eligible=Count("pk", filter=Q(eligible=True))
    )
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page_obj=page,
        rows=eligibility.judged(page.object_list),
        totals=totals,
        checked_at=VillageEligibility.objects.aggregate(last=Max("checked_at"))["last"],
        query=query.urlencode(),
    )
    return render(request, "reports/eligibility.html", context)


def _eligibility_table(request):
    """The download's table, or None when the filters are not valid."""
    form, valid = _eligibility_form(request)
    if not valid:
        return None
    return eligibility.eligibility_table(eligibility.judged(eligibility.stored_rows(form)))


def village_eligibility_csv(request):
    table = _eligibility_table(request)
    if table is None:  # the page, with the filters' messages
        return village_eligibility(request)
    response = HttpResponse(
        register_exports.table_csv(table, delimiter=delimiter_of(request.GET)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="desa-berketahanan-sosial.csv"'
    return response


def village_eligibility_xlsx(request):
    table = _eligibility_table(request)
    if table is None:
        return village_eligibility(request)
    response = HttpResponse(
        register_exports.table_xlsx(table, _("Desa Berketahanan Sosial"), _("Eligibility")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="desa-berketahanan-sosial.xlsx"'
    return response


def village_eligibility_detail(request, code):
    """/reports/eligibility/<village code>/: one village's verdict, its reasons, and when it
    became eligible or stopped being so."""
    stored = get_object_or_404(
        VillageEligibility.objects.select_related("village__district__regency__province"),
        village_id=code,
    )
    context = {
        "stored": stored,
        "village": stored.village,
        "verdict": eligibility.judge(eligibility.VillageFacts.from_json(stored.facts)),
        "changes": eligibility.verdict_changes(code),
        "crumbs": [
            (reverse("village_eligibility"), _("Desa Berketahanan Sosial")),
            (None, stored.village.name),
        ],
    }
    return render(request, "reports/eligibility_detail.html", context)
