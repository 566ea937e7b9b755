"""The admin back-office: every page renders, pickers stay small, lists stay cheap."""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from activities.admin import ActivityAdmin
from activities.models import Activity, FundingLine, Meeting
from forums.models import (
    District,
    Forum,
    ForumMember,
    Post,
    Province,
    Regency,
    StaffProfile,
    State,
    Village,
)
from forums.staff.submission import version_of
from reports.eligibility import update_eligibility
from reports.models import VillageEligibility

from .factories import (
    TANAH_GARAM,
    ActivityFactory,
    ConflictIncidentFactory,
    FollowUpCheckFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    MeetingSpeakerFactory,
    PostFactory,
    ProgressReportFactory,
    UserFactory,
    completed_work,
)
from .factories import profile as resilience_profile

pytestmark = pytest.mark.django_db

REGION_MODELS = [Province, Regency, District, Village]
# Our models and Django's; django-axes registers its own read-only log pages.
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label != "axes"),
    key=lambda model: model._meta.label,
)


@pytest.fixture
def admin_client(admin_client):
    # The portal defaults to Indonesian; these tests read the English source strings.
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return admin_client


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def programme_data(admin_user):
    """One record of everything the admin lists, linked the way real data is."""
    forum = ForumFactory()
    ForumMemberFactory(forum=forum)
    activity = ActivityFactory(forum=forum)
    FundingLineFactory(activity=activity)
    ProgressReportFactory(activity=activity)
    meeting = MeetingFactory(forum=forum, activity=activity)
    MeetingSpeakerFactory(meeting=meeting)
    post = PostFactory(author=admin_user, forum=forum, village=forum.village)
    activity.posts.add(post)
    ConflictIncidentFactory(village=forum.village)
    FollowUpCheckFactory(activity=completed_work())
    resilience_profile([3, 4, 2], village=forum.village_id)
    update_eligibility()
    profile = StaffProfile.objects.create(user=UserFactory(), role=StaffProfile.Role.OPERATOR)
    profile.regencies.add("13.72")
    Group.objects.create(name="Operators")


def select_html(response, name):
    match = re.search(rf'<select[^>]*name="{name}".*?</select>', response.text, re.DOTALL)
    assert match, f"no <select name={name!r}> on the page"
    return match.group(0)


# Every page renders -------------------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_changelist_renders(admin_client, programme_data, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_change_page_renders(admin_client, programme_data, model):
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200


# Child rows are entered on their parent's page, where the editing rule applies.
CHILD_LISTS = [FundingLine, ForumMember]
# Written by the portal itself (reports.eligibility.update_eligibility), only read here.
COMPUTED = [VillageEligibility]


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if model not in REGION_MODELS + CHILD_LISTS + COMPUTED],
    ids=lambda model: model._meta.label,
)
def test_add_page_renders(admin_client, model):
    assert admin_client.get(admin_url(model, "add")).status_code == 200


def test_stored_verdicts_are_read_only_in_the_admin(admin_client, programme_data):
    stored = VillageEligibility.objects.first()
    assert admin_client.get(admin_url(VillageEligibility, "add")).status_code == 403
    data = {"eligible": "on", "since": "2020-01-01"}
    admin_client.post(admin_url(VillageEligibility, "change", stored.pk), data)
    stored.refresh_from_db()
    assert stored.since != datetime.date(2020, 1, 1)


@pytest.mark.parametrize("model", CHILD_LISTS, ids=lambda model: model._meta.label)
def test_child_rows_are_not_added_or_changed_outside_their_parent(
    admin_client, programme_data, model
):
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    before = model.objects.values().get(pk=obj.pk)
    admin_client.post(admin_url(model, "change", obj.pk), {"name": "x", "budget": "1"})
    assert model.objects.values().get(pk=obj.pk) == before


@pytest.mark.parametrize(
    "model",
    [model for model in REGISTERED if hasattr(model, "history")],
    ids=lambda model: model._meta.label,
)
def test_recorded_models_show_their_history(admin_client, programme_data, model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)
    obj = model.objects.first()
    response = admin_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200
    assert "simple_history/object_history.html" in [t.name for t in response.templates]


def test_admin_index_names_the_portal(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "Portal Keserasian Sosial administration" in response.text


# Regions: reference data, read-only, searchable ---------------------------------


@pytest.mark.parametrize("model", REGION_MODELS, ids=lambda model: model._meta.label)
def test_regions_cannot_be_added_or_deleted(admin_client, model):
    obj = model.objects.first()
    assert admin_client.get(admin_url(model, "add")).status_code == 403
    assert admin_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


def test_village_page_is_view_only(admin_client):
    response = admin_client.get(admin_url(Village, "change", TANAH_GARAM))

    assert response.status_code == 200
    assert "Tanah Garam" in response.text
    assert 'name="_save"' not in response.text
    assert 'name="name"' not in response.text

    response = admin_client.post(admin_url(Village, "change", TANAH_GARAM), {"name": "Wrong"})
    assert response.status_code == 403
    assert Village.objects.get(code=TANAH_GARAM).name == "Tanah Garam"


@pytest.mark.parametrize("term", ["baubau", "Bau-Bau", "bau bau", "74.72"])
def test_regency_search_ignores_spaces_and_hyphens(admin_client, term):
    response = admin_client.get(admin_url(Regency, "changelist"), {"q": term})

    assert "Kota Bau Bau" in response.text
    assert "Kota Solok" not in response.text


def test_regency_search_keeps_the_province_filter(admin_client):
    response = admin_client.get(admin_url(Regency, "changelist"), {"q": "kota", "province": "13"})

    assert "Kota Solok" in response.text
    assert "Kota Bau Bau" not in response.text


def test_village_search_narrows_by_district(admin_client):
    response = admin_client.get(admin_url(Village, "changelist"), {"q": "babussalam rambah"})

    assert "14.06.03.2013" in response.text


def test_village_changelist_skips_the_full_count(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = admin_client.get(admin_url(Village, "changelist"), {"q": "tanah"})
    assert response.status_code == 200
    assert "Tanah Garam" in response.text


# Pickers: autocomplete, never a select of every village or forum -----------------


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Forum, ["village"]),
        (Post, ["forum", "village", "author"]),
        (Activity, ["forum", "posts"]),
        (Meeting, ["regency", "forum", "activity"]),
        (StaffProfile, ["user", "province", "regencies"]),
    ],
    ids=lambda value: value._meta.label if hasattr(value, "_meta") else "-".join(value),
)
def test_add_page_uses_autocomplete_for_large_lists(admin_client, model, fields):
    response = admin_client.get(admin_url(model, "add"))

    for field in fields:
        select = select_html(response, field)
        assert "admin-autocomplete" in select
        assert "data-ajax--url" in select
        assert select.count("<option") <= 1


def test_forum_page_shows_only_its_own_village(admin_client):
    forum = ForumFactory()

    response = admin_client.get(admin_url(Forum, "change", forum.pk))

    select = select_html(response, "village")
    assert select.count("<option") == 1
    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in select


def autocomplete(client, term, model_name="forum", field_name="village", app_label="forums"):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


def test_village_autocomplete_labels_are_full_paths(admin_client):
    response = autocomplete(admin_client, "tanah")

    assert response.status_code == 200
    results = response.json()["results"]
    assert {
        "id": TANAH_GARAM,
        "text": ("Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat"),
    } in results


def test_village_autocomplete_matches_folded_names(admin_client):
    Village.objects.filter(code=TANAH_GARAM).update(name="Tanah-Garam", search_name="tanahgaram")

    results = autocomplete(admin_client, "tanahgaram").json()["results"]

    assert [result["id"] for result in results] == [TANAH_GARAM]


def test_village_autocomplete_runs_no_query_per_row(admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = autocomplete(admin_client, "a")

    body = response.json()
    assert len(body["results"]) == 20
    assert body["pagination"]["more"] is True


def test_regency_autocomplete_names_the_province(admin_client):
    results = autocomplete(
        admin_client,
        "probolinggo",
        model_name="meeting",
        field_name="regency",
        app_label="activities",
    ).json()["results"]

    assert {result["text"] for result in results} == {
        "Kabupaten Probolinggo, Jawa Timur",
        "Kota Probolinggo, Jawa Timur",
    }


def test_forum_autocomplete_for_activities(admin_client):
    forum = ForumFactory(name="FKS Tanah Garam")
    ForumFactory(name="FKS Babussalam", village=Village.objects.get(code="14.06.03.2013"))

    results = autocomplete(
        admin_client, "garam", model_name="activity", field_name="forum", app_label="activities"
    ).json()["results"]

    assert results == [{"id": str(forum.pk), "text": "FKS Tanah Garam"}]


# Lists: useful columns, fixed query counts ------------------------------------------


def test_activity_changelist_shows_rupiah_totals(admin_client):
    activity = ActivityFactory(title="Gedung serbaguna Tanah Garam")
    FundingLineFactory(activity=activity, budget=115_000_000, spending=100_000_000)
    FundingLineFactory(activity=activity, budget=35_000_000, spending=35_000_000)

    response = admin_client.get(admin_url(Activity, "changelist"))

    assert "Rp 150.000.000" in response.text
    assert "Rp 135.000.000" in response.text


def test_activity_changelist_sorts_by_budget(admin_client):
    FundingLineFactory(activity=ActivityFactory(title="Kegiatan kecil"), budget=35_000_000)
    FundingLineFactory(activity=ActivityFactory(title="Kegiatan besar"), budget=150_000_000)
    # The changelist puts the action checkbox before the configured columns.
    column = ActivityAdmin.list_display.index("budget_total_display") + 1

    ascending = admin_client.get(admin_url(Activity, "changelist"), {"o": str(column)}).text
    descending = admin_client.get(admin_url(Activity, "changelist"), {"o": f"-{column}"}).text

    assert ascending.index("Kegiatan kecil") < ascending.index("Kegiatan besar")
    assert descending.index("Kegiatan besar") < descending.index("Kegiatan kecil")


def test_forum_changelist_shows_village_path_and_filters_by_province(admin_client):
    ForumFactory(name="FKS Tanah Garam")
    ForumFactory(name="FKS Babussalam", village=Village.objects.get(code="14.06.03.2013"))

    response = admin_client.get(admin_url(Forum, "changelist"), {"province": "13"})

    assert "Kelurahan Tanah Garam, Kec. Lubuk Sikarah, Kota Solok, Sumatera Barat" in response.text
    assert "FKS Babussalam" not in response.text
    assert "Riau" in response.text  # offered in the province filter


def make_forums(count):
    ForumFactory.create_batch(count)


def make_activities(count):
    for activity in ActivityFactory.create_batch(count):
        FundingLineFactory(activity=activity)


def make_meetings(count):
    MeetingFactory.create_batch(count)


def make_posts(count):
    author = UserFactory()
    PostFactory.create_batch(count, author=author, published=True)


def make_progress_reports(count):
    ProgressReportFactory.create_batch(count)


def make_staff_profiles(count):
    for _ in range(count):
        profile = StaffProfile.objects.create(user=UserFactory(), role=StaffProfile.Role.OPERATOR)
        profile.regencies.add("13.72", "13.71")


@pytest.mark.parametrize(
    ("url_name", "make", "max_queries"),
    [
        ("admin:forums_forum_changelist", make_forums, 7),
        ("admin:forums_forummember_changelist", make_forums, 5),
        ("admin:forums_post_changelist", make_posts, 8),
        ("admin:forums_staffprofile_changelist", make_staff_profiles, 7),
        ("admin:auth_user_changelist", make_staff_profiles, 6),
        ("admin:activities_activity_changelist", make_activities, 7),
        ("admin:activities_fundingline_changelist", make_activities, 7),
        ("admin:activities_progressreport_changelist", make_progress_reports, 7),
        ("admin:activities_meeting_changelist", make_meetings, 8),
    ],
)
def test_changelist_query_count_does_not_grow(
    admin_client, django_assert_max_num_queries, url_name, make, max_queries
):
    make(3)
    with django_assert_max_num_queries(max_queries):
        assert admin_client.get(reverse(url_name)).status_code == 200

    make(17)
    with django_assert_max_num_queries(max_queries):
        assert admin_client.get(reverse(url_name)).status_code == 200


# Review and history --------------------------------------------------------------


def forum_form_data(forum, **changes):
    data = {
        "name": forum.name,
        "slug": forum.slug,
        "village": forum.village_id,
        "formation_year": forum.formation_year,
        "status": forum.status,
        "founded_on": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "description": "",
        "state": forum.state,
        "return_reason": "",
        "published_at_0": "",
        "published_at_1": "",
        "members-TOTAL_FORMS": "0",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "loaded_version": version_of(forum),
    }
    data.update(changes)
    return data


def test_forum_history_lists_an_admin_change(admin_client, admin_user):
    forum = ForumFactory(name="FKS Tanah Garam")

    response = admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, name="FKS Tanah Garam Solok")
    )
    assert response.status_code == 302

    response = admin_client.get(admin_url(Forum, "history", forum.pk))
    assert response.status_code == 200
    assert "FKS Tanah Garam Solok" in response.text
    assert admin_user.username in response.text
    assert forum.history.count() == 2
    assert forum.history.first().history_user == admin_user


def test_verifying_in_admin_stamps_the_verifier(admin_client, admin_user):
    forum = ForumFactory(state=State.SUBMITTED)

    admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, workflow_action="verify")
    )

    forum.refresh_from_db()
    assert forum.state == State.VERIFIED
    assert forum.verified_by == admin_user
    assert forum.verified_at is not None
    assert forum.history.first().history_change_reason == "verify"


def test_publishing_in_admin_sets_the_publication_date(admin_client, admin_user):
    forum = ForumFactory(state=State.SUBMITTED)
    admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, workflow_action="verify")
    )
    forum.refresh_from_db()

    response = admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, workflow_action="publish")
    )

    assert response.status_code == 302
    forum.refresh_from_db()
    assert forum.state == State.PUBLISHED
    assert forum.published_at is not None
    assert forum.published_at <= timezone.now()
    assert forum.verified_by == admin_user


def test_admin_cannot_skip_a_workflow_step(admin_client):
    forum = ForumFactory(state=State.SUBMITTED)

    response = admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, workflow_action="publish")
    )

    assert response.status_code == 200
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED


def test_the_state_is_not_typed_in_the_admin(admin_client):
    forum = ForumFactory(state=State.DRAFT)
    data = forum_form_data(forum, state=State.PUBLISHED, published_at_0="2024-01-01")
    admin_client.post(admin_url(Forum, "change", forum.pk), data)
    forum.refresh_from_db()
    assert (forum.state, forum.published_at) == (State.DRAFT, None)


def test_returning_in_admin_requires_a_reason(admin_client):
    forum = ForumFactory(state=State.SUBMITTED)

    response = admin_client.post(
        admin_url(Forum, "change", forum.pk), forum_form_data(forum, workflow_action="return")
    )

    assert response.status_code == 200
    assert "Give the reason for returning it." in response.text
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED


def test_a_published_record_and_its_children_are_read_only_in_the_admin(admin_client):
    forum = ForumFactory(state=State.PUBLISHED, published_at=timezone.now(), name="Tetap")
    data = forum_form_data(forum, name="Diubah")
    data.update(
        {
            "members-TOTAL_FORMS": "1",
            "members-0-name": "Baru",
            "members-0-role": "member",
            "members-0-group": "youth",
            "members-0-sex": "male",
        }
    )

    admin_client.post(admin_url(Forum, "change", forum.pk), data)

    forum.refresh_from_db()
    assert forum.name == "Tetap" and not forum.members.exists()


def test_admin_refuses_a_form_loaded_before_another_change(admin_client):
    forum = ForumFactory(name="Lama")
    data = forum_form_data(forum, name="Dari admin")
    Forum.objects.filter(pk=forum.pk).update(name="Dari operator", updated_at=timezone.now())

    response = admin_client.post(admin_url(Forum, "change", forum.pk), data)

    assert response.status_code == 200
    forum.refresh_from_db()
    assert forum.name == "Dari operator"


def test_forum_members_are_added_on_the_forum_page(admin_client):
    forum = ForumFactory()
    data = forum_form_data(forum)
    data.update(
        {
            "members-TOTAL_FORMS": "1",
            "members-0-name": "Siti Aminah",
            "members-0-role": "chair",
            "members-0-group": "women",
            "members-0-sex": "female",
        }
    )

    response = admin_client.post(admin_url(Forum, "change", forum.pk), data)

    assert response.status_code == 302
    assert list(forum.members.values_list("name", "role")) == [("Siti Aminah", "chair")]


# Staff role and scope on the user page --------------------------------------------


def test_user_page_assigns_role_and_scope(admin_client):
    user = UserFactory(username="operator.solok")
    response = admin_client.get(admin_url(user, "change", user.pk))
    assert 'name="staff_profile-0-role"' in response.text

    response = admin_client.post(
        admin_url(user, "change", user.pk),
        {
            "username": user.username,
            "first_name": "",
            "last_name": "",
            "email": "",
            "is_active": "on",
            "is_staff": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
            "staff_profile-TOTAL_FORMS": "1",
            "staff_profile-INITIAL_FORMS": "0",
            "staff_profile-MIN_NUM_FORMS": "0",
            "staff_profile-MAX_NUM_FORMS": "1",
            "staff_profile-0-role": StaffProfile.Role.OPERATOR,
            "staff_profile-0-office": "Dinas Sosial Kota Solok",
            "staff_profile-0-province": "",
            "staff_profile-0-regencies": ["13.72"],
        },
    )

    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=user)
    assert profile.role == StaffProfile.Role.OPERATOR
    assert list(profile.regencies.values_list("code", flat=True)) == ["13.72"]


def test_user_list_shows_staff_role(admin_client):
    StaffProfile.objects.create(
        user=UserFactory(), role=StaffProfile.Role.VERIFIER, province_id="13"
    )

    response = admin_client.get(reverse("admin:auth_user_changelist"))

    assert "provincial verifier" in response.text
