"""CSV and XLSX files of a funding slice: one row per funding line and a totals row.

Both stream: the CSV is written while the database cursor is read in chunks,
the XLSX goes through openpyxl's write-only mode into a temporary file. Memory
stays the same whatever the size of the slice.

The CSV is UTF-8 with a byte-order mark and commas: Excel then opens it with
Indonesian names intact (without the mark it guesses a legacy code page), and
any other program reads it as plain RFC 4180 CSV. Amounts are plain integers
of whole rupiah, so no program misreads a thousands separator.

Every text cell of both files goes through ``spreadsheet_text``: titles, purposes
and names are typed by people, and a spreadsheet must show them, never run them.
"""

import csv
import tempfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .selectors import export_rows

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


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer."""

    def write(self, value):
        return value


def csv_chunks(lines, totals):
    """The CSV text, line by line: byte-order mark, header, funding lines, totals."""
    writer = csv.writer(_Echo())

    def line(values):
        return writer.writerow([spreadsheet_text(value) for value in values])

    yield BOM + line(str(header) for header, _money in COLUMNS)
    for row in export_rows(lines):
        yield line(row)
    yield line(totals_row(totals))


def write_xlsx(lines, totals, summary, title):
    """The workbook in a temporary file (rewound): the funding lines, then a summary sheet.

    ``summary`` is ``selectors.funding_summary`` of the same lines. The caller
    closes the file (a FileResponse does when it has sent it).
    """
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    sheet = workbook.create_sheet(_("Funding lines"))
    sheet.freeze_panes = "A2"
    for index, (_header, money) in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = 18 if money else 14
    sheet.append([_cell(sheet, str(header), font=bold) for header, _money in COLUMNS])
    for row in export_rows(lines):
        sheet.append([_cell(sheet, value, money=i in MONEY_COLUMNS) for i, value in enumerate(row)])
    sheet.append(
        [
            _cell(sheet, value, money=i in MONEY_COLUMNS, font=bold)
            for i, value in enumerate(totals_row(totals))
        ]
    )

    overview = workbook.create_sheet(_("Summary"))
    overview.column_dimensions["A"].width = 34
    for letter in "BCDEF":
        overview.column_dimensions[letter].width = 20
    overview.append([_cell(overview, title, font=Font(bold=True, size=13))])
    for caption, rows in [
        (_("By funding source"), summary["by_source"]),
        (_("By budget year"), summary["by_year"]),
        (_("By kind of activity"), summary["by_kind"]),
        (_("By activity type"), summary["by_type"]),
    ]:
        overview.append([])
        overview.append(
            [
                _cell(overview, text, font=bold)
                for text in [
                    caption,
                    _("Budget (Rp)"),
                    _("Spending (Rp)"),
                    _("Remainder (Rp)"),
                    _("Activities"),
                    _("Forums"),
                ]
            ]
        )
        for row in [*rows, {**summary["totals"], "name": _("Total")}]:
            overview.append(
                [
                    _cell(overview, row["name"]),
                    _cell(overview, row["budget"], money=True),
                    _cell(overview, row["spending"], money=True),
                    _cell(overview, row["remainder"], money=True),
                    _cell(overview, row["activities"]),
                    _cell(overview, row["forums"]),
                ]
            )

    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output


def _cell(sheet, value, *, money=False, font=None):
    """One cell of a write-only sheet. Text is always a text cell: openpyxl would
    otherwise make a formula of any string starting with "="."""
    value = spreadsheet_text(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if money:
        cell.number_format = RUPIAH_FORMAT
    if font is not None:
        cell.font = font
    return cell
