"""CSV and XLSX files of a funding slice: one row per funding line and a totals row.

Neither holds the slice in memory. On PostgreSQL the database writes the CSV lines,
and the XML of the XLSX rows (``COPY``), into a temporary file; elsewhere the CSV is
written while the database cursor is read in chunks, and every XLSX cell goes through
XlsxWriter's constant-memory mode. Memory stays the same whatever the size of the slice.

The CSV is UTF-8 with a byte-order mark and commas: Excel then opens it with
Indonesian names intact (without the mark it guesses a legacy code page), and
any other program reads it as plain RFC 4180 CSV. Excel set to Indonesian reads
semicolons instead (its decimal mark is the comma), so the same file is offered with
semicolons too ("CSV (Excel Indonesia)", ``delimiter=";"``). Amounts are plain integers
of whole rupiah, so no program misreads a thousands separator.

Every text cell of both files goes through ``spreadsheet_text``: titles, purposes
and names are typed by people, and a spreadsheet must show them, never run them.
"""

import csv
import io
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager

import xlsxwriter
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .selectors import export_copy_sql, export_rows, export_sheet_sql

# (header, is an amount of rupiah), in the order of ``selectors.export_rows``.
COLUMNS = [
    (gettext_lazy("Province code"), False),
    (gettext_lazy("Province"), False),
    (gettext_lazy("Regency/city code"), False),
    (gettext_lazy("Regency or city"), False),
    (gettext_lazy("District"), False),
    (gettext_lazy("Village code"), False),
    (gettext_lazy("Village"), False),
    (gettext_lazy("Forum ID"), False),
    (gettext_lazy("Forum"), False),
    (gettext_lazy("Activity ID"), False),
    (gettext_lazy("Activity"), False),
    (gettext_lazy("Activity type"), False),
    (gettext_lazy("Kind"), False),
    (gettext_lazy("Status"), False),
    (gettext_lazy("State"), False),
    (gettext_lazy("Source code"), False),
    (gettext_lazy("Funding source"), False),
    (gettext_lazy("Budget year"), False),
    (gettext_lazy("Purpose"), False),
    (gettext_lazy("Budget (Rp)"), True),
    (gettext_lazy("Spending (Rp)"), True),
    (gettext_lazy("Remainder (Rp)"), True),
    (gettext_lazy("Executor"), False),
    (gettext_lazy("Planned volume"), False),
    (gettext_lazy("Achieved volume"), False),
    (gettext_lazy("Unit"), False),
    (gettext_lazy("Beneficiaries (men)"), False),
    (gettext_lazy("Beneficiaries (women)"), False),
    (gettext_lazy("Remarks"), False),
]
MONEY_COLUMNS = [index for index, (_header, money) in enumerate(COLUMNS) if money]
RUPIAH_FORMAT = '"Rp" #,##0'
BOM = "\ufeff"
# OWASP's CSV-injection rule: a spreadsheet reads a cell starting with one of these
# as a formula (tab and carriage return can hide one after them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """``value`` made safe for a spreadsheet cell, in the CSV and the XLSX alike.

    Text that a spreadsheet would take for a formula gets a leading apostrophe, so it
    shows as the text it is. Control characters other than tab and line breaks go:
    XLSX refuses them (a stray escape pasted into a title would fail the download).
    Numbers pass unchanged: a negative amount stays a number, it is no formula.
    """
    if not isinstance(value, str):
        return value
    if not value.isprintable():  # the control characters are all unprintable
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def totals_row(totals):
    """The last row of both files: "Total", the line count, and the three amounts."""
    row = [""] * len(COLUMNS)
    row[0] = _("Total")
    row[1] = _("%(count)s funding lines") % {"count": totals["lines"]}
    for index, key in zip(MONEY_COLUMNS, ["budget", "spending", "remainder"], strict=True):
        row[index] = totals[key]
    return row


def _memo_of(clean, size=20_000):
    """``clean`` remembering its answers: the names of regions, forums, types and sources
    repeat on every line of an export."""
    memo = {}

    def cleaned(value):
        result = memo.get(value)
        if result is None:
            result = clean(value)
            if len(memo) < size:
                memo[value] = result
        return result

    return cleaned


CSV_BATCH = 1000  # lines per chunk handed to the server


# The query parameter that asks for the semicolon CSV, and its value.
SEMICOLON_PARAMETER = ("delimiter", "semicolon")


def delimiter_of(data):
    """The CSV delimiter a query string asks for: ";" with ``delimiter=semicolon``."""
    name, value = SEMICOLON_PARAMETER
    return ";" if data.get(name) == value else ","


def csv_chunks(lines, totals, *, by_copy=None, progress=None, delimiter=","):
    """The CSV text: byte-order mark, header, funding lines, totals.

    On PostgreSQL the database writes the lines itself (``COPY … TO STDOUT``, into a
    temporary file that is then streamed; ``selectors.export_copy_sql``). Elsewhere they
    are written here, a thousand lines per chunk (one chunk per line made the server's
    work per line outweigh the line's). ``by_copy`` chooses (tests compare the two).
    ``progress``, if given, is called with the number of lines written so far.
    """
    if by_copy is None:
        by_copy = connection.vendor == "postgresql"
    buffer = io.StringIO()
    terminator = "\n" if by_copy else "\r\n"
    writer = csv.writer(buffer, lineterminator=terminator, delimiter=delimiter)

    def taken():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([str(header) for header, _money in COLUMNS])
    yield BOM + taken()
    if by_copy:
        yield from _copied_lines(lines, progress, delimiter)
    else:
        safe = _memo_of(spreadsheet_text)
        for count, row in enumerate(export_rows(lines), 1):
            writer.writerow([safe(value) if value.__class__ is str else value for value in row])
            if count % CSV_BATCH == 0:
                if progress:
                    progress(count)
                yield taken()
    writer.writerow([spreadsheet_text(value) for value in totals_row(totals)])
    yield taken()


COPY_CHUNK = 256 * 1024  # bytes per chunk of the file PostgreSQL wrote


@contextmanager
def _copy_cursor():
    """A cursor for one ``COPY`` of PostgreSQL, in a transaction whose sorts may use
    ``EXPORT_WORK_MEM`` (``SET LOCAL``: the connection's next user has the default)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if settings.EXPORT_WORK_MEM:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [settings.EXPORT_WORK_MEM])
        yield cursor


class _Counting:
    """The file a ``COPY … TO`` writes into, reporting how many lines it has written."""

    def __init__(self, file, progress):
        self.file, self.progress, self.lines = file, progress, 0

    def write(self, data):
        if self.progress:
            self.lines += data.count(b"\n")
            self.progress(self.lines)
        return self.file.write(data)


def _copied_lines(lines, progress=None, delimiter=","):
    with tempfile.TemporaryFile() as spool:
        with _copy_cursor() as cursor:
            sql = export_copy_sql(lines, cursor, delimiter)
            cursor.copy_expert(sql, _Counting(spool, progress))
        spool.seek(0)
        while chunk := spool.read(COPY_CHUNK):
            yield chunk


def write_xlsx(lines, totals, summary, title, *, by_copy=None, progress=None):
    """The workbook in a temporary file (rewound): the funding lines, then a summary sheet.

    ``summary`` is ``selectors.funding_summary`` of the same lines. The caller
    closes the file (a FileResponse does when it has sent it). XlsxWriter writes the
    workbook in constant-memory mode, every text with ``write_string``, which never
    makes a formula of it. On PostgreSQL the database writes the rows of the funding
    lines in the XML XlsxWriter would have written (``selectors.export_sheet_sql``),
    and they are put into the sheet between its header and totals rows: at national
    size a Python call per cell took a minute. ``by_copy`` chooses (tests compare);
    ``progress``, if given, is called with the number of lines written so far.
    """
    if by_copy is None:
        by_copy = connection.vendor == "postgresql"
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": RUPIAH_FORMAT})
    bold_money = workbook.add_format({"num_format": RUPIAH_FORMAT, "bold": True})

    sheet = workbook.add_worksheet(_sheet_name(_("Funding lines")))
    sheet.freeze_panes(1, 0)
    for index, (_header, is_money) in enumerate(COLUMNS):
        sheet.set_column(index, index, 18 if is_money else 14)
    for column, (header, _money) in enumerate(COLUMNS):
        _write(sheet, 0, column, str(header), bold)
    money_columns = set(MONEY_COLUMNS)
    # On PostgreSQL the lines' rows come from the database once the workbook is closed.
    number = (
        totals["lines"] if by_copy else _write_lines(sheet, lines, money, money_columns, progress)
    )
    for column, value in enumerate(totals_row(totals)):
        _write(sheet, number + 1, column, value, bold_money if column in money_columns else bold)

    overview = workbook.add_worksheet(_sheet_name(_("Summary")))
    overview.set_column(0, 0, 34)
    overview.set_column(1, 5, 20)
    overview.write_string(
        0, 0, spreadsheet_text(title), workbook.add_format({"bold": True, "font_size": 13})
    )
    at = 1
    for caption, rows in [
        (_("By funding source"), summary["by_source"]),
        (_("By budget year"), summary["by_year"]),
        (_("By kind of activity"), summary["by_kind"]),
        (_("By activity type"), summary["by_type"]),
    ]:
        at += 1  # a blank row between the tables
        headers = [
            caption,
            _("Budget (Rp)"),
            _("Spending (Rp)"),
            _("Remainder (Rp)"),
            _("Activities"),
            _("Forums"),
        ]
        for column, text in enumerate(headers):
            _write(overview, at, column, text, bold)
        at += 1
        for row in [*rows, {**summary["totals"], "name": _("Total")}]:
            _write(overview, at, 0, row["name"])
            for column, key in enumerate(["budget", "spending", "remainder"], 1):
                _write(overview, at, column, row[key], money)
            _write(overview, at, 4, row["activities"])
            _write(overview, at, 5, row["forums"])
            at += 1

    workbook.close()
    if by_copy:
        # ``money`` has its index among the workbook's cell styles once a cell used it
        # (the summary sheet's amounts always do).
        output = _with_copied_rows(
            output, lines, count=number, amount_style=money.xf_index, progress=progress
        )
    output.seek(0)
    return output


def _write_lines(sheet, lines, money, money_columns, progress=None):
    """Every funding line as a row from the second on, cell by cell; the last row's number."""
    safe = _memo_of(spreadsheet_text)
    write_string, write_number = sheet.write_string, sheet.write_number
    number = 0
    for number, row in enumerate(export_rows(lines), 1):
        for column, value in enumerate(row):
            if value.__class__ is str:
                write_string(number, column, safe(value))
            elif value is None:
                continue
            else:
                write_number(number, column, value, money if column in money_columns else None)
        if progress and number % CSV_BATCH == 0:
            progress(number)
    return number


FIRST_SHEET = "xl/worksheets/sheet1.xml"


def _with_copied_rows(workbook_file, lines, *, count, amount_style, progress=None):
    """A copy of the closed workbook with the funding lines, as PostgreSQL writes them
    (rows 2 to ``count`` + 1), put before the totals row of its first sheet."""
    with tempfile.TemporaryFile() as rows:
        with _copy_cursor() as cursor:
            sql = export_sheet_sql(
                lines, cursor, first_row=2, limit=count, amount_style=amount_style
            )
            cursor.copy_expert(sql, _Counting(rows, progress))
        size = rows.tell()
        rows.seek(0)
        output = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
        workbook_file.seek(0)
        with (
            zipfile.ZipFile(workbook_file) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for member in source.infolist():
                if member.filename != FIRST_SHEET:
                    target.writestr(member, source.read(member))
                    continue
                xml = source.read(member).decode()
                # XlsxWriter's sheet holds the header row, then the totals row.
                at = re.search(rf'<row r="{count + 2}"', xml).start()
                big = size + len(xml) >= zipfile.ZIP64_LIMIT  # a 4 GiB zip needs ZIP64
                with target.open(member.filename, "w", force_zip64=big) as sheet:
                    sheet.write(xml[:at].encode())
                    shutil.copyfileobj(rows, sheet, COPY_CHUNK)
                    sheet.write(xml[at:].encode())
    workbook_file.close()
    return output


def _write(sheet, row, column, value, cell_format=None):
    """One cell: text as text (made safe), numbers as numbers."""
    if isinstance(value, str):
        sheet.write_string(row, column, spreadsheet_text(value), cell_format)
    elif value is None:
        sheet.write_blank(row, column, None, cell_format)
    else:
        sheet.write_number(row, column, value, cell_format)


def _sheet_name(name):
    """Excel's limit on a sheet name: 31 characters, none of []:*?/\\."""
    return "".join(character for character in str(name) if character not in "[]:*?/\\")[:31]
