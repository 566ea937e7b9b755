"""The activity register as CSV and XLSX: one row per activity, as the printed register.

The funding downloads (``reports.exports``) hold one row per funding line; offices that
keep a register per activity (the village development registers) want the register's
own rows: the activity with its place, its budget per funding source (a column for each
source the slice uses), total, spending, remainder, executor, results and remarks, and a
totals row. Names stand beside their codes, never instead of them.
"""

import csv
import io

import xlsxwriter
from django.utils.translation import gettext as _

from .exports import BOM, RUPIAH_FORMAT, _sheet_name, _write, spreadsheet_text


def _headers(register):
    return [
        _("No."),
        _("Province code"),
        _("Province"),
        _("Regency or city code"),
        _("Regency or city"),
        _("District"),
        _("Village code"),
        _("Village"),
        _("Forum"),
        _("Activity ID"),
        _("Activity"),
        _("Activity type"),
        _("Budget year"),
        *[
            _("Budget %(source)s (Rp)") % {"source": source.display_name}
            for source in register.sources
        ],
        _("Total budget (Rp)"),
        _("Spending (Rp)"),
        _("Remainder (Rp)"),
        _("Executor"),
        _("Planned volume"),
        _("Achieved volume"),
        _("Unit"),
        _("Beneficiaries (men)"),
        _("Beneficiaries (women)"),
        _("Remarks"),
        _("Status"),
    ]


def _volume(value):
    """A volume as a number: whole ones as integers ("200", not "200.00")."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


def _row(entry):
    activity = entry["activity"]
    village = activity.forum.village
    regency = village.district.regency
    return [
        entry["number"],
        regency.province_id,
        regency.province.name,
        regency.pk,
        regency.name,
        village.district.name,
        village.pk,
        f"{village.kind_label} {village.name}",
        activity.forum.name,
        activity.pk,
        activity.title,
        activity.activity_type.display_name,
        entry["years"],
        *entry["by_source"],
        entry["budget"],
        entry["spending"],
        entry["remainder"],
        activity.executor,
        _volume(activity.volume),
        _volume(activity.achieved_volume),
        activity.unit,
        activity.beneficiaries_male,
        activity.beneficiaries_female,
        activity.remarks,
        str(activity.get_status_display()).capitalize(),
    ]


def _money_columns(register):
    """The indexes of the amount columns: a budget per source, total, spending, remainder."""
    first = 13
    return list(range(first, first + len(register.sources) + 3))


def _totals(register):
    headers = _headers(register)
    row = [""] * len(headers)
    row[0] = _("Total")
    row[1] = _("%(count)s activities") % {"count": len(register.rows)}
    amounts = [
        *register.source_totals,
        register.totals["budget"],
        register.totals["spending"],
        register.totals["remainder"],
    ]
    for index, amount in zip(_money_columns(register), amounts, strict=True):
        row[index] = amount
    return row


def register_table(register):
    """Header, one row per activity, and the totals row, as lists of cell values."""
    return [_headers(register), *(_row(entry) for entry in register.rows), _totals(register)]


def table_csv(table, *, delimiter=","):
    """Rows of cell values as CSV text (with a BOM, so that Excel reads it as UTF-8),
    every text made safe for a spreadsheet."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in table:
        writer.writerow(["" if value is None else spreadsheet_text(value) for value in row])
    return buffer.getvalue()


def register_csv(register, *, delimiter=","):
    """The register as CSV text."""
    return table_csv(register_table(register), delimiter=delimiter)


def table_xlsx(table, title, sheet_name):
    """Rows of cell values (the first the header) as an XLSX workbook (bytes) of one sheet,
    under a bold ``title``, with the header frozen and filtered."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet(_sheet_name(sheet_name))
    sheet.write_string(0, 0, title, bold)
    for index, row in enumerate(table):
        for column, value in enumerate(row):
            _write(sheet, index + 2, column, value, bold if index == 0 else None)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, 2 + len(table) - 1, len(table[0]) - 1)
    workbook.close()
    return output.getvalue()


def register_xlsx(register, title):
    """The register as an XLSX workbook (bytes): one sheet, amounts in rupiah format."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": RUPIAH_FORMAT})
    bold_money = workbook.add_format({"num_format": RUPIAH_FORMAT, "bold": True})
    sheet = workbook.add_worksheet(_sheet_name(_("Activity register")))
    sheet.write_string(0, 0, title, bold)
    table = register_table(register)
    money_columns = set(_money_columns(register))
    last = len(table) - 1
    for index, row in enumerate(table):
        for column, value in enumerate(row):
            if index == 0 or index == last:
                style = bold_money if column in money_columns and index else bold
            else:
                style = money if column in money_columns else None
            _write(sheet, index + 2, column, value, style)
    sheet.freeze_panes(3, 0)
    sheet.autofilter(2, 0, 2 + last - 1, len(table[0]) - 1)
    workbook.close()
    return output.getvalue()
