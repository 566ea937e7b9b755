"""The XLSX to fill in: a data sheet with the import's headers and drop-down lists, an
instructions sheet with an example row, and the lists themselves on a third sheet."""

import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity, ActivityType, FundingSource
from forums.models import Forum

from .columns import COLUMNS

FIRST_YEAR = 2010
VALIDATED_ROWS = 5000  # rows of the data sheet that carry the drop-down lists
FORUM_LIST_LIMIT = 2000  # an administrator's list would be the whole country: numbers then


def forum_choice(forum):
    """How a forum is written in the template's list: "12 — FKS Tanah Garam"."""
    return f"{forum.pk} — {forum.name}"


def _example(forum, kind, source):
    return {
        "reference": "SLK-2018-01",
        "forum": forum_choice(forum) if forum else "12 — FKS Tanah Garam",
        "activity_type": kind.name if kind else "Gedung serbaguna",
        "title": "Pembangunan balai warga",
        "status": str(Activity.Status.PLANNED.label),
        "volume": 1,
        "unit": "unit",
        "planned_start": "22/10/2018",
        "planned_end": "22 Desember 2018",
        "source": source.name if source else "APBN",
        "budget_year": 2018,
        "purpose": "Pembangunan",
        "budget": "Rp 150.000.000",
        "spending": 0,
    }


def write_template(user):
    """The template for ``user`` (their forums only in its list), in a rewound temp file."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    book = xlsxwriter.Workbook(output, {"in_memory": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    columns = [column for column in COLUMNS if column.in_template]

    data = book.add_worksheet(_("Activities")[:31])
    instructions = book.add_worksheet(_("Instructions")[:31])
    lists = book.add_worksheet(_("Lists")[:31])
    data.freeze_panes(1, 0)
    for position, column in enumerate(columns):
        data.write_string(0, position, str(column.header), bold)
        data.set_column(position, position, 22)

    forums = list(Forum.objects.in_scope(user).order_by("name", "pk")[: FORUM_LIST_LIMIT + 1])
    types = list(ActivityType.objects.filter(is_active=True))
    sources = list(FundingSource.objects.filter(is_active=True))
    statuses = [str(label) for _value, label in Activity.Status.choices]
    this_year = timezone.localdate().year
    years = list(range(FIRST_YEAR, this_year + 3))
    named = {
        "forum": [forum_choice(forum) for forum in forums]
        if len(forums) <= FORUM_LIST_LIMIT
        else [],
        "activity_type": [kind.name for kind in types],
        "source": [source.name for source in sources],
        "status": statuses,
        "budget_year": years,
    }
    lists.write_row(
        0,
        0,
        [_("Forum"), _("Activity type"), _("Funding source"), _("Status"), _("Budget year")],
        bold,
    )
    for list_column, key in enumerate(named):
        for list_row, value in enumerate(named[key], 1):
            lists.write(list_row, list_column, value)
    lists.set_column(0, 4, 30)
    for position, column in enumerate(columns):
        values = named.get(column.key)
        if not values:
            continue
        list_column = list(named).index(column.key)
        letter = xlsxwriter.utility.xl_col_to_name(list_column)
        source = f"='{lists.get_name()}'!${letter}$2:${letter}${len(values) + 1}"
        data.data_validation(
            1,
            position,
            VALIDATED_ROWS,
            position,
            {
                "validate": "list",
                "source": source,
                "error_title": str(column.header),
                "error_message": _("Choose a value from the list."),
            },
        )

    lines = [
        _("Import of activities and their funding"),
        _("One row per funding line. Rows of the same activity share its reference."),
        _(
            "Fill in the first sheet. Choose the forum, type, source and year from the lists. "
            "Amounts in whole rupiah; dates as 22/10/2018 or 22 Oktober 2018."
        ),
        _(
            "Upload the file in the staff workspace: you first see every problem, row by row, "
            "and nothing is saved until you import it. Activities are saved as drafts."
        ),
    ]
    example = _example(
        forums[0] if forums else None, types[0] if types else None, sources[0] if sources else None
    )
    write_instructions(instructions, lines, columns, example, bold=bold, wrap=wrap)
    book.close()
    output.seek(0)
    return output


def write_instructions(sheet, lines, columns, example, *, bold, wrap):
    """The instructions sheet of a template: the ``lines`` (the first as a title), what
    to write in each column (required or optional, and its help), and an example row."""
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90)
    for number, line in enumerate(lines):
        sheet.write_string(number, 0, line, wrap if number else bold)
    at = len(lines) + 1
    sheet.write_string(at, 0, _("Column"), bold)
    sheet.write_string(at, 1, _("What to write"), bold)
    for offset, column in enumerate(columns, 1):
        required = _("required") if column.required else _("optional")
        sheet.write_string(at + offset, 0, str(column.header))
        text = f"{required}. {column.help}" if column.help else f"{required}."
        sheet.write_string(at + offset, 1, text, wrap)
    at += len(columns) + 2
    sheet.write_string(at, 0, _("Example row"), bold)
    for position, column in enumerate(columns):
        sheet.write_string(at + 1, position, str(column.header), bold)
        value = example.get(column.key, "")
        if isinstance(value, int):
            sheet.write_number(at + 2, position, value)
        else:
            sheet.write_string(at + 2, position, value)


def write_incident_template(user):
    """The template of conflict incidents: a data sheet (the trigger a drop-down list),
    an instructions sheet with an example row, and the list of triggers."""
    from forums.models import ConflictTrigger, Village

    from .incidents import COLUMNS as INCIDENT_COLUMNS

    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    book = xlsxwriter.Workbook(output, {"in_memory": False})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    columns = [column for column in INCIDENT_COLUMNS if column.in_template]

    data = book.add_worksheet(_("Conflict incidents")[:31])
    instructions = book.add_worksheet(_("Instructions")[:31])
    lists = book.add_worksheet(_("Lists")[:31])
    data.freeze_panes(1, 0)
    text = book.add_format({"num_format": "@"})
    for position, column in enumerate(columns):
        data.write_string(0, position, str(column.header), bold)
        # The village code as text, so Excel keeps its leading digits as written.
        data.set_column(position, position, 22, text if column.key == "village_code" else None)

    triggers = list(ConflictTrigger.objects.filter(is_active=True).order_by("position", "name"))
    names = [trigger.name for trigger in triggers]
    lists.write_string(0, 0, _("Trigger"), bold)
    lists.write_string(0, 1, _("Code"), bold)
    for list_row, trigger in enumerate(triggers, 1):
        lists.write_string(list_row, 0, trigger.name)
        lists.write_string(list_row, 1, trigger.code)
    lists.set_column(0, 1, 40)
    position = [column.key for column in columns].index("trigger")
    if names:
        data.data_validation(
            1,
            position,
            VALIDATED_ROWS,
            position,
            {
                "validate": "list",
                "source": f"='{lists.get_name()}'!$A$2:$A${len(names) + 1}",
                "error_title": _("Trigger"),
                "error_message": _("Choose a value from the list."),
            },
        )

    lines = [
        _("Import of conflict incidents"),
        _("One row per incident. Name the village by its code, or by its names."),
        _(
            "Fill in the first sheet. Choose the trigger from the list. Dates as 22/10/2018 "
            "or 22 Oktober 2018; numbers of people as whole numbers, empty when not known."
        ),
        _(
            "Upload the file in the staff workspace: you first see every problem, row by row, "
            "and nothing is saved until you import it. Incidents are saved as drafts."
        ),
    ]
    village = Village.objects.in_scope(user).order_by("pk").first()
    example = {
        "reference": "KONF-2024-01",
        "village_code": village.pk.replace(".", "") if village else "1372011001",
        "occurred_on": "22/10/2024",
        "trigger": names[0] if names else "",
        "description": "Bentrok antarwarga karena batas lahan",
        "people_affected": 120,
        "people_displaced": 15,
        "source": "Laporan Polres",
    }
    write_instructions(instructions, lines, columns, example, bold=bold, wrap=wrap)
    book.close()
    output.seek(0)
    return output
