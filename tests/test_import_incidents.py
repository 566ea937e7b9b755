"""The bulk import of conflict incidents (``ImportBatch.kind`` "incidents"): real XLSX
files through the staff import pages; every row checked before anything is written."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from activities.importing import services
from activities.models import Activity, ImportBatch
from forums.models import ConflictIncident, ConflictTrigger, State

from .factories import TANAH_GARAM, ConflictIncidentFactory, ForumFactory, staff_user
from .imports import row, upload, workbook

pytestmark = pytest.mark.django_db

ROKAN_HULU_VILLAGE = "14.06.03.2013"
HEADERS = [
    "Reference",
    "Village code",
    "Date",
    "Trigger",
    "Description",
    "People affected",
    "People displaced",
    "Source",
]
NAME_HEADERS = ["Reference", "Regency or city", "District", "Village", *HEADERS[2:]]


def incident_row(reference="K-1", **overrides):
    values = {
        "Reference": reference,
        "Village code": "1372011001",
        "Date": "14/03/2025",
        "Trigger": "Sengketa lahan",
        "Description": f"Sengketa batas kebun {reference}",
        "People affected": 40,
        "People displaced": 5,
        "Source": "Laporan lurah",
    }
    values.update(overrides)
    return values


@pytest.fixture
def operator(client):
    user = staff_user("operator", regencies=["13.72"])
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def send(client, rows, headers=HEADERS, kind="incidents"):
    """Upload a workbook of ``rows`` as ``kind``; the batch and its page."""
    data = workbook(rows, headers=headers)
    response = client.post(
        "/staff/import/", {"kind": kind, "file": upload(data, "insiden.xlsx")}, follow=True
    )
    return ImportBatch.objects.latest("pk"), response


def commit(client, batch):
    client.post(f"/staff/import/{batch.pk}/commit/")
    batch.refresh_from_db()
    return batch


def test_a_good_sheet_creates_drafts_by_the_importing_user_with_history(client, operator):
    batch, response = send(client, [incident_row("K-1"), incident_row("K-2", **{"Date": ""})])
    # The second row has no date: nothing is written, the page names row and column.
    assert b"Row 3, column Date: This field is required." in response.content
    assert not ConflictIncident.objects.exists()
    batch, response = send(client, [incident_row("K-1"), incident_row("K-2")])
    assert batch.kind == ImportBatch.Kind.INCIDENTS
    assert b"2 incidents: 2 new, 0 changed, 0 unchanged." in response.content
    assert not ConflictIncident.objects.exists()  # the preview writes nothing
    batch = commit(client, batch)
    assert batch.status == ImportBatch.Status.COMMITTED
    incidents = list(ConflictIncident.objects.order_by("import_reference"))
    assert [i.import_reference for i in incidents] == ["K-1", "K-2"]
    first = incidents[0]
    assert first.state == State.DRAFT
    assert first.village_id == TANAH_GARAM
    assert first.trigger.code == "land-dispute"
    assert first.occurred_on == datetime.date(2025, 3, 14)
    assert (first.people_affected, first.people_displaced) == (40, 5)
    history = first.history.get()
    assert history.history_user == operator
    assert history.history_change_reason == services.history_reason(batch)
    assert set(batch.created_incidents.all()) == set(incidents)
    assert not batch.created.exists()
    assert not Activity.objects.exists()


def test_villages_by_names_and_triggers_by_code():
    user = staff_user("operator", regencies=["13.72"])
    rows = [
        {
            **incident_row("N-1"),
            "Regency or city": "Kota Solok",
            "District": "Lubuk Sikarah",
            "Village": "tanah garam",
            "Trigger": "land-dispute",
        }
    ]
    batch = _batch(user, workbook(rows, headers=NAME_HEADERS))
    services.check(batch)
    assert batch.errors == []
    services.commit(batch)
    incident = ConflictIncident.objects.get()
    assert incident.village_id == TANAH_GARAM
    assert incident.trigger.code == "land-dispute"


def test_indonesian_headers_and_a_regency_without_its_kind():
    """ "Kode desa" / "Desa" as offices write them; "Solok" finds Kota Solok."""
    user = staff_user("operator", regencies=["13.72"])
    headers = ["Referensi", "Kabupaten/Kota", "Desa", *HEADERS[2:]]
    rows = [
        {**incident_row(), "Referensi": "N-1", "Kabupaten/Kota": "Solok", "Desa": "Tanah Garam"}
    ]
    batch = _batch(user, workbook(rows, headers=headers), language="id")
    services.check(batch)
    assert batch.errors == []
    assert batch.summary["ignored"] == []
    services.commit(batch)
    assert ConflictIncident.objects.get().import_reference == "N-1"


def _batch(user, data, language="en"):
    from django.core.files.base import ContentFile

    batch = ImportBatch(
        user=user,
        kind=ImportBatch.Kind.INCIDENTS,
        file_name="insiden.xlsx",
        checksum="0",
        size=len(data),
        language=language,
    )
    batch.file.save("upload", ContentFile(data), save=False)
    batch.save()
    return batch


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"Village code": "9999999999"}, "Village code", "No village has this code."),
        ({"Village code": "12345"}, "Village code", "Write the village's 10-digit code."),
        ({"Trigger": "Perang bintang"}, "Trigger", "Unknown trigger"),
        ({"Date": "2999-01-01"}, "Date", "cannot be in the future"),
        ({"People displaced": 50}, "People displaced", "More people displaced than affected"),
        ({"Description": ""}, "Description", "This field is required."),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(
    client, operator, overrides, column, message
):
    batch, response = send(client, [incident_row("K-1"), incident_row("K-2", **overrides)])
    errors = [f"Row {r}, column {c}: {m}" for r, c, m in batch.errors]
    assert any(e.startswith(f"Row 3, column {column}: ") and message in e for e in errors), errors
    assert not batch.can_commit
    assert message.encode() in response.content or message.replace("'", "&#x27;").encode() in (
        response.content
    )
    assert client.post(f"/staff/import/{batch.pk}/commit/").status_code == 302
    assert not ConflictIncident.objects.exists()


def test_a_village_outside_the_users_regions_is_refused(client, operator):
    batch, _response = send(client, [incident_row("K-1", **{"Village code": ROKAN_HULU_VILLAGE})])
    assert batch.errors == [
        [2, "Village code", "Choose a village within your own region from the list."]
    ]
    commit(client, batch)
    assert not ConflictIncident.objects.exists()


def test_reimporting_a_reference_updates_that_incident(client, operator):
    batch = commit(client, send(client, [incident_row("K-1")])[0])
    incident = ConflictIncident.objects.get()
    batch, response = send(
        client, [incident_row("K-1", **{"People affected": 90}), incident_row("K-2")]
    )
    assert b"2 incidents: 1 new, 1 changed, 0 unchanged." in response.content
    batch = commit(client, batch)
    incident.refresh_from_db()
    assert incident.people_affected == 90
    assert ConflictIncident.objects.count() == 2
    assert list(batch.updated_incidents.all()) == [incident]
    assert incident.history.count() == 2


def test_a_submitted_incident_is_not_changed_by_a_reimport(client, operator):
    ConflictIncidentFactory(import_reference="K-1", state=State.SUBMITTED)
    batch, _response = send(client, [incident_row("K-1", **{"People affected": 90})])
    assert batch.errors[0][:2] == [2, "Reference"]
    assert "sent for verification or published" in batch.errors[0][2]
    commit(client, batch)
    assert ConflictIncident.objects.get().people_affected == 40


def test_another_regencys_incident_with_the_reference_is_not_reached(client):
    """An operator of Rokan Hulu cannot touch Solok's incident by naming its reference."""
    ConflictIncidentFactory(import_reference="K-1")
    user = staff_user("operator", regencies=["14.06"])
    client.force_login(user)
    batch, _response = send(client, [incident_row("K-1", **{"People affected": 90})])
    assert batch.errors and not batch.can_commit
    assert ConflictIncident.objects.get().people_affected == 40


def test_the_same_reference_twice_in_a_file_is_refused(client, operator):
    batch, _response = send(client, [incident_row("K-1"), incident_row("K-1")])
    assert batch.errors == [[3, "Reference", "the same reference and village as row 2."]]


def test_a_file_without_the_required_columns_is_refused(client, operator):
    batch, response = send(client, [{"Reference": "K-1"}], headers=["Reference", "Date"])
    assert batch.summary["problems"] and not batch.can_commit
    assert b"Columns missing: Village code / Village, Trigger, Description, Source" in (
        response.content
    )


def test_the_template_downloads_with_the_trigger_list_and_instructions(client, operator):
    ConflictTrigger.objects.filter(code="political-excess").update(is_active=False)
    response = client.get("/staff/import/template.xlsx?kind=incidents")
    assert "import-incidents-template.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, instructions, lists = book.worksheets
    headers = [cell.value for cell in data[1]]
    assert headers[:2] == ["Reference", "Village code"]
    assert {"Date", "Trigger", "People displaced", "Source"} <= set(headers)
    names = [cell.value for cell in lists["A"]][1:]
    assert "Sengketa lahan" in names and "Ekses politik" not in names
    trigger_column = "ABCDEFGHIJKL"[headers.index("Trigger")]
    validated = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
    assert f"{trigger_column}2" in validated
    texts = [cell.value for line in instructions.iter_rows() for cell in line]
    assert "Import of conflict incidents" in texts
    assert "KONF-2024-01" in texts


def test_the_template_in_indonesian_has_indonesian_headers(client, operator):
    client.cookies["django_language"] = "id"
    response = client.get("/staff/import/template.xlsx?kind=incidents")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[:2] == ["Referensi", "Kode desa/kelurahan"]


def test_the_incident_list_links_to_the_import_and_the_page_offers_the_kinds(client, operator):
    assert b'href="/staff/import/?kind=incidents"' in client.get("/staff/incidents/").content
    page = client.get("/staff/import/?kind=incidents").content.decode()
    assert 'value="incidents" selected' in page
    assert "/staff/import/template.xlsx?kind=incidents" in page


def test_undo_deletes_created_incidents_and_puts_back_changed_ones(client, operator):
    commit(client, send(client, [incident_row("K-1")])[0])
    incident = ConflictIncident.objects.get()
    batch = commit(
        client,
        send(client, [incident_row("K-1", **{"People affected": 90}), incident_row("K-2")])[0],
    )
    assert services.can_undo(batch)
    client.post(f"/staff/import/{batch.pk}/undo/")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.UNDONE
    assert list(ConflictIncident.objects.all()) == [incident]
    incident.refresh_from_db()
    assert incident.people_affected == 40


def test_an_incident_batch_is_not_undone_once_an_incident_was_submitted(client, operator):
    batch = commit(client, send(client, [incident_row("K-1")])[0])
    ConflictIncident.objects.update(state=State.SUBMITTED)
    assert not services.can_undo(batch)
    client.post(f"/staff/import/{batch.pk}/undo/")
    assert ConflictIncident.objects.count() == 1


def test_the_activity_import_still_works_without_a_kind(client, operator):
    """An upload that names no kind imports activities, as before the kinds."""
    forum = ForumFactory()
    data = workbook([row(forum, "A-1")])
    client.post("/staff/import/", {"file": upload(data)})
    batch = ImportBatch.objects.latest("pk")
    assert batch.kind == ImportBatch.Kind.ACTIVITIES
    commit(client, batch)
    assert Activity.objects.get().import_reference == "A-1"
    assert list(batch.created.all()) == [Activity.objects.get()]
