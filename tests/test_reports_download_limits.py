"""The costly downloads are throttled per client address and bounded in size, with a message."""

import pytest
from django.http import FileResponse
from django.urls import reverse

from .factories import UserFactory
from .funding_data import funded_activity

pytestmark = pytest.mark.django_db

CSV = reverse("funding_csv")
XLSX = reverse("funding_xlsx")
PDF = reverse("activity_register_pdf")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def three_lines():
    """Two activities, three funding lines."""
    return [
        funded_activity([("apbn", 2019, 10_000_000, 0), ("self-help", 2020, 5_000_000, 0)]),
        funded_activity([("apbn", 2020, 20_000_000, 0)], title="Seminar"),
    ]


# Rate per client address -----------------------------------------------------------------


@pytest.mark.parametrize("first, second", [(CSV, CSV), (CSV, XLSX), (XLSX, XLSX)])
def test_exports_past_the_rate_answer_429_with_retry_after(english, settings, first, second):
    settings.EXPORT_RATE = "1/minute"

    assert english.get(first).status_code == 200
    response = english.get(second)

    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert 0 < seconds <= 60
    body = response.content.decode()
    assert "Too many downloads from your address" in body
    assert f"Try again in {seconds} seconds" in body


def test_rate_is_counted_per_client_address(client, settings):
    settings.EXPORT_RATE = "2/minute"

    assert [client.get(CSV).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(CSV, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_pdf_register_has_its_own_rate(client, settings, three_lines):
    settings.REGISTER_PDF_RATE = "1/minute"
    settings.REGISTER_PDF_MAX_ROWS = 1  # refused for its size: no drawing needed

    assert client.get(PDF).status_code == 400
    assert client.get(PDF).status_code == 429
    assert client.get(CSV).status_code == 200


def test_an_empty_rate_means_no_limit(client, settings):
    settings.EXPORT_RATE = ""

    assert {client.get(CSV).status_code for _ in range(5)} == {200}


# Size ------------------------------------------------------------------------------------


def test_pdf_register_beyond_its_row_limit_is_refused_with_a_message(
    english, settings, three_lines
):
    settings.REGISTER_PDF_MAX_ROWS = 1

    response = english.get(PDF, {"year": "2020"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "This slice holds 2 activities; a PDF register holds at most 1." in body
    assert f'href="{reverse("funding_summary")}?year=2020"' in body


def test_pdf_register_within_its_row_limit_is_drawn(client, settings, three_lines):
    pytest.importorskip("weasyprint")
    settings.REGISTER_PDF_MAX_ROWS = 2

    response = client.get(PDF)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_register_page_offers_no_pdf_beyond_the_pdf_limit(english, settings, three_lines):
    settings.PAGE_CACHE = False  # the same page again under another setting
    settings.REGISTER_PDF_MAX_ROWS = 1

    body = english.get(reverse("activity_register")).content.decode()

    assert PDF not in body
    assert "A PDF register holds at most 1 activities" in body
    settings.REGISTER_PDF_MAX_ROWS = 2
    assert PDF in english.get(reverse("activity_register")).content.decode()


def test_xlsx_beyond_its_row_limit_is_refused_with_a_message(english, settings, three_lines):
    settings.EXPORT_XLSX_MAX_ROWS = 2

    response = english.get(XLSX, {"province": "13"})

    assert response.status_code == 400
    assert not isinstance(response, FileResponse)
    body = response.content.decode()
    assert "That is 3 funding lines; an XLSX file holds at most 2." in body
    assert f'href="{CSV}?province=13"' in body
    settings.EXPORT_XLSX_MAX_ROWS = 3
    assert isinstance(english.get(XLSX), FileResponse)


def test_funding_page_offers_no_xlsx_beyond_the_xlsx_limit(english, settings, three_lines):
    settings.EXPORT_XLSX_MAX_ROWS = 2

    body = english.get(reverse("funding_summary")).content.decode()

    assert XLSX not in body
    assert CSV in body
    assert "An Excel file holds at most 2 funding lines" in body


def test_admin_action_beyond_the_xlsx_limit_stays_on_the_list_with_the_reason(
    english, settings, three_lines
):
    settings.EXPORT_XLSX_MAX_ROWS = 2
    english.force_login(UserFactory(is_superuser=True, is_staff=True))
    changelist = reverse("admin:activities_activity_changelist")

    response = english.post(
        changelist,
        {"action": "export_funding_xlsx", "_selected_action": [a.pk for a in three_lines]},
        follow=True,
    )

    assert not isinstance(response, FileResponse)
    assert response.redirect_chain[-1][0].endswith(changelist)
    assert "That is 3 funding lines; an XLSX file holds at most 2." in response.content.decode()
