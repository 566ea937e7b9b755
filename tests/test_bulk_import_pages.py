"""The /staff/import/ pages: template download, upload and preview, commit, undo, scope."""

import io

import pytest
from openpyxl import load_workbook

from activities.models import Activity, ImportBatch

from .factories import ForumFactory, staff_user
from .imports import row, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    user = staff_user("operator", regencies=["13.72"])
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_the_dashboard_links_to_the_import(client, operator):
    assert b'href="/staff/import/"' in client.get("/staff/").content


def test_a_verifier_cannot_import(client):
    client.force_login(staff_user("verifier", province="13"))
    assert client.get("/staff/import/").status_code == 403


def test_the_template_has_headers_lists_of_the_users_forums_and_instructions(client, operator):
    mine = ForumFactory(name="FKS Tanah Garam")
    response = client.get("/staff/import/template.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, instructions, lists = book.worksheets
    headers = [cell.value for cell in data[1]]
    assert headers[:4] == ["Reference", "Forum", "Activity type", "Title"]
    assert f"{mine.pk} — FKS Tanah Garam" in [cell.value for cell in lists["A"]]
    validated = {str(v.sqref).split(":")[0] for v in data.data_validations.dataValidation}
    assert {"B2", "C2"} <= validated
    assert any(cell.value == "SLK-2018-01" for line in instructions.iter_rows() for cell in line)


def test_upload_previews_then_commit_then_undo(client, operator):
    forum = ForumFactory()
    bad = workbook([row(forum, "A-1"), row(forum, "A-2", **{"Budget (Rp)": "banyak"})])
    response = client.post("/staff/import/", {"file": upload(bad)}, follow=True)
    assert b"Row 3, column Budget (Rp)" in response.content
    assert not Activity.objects.exists()
    good = workbook([row(forum, "A-1"), row(forum, "A-2")])
    response = client.post("/staff/import/", {"file": upload(good)})
    batch = ImportBatch.objects.latest("pk")
    assert response.url == f"/staff/import/{batch.pk}/"
    response = client.post(f"/staff/import/{batch.pk}/commit/", follow=True)
    assert Activity.objects.count() == 2
    assert b"Undo this import" in response.content
    assert client.get(f"/staff/import/{batch.pk}/status").json()["status"] == "committed"
    client.post(f"/staff/import/{batch.pk}/undo/")
    assert not Activity.objects.exists()


def test_a_refused_file_is_a_message_on_the_form(client, operator):
    response = client.post("/staff/import/", {"file": upload(b"x", "k.xls")})
    assert response.status_code == 200
    assert b"The old Excel format (.xls) is not accepted" in response.content


def test_another_users_batch_is_not_found(client, operator):
    other = staff_user("operator", regencies=["13.72"])
    batch = ImportBatch.objects.create(user=other, file_name="x.csv", checksum="0", size=1)
    assert client.get(f"/staff/import/{batch.pk}/").status_code == 404


def test_a_big_file_is_checked_as_a_job(
    client, operator, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_MIN_ROWS = 1
    forum = ForumFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/staff/import/", {"file": upload(workbook([row(forum, "A-1"), row(forum, "A-2")]))}
        )
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.CHECKED and batch.can_commit
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{batch.pk}/commit/")
    assert Activity.objects.count() == 2
