"""A cell's value made ready for the staff forms, which then validate it.

Only what a form cannot read is changed here: Excel date cells and date serials,
"22/10/2018" and "22 Oktober 2018" become dates; whole numbers Excel stores as floats
become ints; text is stripped. Money stays as written ("Rp 150.000.000" too): the
form's ``RupiahField`` reads it, as it does on the web form. A cell that cannot be read
(an Excel error such as #DIV/0!, or text that is a formula) raises ``CellError``.
"""

import datetime
import re

from django.utils.translation import gettext as _

from .columns import DATE, DECIMAL, INTEGER, MONEY, TEXT

FORMULA_STARTS = ("=", "+", "@")
EXCEL_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug", "agt"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        1,
    )
    for name in names
}
NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")
WORDS_DATE = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Excel's leap bug)


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text_of(value):
    """A cell as text, stripped: a number Excel kept as 12.0 reads "12"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()[:10] if not getattr(value, "hour", 0) else value.isoformat()
    return str(value).strip()


def parse_date(value):
    """A date from an Excel date cell, a serial, "22/10/2018", "22 Oktober 2018" or
    "2018-10-22"; anything else is returned as it is (the form then says it is no date)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serials run to 9999-12-31
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        return str(value)
    text = str(value).strip()
    if text.isdigit() and 20000 <= int(text) < 80000:  # a serial kept as text (1954–2118)
        return EXCEL_EPOCH + datetime.timedelta(days=int(text))
    try:
        if match := NUMERIC_DATE.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := ISO_DATE.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if (match := WORDS_DATE.fullmatch(text)) and match[2].casefold() in MONTHS:
            return datetime.date(int(match[3]), MONTHS[match[2].casefold()], int(match[1]))
    except ValueError:  # 31/02/2018
        pass
    return text


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def prepared(value, kind):
    """``value`` (a cell) for a form field of ``kind``; None or "" when the cell is empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = value.strip()
        if value in EXCEL_ERRORS:
            raise CellError(
                _("the cell shows the error %(error)s of a formula; enter the value itself.")
                % {"error": value}
            )
        if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]  # the export's mark that text starting so is text
        elif value.startswith(FORMULA_STARTS) and kind == TEXT and len(value) > 1:
            raise CellError(_("this looks like a formula; enter the value itself."))
        if not value:
            return ""
    if kind == DATE:
        return parse_date(value)
    if kind in (INTEGER, MONEY):
        return _number(value)
    if kind == DECIMAL:
        return str(value).strip() if not isinstance(value, str) else value
    return text_of(value)
