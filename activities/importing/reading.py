"""An uploaded spreadsheet's checks and rows.

Limits are checked before anything parses the file: its size; for an XLSX (a zip)
the number of members and their total uncompressed size as the zip's directory
declares them (Python's zipfile never inflates a member past its declared size, so a
bomb cannot hide behind a false one), macros and the number of sheets; then the row
count the sheet declares. Rows are then streamed (openpyxl's read-only mode, or the
csv module), never held all at once. Formulas are read as the values Excel saved with
them (``data_only``); nothing is ever evaluated.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and other Office 97 files)
ZIP_MAGIC = b"PK\x03\x04"
MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


MACROS = gettext_lazy(
    "Files with macros (.xlsm) are not accepted. Save the workbook as .xlsx and upload that."
)
OLD_XLS = gettext_lazy(
    "The old Excel format (.xls) is not accepted. Save the workbook as .xlsx and upload that."
)
NOT_XLSX = gettext_lazy("The file is not an Excel workbook (.xlsx), although its name says so.")


class Refused(Exception):
    """The file as a whole cannot be imported; ``message`` says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The first sheet's header and its rows, as (spreadsheet row number, values)."""

    headers: list
    rows: object  # an iterator of (number, list of values)
    declared_rows: int | None = None
    merged: dict = field(default_factory=dict)


def limit(name):
    return getattr(settings, name)


def check_name(name):
    """Refuse by the file's name what is not XLSX or CSV, saying what to do instead."""
    lowered = name.lower()
    if lowered.endswith(".xlsm"):
        raise Refused(str(MACROS))
    if lowered.endswith(".xls"):
        raise Refused(str(OLD_XLS))
    if not lowered.endswith((".xlsx", ".csv")):
        raise Refused(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


def open_table(upload, name):
    """The table of ``upload`` (a binary file object), checked; raises ``Refused``."""
    check_name(name)
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    upload.seek(0)
    if size > limit("IMPORT_MAX_BYTES"):
        raise Refused(
            _("The file is larger than %(limit)s MB. Split it into smaller files.")
            % {"limit": limit("IMPORT_MAX_BYTES") // (1024 * 1024)}
        )
    if size == 0:
        raise Refused(_("The file is empty."))
    start = upload.read(8)
    upload.seek(0)
    if start == OLE2_MAGIC:
        raise Refused(str(OLD_XLS))
    if name.lower().endswith(".xlsx"):
        if not start.startswith(ZIP_MAGIC):
            raise Refused(str(NOT_XLSX))
        return _xlsx_table(upload)
    return _csv_table(upload)


# XLSX -------------------------------------------------------------------------------


def _check_zip(archive):
    members = archive.infolist()
    if len(members) > limit("IMPORT_MAX_ZIP_MEMBERS"):
        raise Refused(_("The workbook has too many parts to be a plain spreadsheet."))
    if sum(member.file_size for member in members) > limit("IMPORT_MAX_UNCOMPRESSED"):
        raise Refused(
            _("The workbook unpacks to more than %(limit)s MB; it is refused as unsafe.")
            % {"limit": limit("IMPORT_MAX_UNCOMPRESSED") // (1024 * 1024)}
        )
    names = {member.filename.lower() for member in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise Refused(str(MACROS))
    if "xl/workbook.xml" not in names:
        raise Refused(str(NOT_XLSX))
    sheets = [name for name in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)]
    if not sheets:
        raise Refused(_("The workbook has no sheet."))
    if len(sheets) > limit("IMPORT_MAX_SHEETS"):
        raise Refused(
            _("The workbook has more than %(limit)s sheets. Keep the data on the first sheet.")
            % {"limit": limit("IMPORT_MAX_SHEETS")}
        )


def _merged_ranges(archive, path):
    """{(row, column): (top row, left column)} for every cell covered by a merge (not its
    top-left one), read from the sheet's XML in chunks (merges are listed after the rows)."""
    covered = {}
    tail = b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            text = tail + chunk
            for match in MERGE_RE.finditer(text):
                top, left = int(match[2]), _column_number(match[1])
                bottom = int(match[4] or match[2])
                right = _column_number(match[3] or match[1])
                if (bottom - top + 1) * (right - left + 1) > limit("IMPORT_MAX_ROWS"):
                    raise Refused(
                        _("The sheet merges too many cells; unmerge them and upload again.")
                    )
                for row in range(top, bottom + 1):
                    for column in range(left, right + 1):
                        if (row, column) != (top, left):
                            covered[row, column] = (top, left)
            tail = text[-200:]
    return covered


def _column_number(letters):
    number = 0
    for letter in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(letter) - 64
    return number


def _xlsx_table(upload):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile:
        raise Refused(_("The file is damaged: it cannot be read as an Excel workbook.")) from None
    _check_zip(archive)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
    except Exception:  # openpyxl raises many kinds on a malformed part
        raise Refused(_("The file is damaged: it cannot be read as an Excel workbook.")) from None
    sheet = workbook.worksheets[0]
    declared = sheet.max_row if sheet.max_row else None
    if declared and declared - 1 > limit("IMPORT_MAX_ROWS") * 2:
        # The dimension may count formatted empty rows; twice the limit is surely too many.
        raise _too_many_rows()
    merged = _merged_ranges(workbook._archive, sheet._worksheet_path)
    rows = _numbered(sheet.iter_rows(values_only=True), merged)
    try:
        headers = next(rows)[1]
    except StopIteration:
        raise Refused(_("The first sheet is empty.")) from None
    return Table(headers=headers, rows=rows, declared_rows=declared, merged=merged)


def _numbered(rows, merged):
    """(row number, values) from row 1 on; cells under a merge take the merge's value."""
    kept = {}  # values of the top-left cells of merges, by position
    tops = set(merged.values())
    for number, values in enumerate(rows, 1):
        values = list(values)
        if merged:
            for column, value in enumerate(values, 1):
                if (number, column) in tops:
                    kept[number, column] = value
                origin = merged.get((number, column))
                if origin is not None and value is None:
                    values[column - 1] = kept.get(origin)
        yield number, values


def _too_many_rows():
    return Refused(
        _("The file has more than %(limit)s rows. Split it into smaller files.")
        % {"limit": f"{limit('IMPORT_MAX_ROWS'):,}".replace(",", ".")}
    )


# CSV --------------------------------------------------------------------------------


def _decoded(upload):
    """The file's text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    data = upload.read()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_table(upload):
    text = _decoded(upload)
    if "\x00" in text:
        raise Refused(_("The file is not a CSV text file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((number, values) for number, values in enumerate(reader, 1))
    try:
        headers = next(rows)[1]
    except (StopIteration, csv.Error):
        raise Refused(_("The file is empty.")) from None
    return Table(headers=headers, rows=_csv_rows(rows))


def _csv_rows(rows):
    try:
        yield from rows
    except csv.Error:
        raise Refused(_("The CSV file is malformed (an unclosed quote?).")) from None


def data_rows(table):
    """The table's rows after the header, blank ones left out, the row limit enforced."""
    count = 0
    for number, values in table.rows:
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        count += 1
        if count > limit("IMPORT_MAX_ROWS"):
            raise _too_many_rows()
        yield number, values
