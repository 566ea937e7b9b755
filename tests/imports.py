"""Spreadsheets for the bulk-import tests: a workbook or CSV from a header and rows."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADERS = [
    "Reference",
    "Forum",
    "Activity type",
    "Title",
    "Planned start",
    "Funding source",
    "Budget year",
    "Budget (Rp)",
    "Spending (Rp)",
]


def row(forum, reference="A-1", **overrides):
    values = {
        "Reference": reference,
        "Forum": forum.pk,
        "Activity type": "Gedung serbaguna",
        "Title": f"Balai warga {reference}",
        "Planned start": "22/10/2018",
        "Funding source": "APBN",
        "Budget year": 2018,
        "Budget (Rp)": "Rp 150.000.000",
        "Spending (Rp)": 0,
    }
    values.update(overrides)
    return values


def workbook(rows, headers=HEADERS, prepare=None):
    """The bytes of an XLSX with ``headers`` and one line per dict of ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Kegiatan"
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(header) for header in headers])
    if prepare:
        prepare(book, sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(data, name="kegiatan.xlsx"):
    return SimpleUploadedFile(name, data)


def csv_bytes(rows, headers=HEADERS, delimiter=",", encoding="utf-8", bom=False):
    lines = [delimiter.join(headers)]
    for values in rows:
        cells = []
        for header in headers:
            value = values.get(header)
            text = "" if value is None else str(value)
            if delimiter in text or '"' in text:
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data
