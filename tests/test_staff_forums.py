"""Forum entry in the staff workspace: list, create with members, detail, edit, delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.demo.accounts import ensure_accounts
from forums.models import Forum, ForumMember, State
from forums.staff.submission import version_of

from .factories import ActivityFactory, ForumFactory, ForumMemberFactory

pytestmark = pytest.mark.django_db

TANAH_GARAM = "13.72.01.1001"
BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture
def accounts():
    return ensure_accounts()


@pytest.fixture
def operator(client, accounts):
    client.force_login(accounts["operator.solok"])
    return accounts["operator.solok"]


def member_data(members, initial=0):
    data = {
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": str(initial),
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, member in enumerate(members):
        for key, value in member.items():
            data[f"members-{index}-{key}"] = value
    return data


def forum_data(members=(), **fields):
    data = {
        "name": "FKS Kelurahan Tanah Garam",
        "slug": "",
        "formation_year": "2018",
        "status": "active",
        "founded_on": "2018-08-01",
        "province": "13",
        "regency": "13.72",
        "district": "13.72.01",
        "village": TANAH_GARAM,
        "contact_name": "Rahmat",
        "contact_phone": "",
        "contact_email": "",
        "description": "",
        "submission_token": "token-1",
        **fields,
    }
    data.update(member_data(list(members)))
    return data


CHAIR = {"name": "Rahmat", "role": "chair", "group": "religious", "sex": "male"}
MEMBER = {"name": "Yusnita", "role": "member", "group": "women", "sex": "female"}


def test_create_with_members_in_one_post(client, operator):
    response = client.post(reverse("staff_forum_create"), forum_data([CHAIR, MEMBER]))
    forum = Forum.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
    assert forum.state == State.DRAFT
    assert forum.slug == "fks-kelurahan-tanah-garam-13-72-01-1001"
    assert sorted(forum.members.values_list("name", flat=True)) == ["Rahmat", "Yusnita"]
    assert forum.history.get().history_user == operator
    assert {m.history_user for m in ForumMember.history.all()} == {operator}


def test_generated_slugs_are_unique(client, operator):
    client.post(reverse("staff_forum_create"), forum_data(submission_token="a"))
    client.post(reverse("staff_forum_create"), forum_data(submission_token="b"))
    slugs = sorted(Forum.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2 and slugs[1] == slugs[0] + "-2"


def test_invalid_member_saves_nothing_and_shows_the_error(client, operator):
    bad = {**MEMBER, "term_start": "2020-01-01", "term_end": "2019-01-01"}
    response = client.post(reverse("staff_forum_create"), forum_data([CHAIR, bad]))
    assert response.status_code == 200
    assert Forum.objects.count() == 0 and ForumMember.objects.count() == 0
    errors = response.context["members"].forms[1].errors
    assert "term_end" in errors
    page = response.content.decode()
    assert 'id="id_members-1-term_end"' in page and "is-invalid" in page


def test_invalid_forum_saves_no_members(client, operator):
    response = client.post(reverse("staff_forum_create"), forum_data([CHAIR], name=""))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Forum.objects.count() == 0 and ForumMember.objects.count() == 0


def test_double_post_with_the_same_token_creates_one_forum(client, operator):
    first = client.post(reverse("staff_forum_create"), forum_data([CHAIR]))
    second = client.post(reverse("staff_forum_create"), forum_data([CHAIR]))
    assert Forum.objects.count() == 1 and ForumMember.objects.count() == 1
    assert second["Location"] == first["Location"]


def test_a_rejected_post_can_be_sent_again_with_the_same_token(client, operator):
    client.post(reverse("staff_forum_create"), forum_data(name=""))
    client.post(reverse("staff_forum_create"), forum_data())
    assert Forum.objects.count() == 1


def test_forged_out_of_scope_village_is_refused(client, operator):
    data = forum_data([CHAIR], village=BAUBAU_VILLAGE)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("staff_forum_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["village"] == [
        "Choose a village within your own region from the list."
    ]
    assert Forum.objects.count() == 0 and ForumMember.objects.count() == 0


def test_verifier_cannot_create(client, accounts):
    client.force_login(accounts["verifikator.sumbar"])
    assert client.get(reverse("staff_forum_create")).status_code == 403
    assert client.post(reverse("staff_forum_create"), forum_data()).status_code == 403
    assert Forum.objects.count() == 0


def test_create_form_renders_with_a_token_and_the_picker(client, operator):
    response = client.get(reverse("staff_forum_create"))
    page = response.content.decode()
    assert 'name="submission_token"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert "htmx.min.js" in page
    assert 'name="members-TOTAL_FORMS"' in page


def test_detail_shows_fields_members_and_the_workflow_panel(client, operator):
    forum = ForumFactory(name="FKS Tanah Garam", contact_name="Rahmat")
    ForumMemberFactory(forum=forum, name="Yusnita")
    client.cookies["django_language"] = "en"
    page = client.get(reverse("staff_forum_detail", args=[forum.pk])).content.decode()
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah" in page
    assert "Yusnita" in page and "Rahmat" in page
    assert reverse("staff_transition", args=["forum", forum.pk]) in page
    assert 'value="submit"' in page
    assert reverse("staff_history", args=["forum", forum.pk]) in page


def test_workflow_panel_offers_return_with_a_required_reason(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    client.force_login(accounts["verifikator.sumbar"])
    page = client.get(reverse("staff_forum_detail", args=[forum.pk])).content.decode()
    assert 'value="verify"' in page and 'value="return"' in page
    assert 'name="reason"' in page and "required" in page
    assert 'value="submit"' not in page


def test_edit_changes_the_forum_and_its_members(client, operator):
    forum = ForumFactory(village_id=TANAH_GARAM, slug="fks-lama")
    member = ForumMemberFactory(forum=forum, name="Lama")
    data = forum_data(
        name="FKS Baru", slug="fks-lama", submission_token="", loaded_version=version_of(forum)
    )
    data.update(member_data([{**CHAIR, "id": str(member.pk), "DELETE": "on"}, MEMBER], 1))
    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), data)
    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.name == "FKS Baru" and forum.slug == "fks-lama"
    assert list(forum.members.values_list("name", flat=True)) == ["Yusnita"]
    assert forum.history.latest().history_user == operator


def test_edit_form_prefills_the_region_chain(client, operator):
    forum = ForumFactory(village_id=TANAH_GARAM)
    form = client.get(reverse("staff_forum_edit", args=[forum.pk])).context["form"]
    assert form["district"].value() == "13.72.01"
    assert form["village"].value() == TANAH_GARAM


@pytest.mark.parametrize("state", [State.SUBMITTED, State.VERIFIED, State.PUBLISHED])
def test_edit_only_in_editable_states(client, operator, state):
    forum = ForumFactory(state=state, published_at="2024-01-01T00:00:00Z", name="Tetap")
    response = client.post(reverse("staff_forum_edit", args=[forum.pk]), forum_data(name="X"))
    assert response.status_code == 403
    forum.refresh_from_db()
    assert forum.name == "Tetap"


def test_returned_forum_can_be_edited(client, operator):
    forum = ForumFactory(state=State.RETURNED, return_reason="Perbaiki.")
    assert client.get(reverse("staff_forum_edit", args=[forum.pk])).status_code == 200


@pytest.mark.parametrize("name", ["staff_forum_detail", "staff_forum_edit", "staff_forum_delete"])
def test_out_of_scope_pages_are_404_and_change_nothing(client, operator, name):
    forum = ForumFactory(village_id=BAUBAU_VILLAGE, name="FKS Baubau")
    assert client.get(reverse(name, args=[forum.pk])).status_code == 404
    assert client.post(reverse(name, args=[forum.pk]), forum_data()).status_code == 404
    forum.refresh_from_db()
    assert forum.name == "FKS Baubau" and forum.history.count() == 1


def test_delete_a_draft(client, operator):
    forum = ForumFactory()
    ForumMemberFactory(forum=forum)
    url = reverse("staff_forum_delete", args=[forum.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"loaded_version": version_of(forum)})
    assert response["Location"] == reverse("staff_forum_list")
    assert Forum.objects.count() == 0 and ForumMember.objects.count() == 0


def test_delete_refuses_a_forum_with_activities(client, operator):
    forum = ForumFactory()
    ActivityFactory(forum=forum)
    data = {"loaded_version": version_of(forum)}
    response = client.post(reverse("staff_forum_delete", args=[forum.pk]), data)
    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
    assert Forum.objects.filter(pk=forum.pk).exists()
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_delete_refuses_submitted_forums_and_verifiers(client, accounts):
    submitted = ForumFactory(state=State.SUBMITTED)
    draft = ForumFactory()
    client.force_login(accounts["operator.solok"])
    assert client.post(reverse("staff_forum_delete", args=[submitted.pk])).status_code == 403
    client.force_login(accounts["verifikator.sumbar"])
    assert client.post(reverse("staff_forum_delete", args=[draft.pk])).status_code == 403
    assert Forum.objects.count() == 2


def test_list_shows_only_scope_with_count(client, operator):
    ForumFactory(name="FKS Solok")
    ForumFactory(village_id=BAUBAU_VILLAGE, name="FKS Baubau")
    response = client.get(reverse("staff_forum_list"))
    names = [forum.name for forum in response.context["page_obj"]]
    assert names == ["FKS Solok"]
    assert response.context["page_obj"].paginator.count == 1
    assert "FKS Baubau" not in response.content.decode()


def test_list_filters(client, operator):
    ForumFactory(name="FKS Satu", formation_year=2018)
    ForumFactory(name="FKS Dua", formation_year=2019, state=State.SUBMITTED)
    url = reverse("staff_forum_list")

    def names(**params):
        return [f.name for f in client.get(url, params).context["page_obj"]]

    assert names(state="submitted") == ["FKS Dua"]
    assert names(year="2018") == ["FKS Satu"]
    assert names(q="dua") == ["FKS Dua"]
    assert names(regency="13.72") == ["FKS Dua", "FKS Satu"]
    assert sorted(names(regency="74.72")) == ["FKS Dua", "FKS Satu"]  # ignored: out of scope


def test_list_paginates_with_a_fixed_number_of_queries(client, operator):
    url = reverse("staff_forum_list")
    ForumFactory()
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count()
    ForumFactory.create_batch(30)
    assert count() == small
    assert len(client.get(url).context["page_obj"]) == 25


def test_the_form_hides_the_address_and_reads_its_choices_as_words(client, operator):
    page = client.get(reverse("staff_forum_create")).content.decode()

    assert 'name="slug"' not in page  # the address follows the name and the village
    assert "---------" not in page
    assert ">Aktif<" in page and ">aktif<" not in page
    assert ">Ketua<" in page and ">Pilih<" in page


def test_forum_coordinates_are_saved_and_picked_on_the_map(client, operator):
    form = client.get(reverse("staff_forum_create")).content.decode()
    assert "data-coordinate-map=" in form
    assert "js/coordinate_picker.js" in form
    response = client.post(
        reverse("staff_forum_create"),
        forum_data(latitude="-0.790000", longitude="100.660000"),
    )
    assert response.status_code == 302
    forum = Forum.objects.get()
    assert (str(forum.latitude), str(forum.longitude)) == ("-0.790000", "100.660000")


def test_forum_coordinates_outside_indonesia_save_nothing(client, operator):
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("staff_forum_create"), forum_data(latitude="100.66", longitude="-0.79")
    )
    assert response.status_code == 200
    assert not Forum.objects.exists()
    assert "not swapped" in " ".join(response.context["form"].errors["longitude"])
