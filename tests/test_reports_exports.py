"""Downloads of a funding slice: CSV, XLSX, the printable register (and PDF), the admin action."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.http import FileResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

from activities.models import Activity
from forums.models import StaffProfile, State
from reports import selectors
from reports.exports import COLUMNS, MONEY_COLUMNS, RUPIAH_FORMAT

from .factories import UserFactory
from .funding_data import (
    BABUSSALAM,
    PADANG,
    csv_rows,
    first_village,
    funded_activity,
    xlsx_rows,
    xlsx_workbook,
)

pytestmark = pytest.mark.django_db

CSV = reverse("funding_csv")
XLSX = reverse("funding_xlsx")
REGISTER = reverse("activity_register")
BUDGET, SPENDING, REMAINDER = MONEY_COLUMNS


@pytest.fixture
def programme():
    hall = funded_activity(
        [("apbn", 2019, 100_000_000, 60_000_000), ("apbd-regency", 2020, 50_000_000, 0)],
        title="Gedung Serbaguna Payo",
        volume=1,
        unit="unit",
    )
    seminar = funded_activity(
        [("dpr-aspiration", 2020, 20_000_000, 15_000_000)],
        village=BABUSSALAM,
        activity_type="seminar",
        title="Seminar Kebangsaan",
    )
    draft = funded_activity([("apbn", 2019, 5_000_000, 0)], state=State.DRAFT, title="Rahasia")
    return {"hall": hall, "seminar": seminar, "draft": draft}


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def staff(role, province=None, regencies=()):
    user = UserFactory()
    profile = StaffProfile.objects.create(user=user, role=role, province_id=province)
    profile.regencies.set(regencies)
    return user


# CSV -----------------------------------------------------------------------------------------


def test_csv_streams_one_row_per_funding_line_with_bom_and_totals(english, programme):
    response = english.get(CSV)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pendanaan-ks.csv"'
    rows = csv_rows(response)
    header, lines, totals = rows[0], rows[1:-1], rows[-1]
    assert header == [str(label) for label, _money in COLUMNS]
    assert len(lines) == 3
    assert "Rahasia" not in str(rows)
    assert totals[0] == "Total"
    assert (totals[BUDGET], totals[SPENDING], totals[REMAINDER]) == (
        "170000000",
        "75000000",
        "95000000",
    )
    assert sum(int(line[BUDGET]) for line in lines) == 170_000_000


def test_csv_keeps_indonesian_names_and_plain_integer_amounts(client, programme):
    rows = csv_rows(client.get(CSV, {"province": "13"}))

    line = rows[1]
    assert line[:4] == ["13", "Sumatera Barat", "13.72", "Kota Solok"]
    assert line[6] == "Kelurahan Tanah Garam"
    assert line[11] == "Gedung serbaguna"
    assert line[BUDGET] == "100000000"


def test_csv_takes_the_same_filters_as_the_page(client, programme):
    rows = csv_rows(client.get(CSV, {"year": "2020", "source": "apbd-regency"}))

    assert len(rows) == 3
    assert rows[-1][BUDGET] == "50000000"
    response = client.get(CSV, {"year": "2020", "source": "apbd-regency"})
    assert response["Content-Disposition"].endswith('pendanaan-ks-2020-apbd-regency.csv"')


def test_csv_for_staff_is_their_scope_with_the_state_of_each_line(english, programme):
    funded_activity([("apbn", 2019, 7_000_000, 0)], village=first_village(PADANG).code)
    english.force_login(staff("operator", regencies=["13.72"]))

    rows = csv_rows(english.get(CSV))

    states = {line[14] for line in rows[1:-1]}
    assert states == {"Published", "Draft"}
    assert rows[-1][BUDGET] == str(150_000_000 + 5_000_000)


def test_csv_of_an_empty_slice_has_header_and_zero_totals(client):
    rows = csv_rows(client.get(CSV))

    assert len(rows) == 2
    assert rows[-1][BUDGET] == "0"


def test_a_village_selects_its_lines_on_the_page_and_in_the_downloads(client, programme):
    page = client.get(reverse("funding_summary"), {"village": "13.72.01.1001"})
    rows = csv_rows(client.get(CSV, {"village": "13.72.01.1001"}))
    register = client.get(REGISTER, {"village": "13.72.01.1001"}).context

    assert page.context["totals"]["budget"] == 150_000_000
    assert len(rows) == 1 + 2 + 1  # header, the hall's two lines, totals
    assert register["title"] == "Register Kegiatan Kelurahan Tanah Garam, Kota Solok"
    assert register["place"] == "Solok"


def test_csv_for_excel_in_indonesian_has_semicolons_and_the_same_cells(client, programme):
    # Excel set to Indonesian uses the comma as its decimal mark and splits on semicolons.
    page = client.get(reverse("funding_summary"), {"year": "2019"}).content.decode()
    assert f'href="{CSV}?year=2019&amp;delimiter=semicolon"' in page

    semicolons = client.get(CSV, {"year": "2019", "delimiter": "semicolon"})
    commas = client.get(CSV, {"year": "2019"})

    body = b"".join(semicolons.streaming_content).decode("utf-8")
    assert body.splitlines()[0].count(";") == len(COLUMNS) - 1
    semicolons = client.get(CSV, {"year": "2019", "delimiter": "semicolon"})
    assert csv_rows(semicolons, delimiter=";") == csv_rows(commas)


def achieving_activity():
    return funded_activity(
        [("apbn", 2019, 110_000_000, 110_000_000)],
        title="Jalan Kampung Uji",
        activity_type="village-road",
        volume=Decimal("200.00"),
        achieved_volume=Decimal("150.50"),
        unit="m",
        executor="TPK Desa Babussalam",
        beneficiaries_male=120,
        remarks="Sisa 50 m\ntahun depan",
    )


RESULTS = slice(len(COLUMNS) - 7, None)  # the last seven columns, after the amounts


def test_csv_ends_each_line_with_what_its_activity_achieved(english):
    achieving_activity()

    header, line, totals = csv_rows(english.get(CSV))

    assert header[RESULTS] == [
        "Executor",
        "Planned volume",
        "Achieved volume",
        "Unit",
        "Beneficiaries (men)",
        "Beneficiaries (women)",
        "Remarks",
    ]
    # Volumes without trailing zeros; a count nobody made is empty, not 0.
    assert line[RESULTS] == [
        "TPK Desa Babussalam",
        "200",
        "150.5",
        "m",
        "120",
        "",
        "Sisa 50 m\ntahun depan",
    ]
    assert header[BUDGET] == "Budget (Rp)"  # the earlier columns keep their places
    assert totals[RESULTS] == [""] * 7


def test_xlsx_writes_volumes_and_counts_as_numbers(client):
    achieving_activity()

    rows = xlsx_rows(client.get(XLSX))

    assert rows[1][RESULTS] == [
        "TPK Desa Babussalam",
        200,
        150.5,
        "m",
        120,
        None,
        "Sisa 50 m\ntahun depan",
    ]


# XLSX ----------------------------------------------------------------------------------------


def test_xlsx_has_frozen_header_rupiah_format_and_totals_row(client, programme):
    response = client.get(XLSX)

    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="pendanaan-ks.xlsx"' in response["Content-Disposition"]
    workbook = xlsx_workbook(response)
    sheet = workbook.worksheets[0]
    assert sheet.freeze_panes == "A2"
    rows = [list(row) for row in sheet.iter_rows()]
    assert len(rows) == 1 + 3 + 1
    assert rows[0][0].font.bold
    assert rows[1][BUDGET].number_format == RUPIAH_FORMAT
    totals = rows[-1]
    assert totals[0].font.bold
    assert [totals[i].value for i in MONEY_COLUMNS] == [170_000_000, 75_000_000, 95_000_000]
    assert totals[BUDGET].number_format == RUPIAH_FORMAT
    assert all(isinstance(row[BUDGET].value, int) for row in rows[1:])


def test_xlsx_summary_sheet_by_source_and_year(client, programme):
    workbook = xlsx_workbook(client.get(XLSX))

    summary = list(workbook.worksheets[1].iter_rows(values_only=True))
    values = [row[1] for row in summary if row and isinstance(row[1], int)]
    # Four breakdowns, each ending with the same total.
    assert values.count(170_000_000) == 4


def test_xlsx_takes_the_filters(client, programme):
    rows = xlsx_rows(client.get(XLSX, {"province": "14"}))

    assert len(rows) == 3
    assert rows[1][10] == "Seminar Kebangsaan"
    assert rows[-1][BUDGET] == 20_000_000


# Register ------------------------------------------------------------------------------------


def test_register_has_a_row_per_activity_totals_place_date_and_signatures(english, programme):
    response = english.get(REGISTER, {"regency": "13.72"})
    body = response.content.decode()

    assert response.status_code == 200
    register = response.context["register"]
    assert [row["activity"].title for row in register.rows] == ["Gedung Serbaguna Payo"]
    row = register.rows[0]
    assert row["budget"] == 150_000_000 and row["remainder"] == 90_000_000
    assert row["years"] == "2019–2020"
    codes = [source.code for source in register.sources]
    assert row["by_source"][codes.index("apbn")] == 100_000_000
    assert row["by_source"][codes.index("apbd-regency")] == 50_000_000
    assert register.source_totals[codes.index("apbn")] == 100_000_000
    # The regency is in the title: a row names its village and district only.
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah</span>" in body
    assert response.context["title"] == "Activity register of Kota Solok"
    assert "150.000.000" in body
    assert 'class="register-totals"' in body
    assert "Solok, " in response.context["place"] + ", "
    assert "Acknowledged by," in body and "Prepared by," in body
    assert "1 unit" in body
    assert body.count("<h1") == 1
    assert "css/register.css" in body


def test_register_is_signed_in_jakarta_without_a_region(client, programme):
    response = client.get(REGISTER)

    assert response.context["place"] == "Jakarta"
    assert len(response.context["register"].rows) == 2
    # Without a regency, every row keeps its whole place path.
    assert "Kota Solok, Sumatera Barat</span>" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "title", "place"),
    [
        ({"regency": "13.72", "year": "2019"}, "Register Kegiatan Kota Solok, Tahun 2019", "Solok"),
        ({"province": "13"}, "Register Kegiatan Sumatera Barat", "Padang"),
        (
            {"year": "2020", "source": "apbn"},
            "Register Kegiatan seluruh provinsi, Tahun 2020 · APBN",
            "Jakarta",
        ),
    ],
)
def test_register_title_names_its_slice_and_is_signed_where_its_office_is(
    client, programme, query, title, place
):
    context = client.get(REGISTER, query).context

    assert (context["title"], context["place"]) == (title, place)


def test_register_pdf_numbers_its_pages_and_names_its_slice_in_the_margin(programme):
    from django.http import QueryDict

    from reports import drawing

    context = drawing.register_context(QueryDict("regency=13.72"), None, limit=300)
    html = render_to_string("reports/activity_register_pdf.html", context)
    margins = drawing.page_margins_css(context["title"])

    assert '"Halaman " counter(page) " dari " counter(pages)' in margins
    assert 'content: "Register Kegiatan Kota Solok";' in margins
    assert "<title>Register Kegiatan Kota Solok</title>" in html


def test_register_totals_match_the_page(client, programme):
    page = client.get(reverse("funding_summary"), {"year": "2020"})
    register = client.get(REGISTER, {"year": "2020"}).context["register"]

    assert register.totals["budget"] == page.context["totals"]["budget"] == 70_000_000
    assert sum(row["budget"] for row in register.rows) == 70_000_000
    assert sum(register.source_totals) == 70_000_000


def test_register_asks_for_a_narrower_slice_beyond_its_limit(client, programme, monkeypatch):
    monkeypatch.setattr(selectors, "REGISTER_LIMIT", 1)

    response = client.get(REGISTER)

    assert response.context["register"].too_many
    assert response.context["register"].rows == []
    assert 'role="alert"' in response.content.decode()


def test_register_marks_unpublished_activities_for_staff(english, programme):
    english.force_login(staff("operator", regencies=["13.72"]))

    response = english.get(REGISTER)
    body = response.content.decode()

    assert "Rahasia" in body
    assert "Includes unpublished data" in body
    assert '<span class="state">Draft</span>' in body


def test_register_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        funded_activity([("apbn", 2019, 1_000_000, 0), ("self-help", 2020, 500_000, 0)])
    with django_assert_max_num_queries(10):
        response = client.get(REGISTER)
    assert len(response.context["register"].rows) == 5


def test_register_has_executor_benefit_and_remarks_columns(english):
    achieving_activity()

    body = english.get(REGISTER).content.decode()

    assert '<th scope="col" rowspan="2" class="executor">Executor</th>' in body
    assert '<th scope="col" rowspan="2" class="benefit">Benefit</th>' in body
    assert '<th scope="col" rowspan="2" class="remarks">Remarks</th>' in body
    assert "<td>TPK Desa Babussalam</td>" in body
    assert '<span class="benefit-line">150.5 m</span>' in body
    assert "120 people (men 120, women not recorded)" in body
    assert "<td>Sisa 50 m<br>tahun depan</td>" in body
    assert '<td class="num">200 m</td>' in body  # the planned volume keeps its column
    assert "Village road</span>" in body  # the type, under the title


def test_register_amounts_from_a_billion_may_wrap_after_a_thousands_dot(client, programme):
    funded_activity([("apbn", 2019, 2_729_850_000, 0)], title="Gedung besar")

    body = client.get(REGISTER).content.decode()

    assert '<td class="num">2.<wbr>729.<wbr>850.<wbr>000</td>' in body
    assert '<td class="num">2.<wbr>899.<wbr>850.<wbr>000</td>' in body  # the total
    assert '<td class="num">150.000.000</td>' in body  # nine digits fit on one line


def test_register_pdf_holds_every_text_inside_its_column(programme):
    # Nine amounts of "150.000.000" and more beside eight text columns on A4 landscape.
    weasyprint = pytest.importorskip("weasyprint")
    from django.contrib.staticfiles import finders
    from django.http import QueryDict
    from weasyprint.formatting_structure import boxes

    from reports import drawing

    funded_activity(
        [(code, 2019, 950_000_000, 900_000_000) for code in ["apbn", "apbd-province", "other"]],
        title="Pembangunan Gedung Serbaguna dan Lapangan Olahraga Kelurahan",
        volume=Decimal("1250.75"),
        achieved_volume=Decimal("1250.75"),
        unit="m",
        executor="Kelompok Masyarakat Pelaksana Kelurahan Tanah Garam",
        beneficiaries_male=1250,
        beneficiaries_female=1175,
        remarks="Diserahterimakan kepada warga",
    )
    context = drawing.register_context(QueryDict(""), None, limit=300)
    html = render_to_string("reports/activity_register_pdf.html", context)
    stylesheet = weasyprint.CSS(filename=finders.find("css/register.css"))
    document = weasyprint.HTML(string=html).render(stylesheets=[stylesheet])

    spilt = []

    def walk(box, cell=None):
        cell = box if isinstance(box, boxes.TableCellBox) else cell
        if isinstance(box, boxes.TextBox) and cell is not None:
            right = cell.content_box_x() + cell.width + cell.padding_right
            if box.position_x + box.width > right + 0.5:
                spilt.append(box.text)
        for child in getattr(box, "children", []):
            walk(child, cell)

    for page in document.pages:
        walk(page._page_box)  # WeasyPrint's layout (pinned in requirements.txt)
    assert spilt == [], spilt


def test_register_pdf_is_a_pdf(client, programme, settings):
    pytest.importorskip("weasyprint")

    response = client.get(reverse("activity_register_pdf"), {"year": "2019"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="register-kegiatan-ks-2019.pdf"' in response["Content-Disposition"]
    assert settings.REGISTER_PDF_MAX_ROWS < selectors.REGISTER_LIMIT


# Admin action --------------------------------------------------------------------------------


def test_admin_action_exports_the_selected_activities_as_xlsx(client, programme):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    selected = [programme["hall"].pk, programme["draft"].pk]

    response = client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "export_funding_xlsx", "_selected_action": selected},
    )

    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    rows = xlsx_rows(response)
    assert {row[10] for row in rows[1:-1]} == {"Gedung Serbaguna Payo", "Rahasia"}
    assert rows[-1][BUDGET] == 155_000_000


def test_admin_action_stays_within_the_users_scope(client, programme):
    user = staff("operator", regencies=["13.72"])
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_activity", "change_activity"])
    )
    client.force_login(user)
    everything = list(Activity.objects.values_list("pk", flat=True))

    response = client.post(
        reverse("admin:activities_activity_changelist"),
        {"action": "export_funding_xlsx", "_selected_action": everything},
    )

    rows = xlsx_rows(response)
    assert "Seminar Kebangsaan" not in {row[10] for row in rows[1:-1]}
    assert rows[-1][BUDGET] == 155_000_000


def test_text_in_the_pdfs_page_margin_cannot_end_its_css_string_or_style_block():
    from reports.drawing import css_string

    assert css_string('FKS "Damai" </style>\\') == "FKS \\22 Damai\\22  \\3C /style>\\\\"
