"""The downloads of a funding slice, drawn into a file: the CSV, the XLSX, the PDF register.

The views draw them inside the request when they are small, the background jobs
(``reports/jobs.py``) when they are not; both call ``DRAWERS`` with the same query
string and user, so a file is the same whichever draws it. Also the slice's names:
its title, its file name, where its register is signed.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from activities.models import ActivityKind
from forums.models import District, Village

from . import selectors
from .exports import SEMICOLON_PARAMETER, csv_chunks, delimiter_of, write_xlsx
from .filters import FundingFilter


class PDFUnavailable(Exception):
    """WeasyPrint cannot run here (not installed, or the Pango libraries are missing)."""


def draw_csv(data, user, output, progress=None):
    """The CSV of the slice ``data`` selects for ``user``, written into ``output`` (bytes)."""
    funding = selectors.funding_slice(data, user)
    totals = selectors.funding_totals(funding.sums)
    chunks = csv_chunks(funding.lines, totals, progress=progress, delimiter=delimiter_of(data))
    for chunk in chunks:
        output.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))


def xlsx_title(funding):
    title = slice_title(funding)
    if funding.staff:
        title = f"{title} ({_('includes unpublished data; see the State column')})"
    return title


def draw_xlsx(data, user, output, progress=None):
    """The XLSX of the slice ``data`` selects for ``user``, copied into ``output``."""
    funding = selectors.funding_slice(data, user)
    summary = selectors.funding_summary(funding.sums)
    drawn = write_xlsx(
        funding.lines, summary["totals"], summary, xlsx_title(funding), progress=progress
    )
    with drawn:
        while chunk := drawn.read(1024 * 1024):
            output.write(chunk)


def register_pdf(context):
    """The register as A4 landscape PDF bytes, drawn by WeasyPrint from its template."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: the Pango libraries are missing
        raise PDFUnavailable from error
    html = render_to_string("reports/activity_register_pdf.html", context)
    stylesheet = weasyprint.CSS(filename=finders.find("css/register.css"))
    margins = weasyprint.CSS(string=page_margins_css(context["title"]))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet, margins])


def page_margins_css(title):
    """The PDF's bottom margins (WeasyPrint draws @page boxes): the register's title on
    the left, "Halaman 1 dari 4" on the right. A stylesheet of its own rather than a
    <style> block: no page of the portal carries one (Content-Security-Policy)."""
    page = pgettext("page numbers", "Page")
    of = pgettext("page numbers", "of")
    font = '7pt "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
    return (
        "@page {"
        f' @bottom-left {{ content: "{css_string(title)}"; font: {font}; }}'
        f' @bottom-right {{ content: "{css_string(page)} " counter(page)'
        f' " {css_string(of)} " counter(pages); font: {font}; }}'
        " }"
    )


def css_string(value):
    """Text for a double-quoted CSS string: a backslash, quote or line break as a CSS
    escape, so that no name can end the string."""
    escapes = {"\\": "\\\\", '"': "\\22 ", "\n": "\\A ", "\r": "", "<": "\\3C "}
    return "".join(escapes.get(character, character) for character in str(value))


def draw_pdf(data, user, output, progress=None):
    """The PDF register of the slice ``data`` selects for ``user``, written into ``output``."""
    context = register_context(data, user, limit=settings.REGISTER_PDF_MAX_ROWS)
    output.write(register_pdf(context))


DRAWERS = {"csv": draw_csv, "xlsx": draw_xlsx, "pdf": draw_pdf}


def register_context(data, user, limit=None, funding=None):
    """What the register page and its PDF show of the slice ``data`` selects for ``user``
    (``funding``: that slice, when the caller has it already)."""
    if limit is None:
        limit = selectors.REGISTER_LIMIT
    funding = funding or selectors.funding_slice(data, user)
    totals = selectors.funding_totals(funding.lines)
    register = selectors.activity_register(funding.lines, totals, limit=limit)
    return {
        "funding": funding,
        "filter": funding.filterset,
        "register": register,
        "limit": limit,
        "title": register_title(funding),
        "place": register_place(funding),
        # With a regency chosen, its name and province are in the title: rows name the
        # village and district only, so the place column stays one or two lines.
        "short_paths": bool(funding.value("regency") or funding.value("forum")),
        "today": timezone.localdate(),
        "export_query": export_query(data),
        "crumbs": [
            (f"{reverse('funding_summary')}{export_query(data)}", _("Funding")),
            (None, _("Activity register")),
        ],
    }


# What a download's query string carries: the slice's filters and the CSV delimiter.
SLICE_PARAMETERS = (set(FundingFilter.base_filters) - {"level"}) | {SEMICOLON_PARAMETER[0]}


def export_query(data):
    """The filters of the current view (``data``: its QueryDict) as a query string for its
    downloads: "?year=2019&province=13", or "". Anything else the page was opened with
    (the page number, a tracking parameter) is left out: a download refuses parameters
    it does not take (reports/refusals.py)."""
    query = data.copy()
    for name in list(query):
        if name not in SLICE_PARAMETERS:
            query.pop(name)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def slice_title(funding):
    """A title naming the slice: "Programme funding · Kota Solok · 2019 · APBN"."""
    return " · ".join([_("Programme funding"), *slice_parts(funding)])


def _place(funding):
    """The narrowest place the slice is filtered to, or None."""
    for name in ("forum", "village", "district", "regency", "province"):
        value = funding.value(name)
        if value:
            return value
    return None


def slice_parts(funding):
    """The slice's place, year, source, type and kind, those that are chosen."""
    place, year = _place(funding), funding.value("year")
    return [
        *([_place_name(place)] if place else []),
        *([str(year)] if year else []),
        *_classifier_parts(funding),
    ]


def _classifier_parts(funding):
    """The chosen funding source, activity type and kind, by name."""
    parts = [funding.value(name).display_name for name in ("source", "type") if funding.value(name)]
    kind = funding.value("kind")
    if kind:
        parts.append(str(capfirst(ActivityKind(kind).label)))
    return parts


# Where a province's offices sign: its capital (by the province's code).
PROVINCE_CAPITALS = {
    "11": "Banda Aceh",
    "12": "Medan",
    "13": "Padang",
    "14": "Pekanbaru",
    "15": "Jambi",
    "16": "Palembang",
    "17": "Bengkulu",
    "18": "Bandar Lampung",
    "19": "Pangkalpinang",
    "21": "Tanjungpinang",
    "31": "Jakarta",
    "32": "Bandung",
    "33": "Semarang",
    "34": "Yogyakarta",
    "35": "Surabaya",
    "36": "Serang",
    "51": "Denpasar",
    "52": "Mataram",
    "53": "Kupang",
    "61": "Pontianak",
    "62": "Palangka Raya",
    "63": "Banjarbaru",
    "64": "Samarinda",
    "65": "Tanjung Selor",
    "71": "Manado",
    "72": "Palu",
    "73": "Makassar",
    "74": "Kendari",
    "75": "Gorontalo",
    "76": "Mamuju",
    "81": "Ambon",
    "82": "Sofifi",
    "91": "Jayapura",
    "92": "Manokwari",
    "93": "Merauke",
    "94": "Nabire",
    "95": "Wamena",
    "96": "Sorong",
}
MINISTRY_CITY = "Jakarta"


def register_place(funding):
    """Where the register is signed: the chosen regency by its own name ("Solok" for Kota
    Solok), a province's capital, or the ministry's city for the whole country."""
    regency = funding.value("regency") or _forum_regency(funding)
    if regency:
        for prefix in ("Kabupaten ", "Kota "):
            if regency.name.startswith(prefix):
                return regency.name[len(prefix) :]
        return regency.name
    province = funding.value("province")
    if province:
        return PROVINCE_CAPITALS.get(province.code, province.name)
    return MINISTRY_CITY


def _forum_regency(funding):
    forum = funding.value("forum")
    return forum.village.district.regency if forum else None


def _place_name(place):
    """A village or district with its word and regency ("Kelurahan Tanah Garam, Kota
    Solok"): several share a name. Others by their name."""
    if isinstance(place, Village):
        return f"{place.kind_label} {place.name}, {place.district.regency.name}"
    if isinstance(place, District):
        return f"{_('Kec.')} {place.name}, {place.regency.name}"
    return place.name


def register_title(funding):
    """The register's title naming its slice: "Register Kegiatan Kota Solok, Tahun 2025"."""
    place = _place(funding)
    place_name = _place_name(place) if place else _("all provinces")
    title = _("Activity register of %(place)s") % {"place": place_name}
    year = funding.value("year")
    if year:
        year_part = _("year %(year)s") % {"year": year}
        title = f"{title}, {year_part}"
    return " · ".join([title, *_classifier_parts(funding)])


def filename_of(funding, extension, prefix="pendanaan-ks"):
    parts = [prefix]
    for name in ["year", "province", "regency", "source", "type", "kind", "state"]:
        value = funding.value(name)
        if value:
            parts.append(str(getattr(value, "code", value)))
    return f"{'-'.join(parts)}.{extension}"
