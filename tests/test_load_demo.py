import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone

from activities.demo import DEMO_ACCOUNTS, load_demo
from activities.models import Activity, FundingLine, Meeting, ProgressPhoto, ProgressReport
from forums.models import Forum, Post, PostPhoto, StaffProfile, State, Village


def login_request():
    # Logins go through django-axes, which needs the request (for the client's address).
    return RequestFactory().post("/staff/login/")


SAMPLE_FORUMS = 6


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    return load_demo(sample_forums=SAMPLE_FORUMS, pictures=False)


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_solok_hall_costs_150_million_in_three_purposes(demo):
    hall = Activity.objects.get(title="Pembangunan Gedung Serbaguna Payo")
    lines = list(hall.funding_lines.select_related("source"))
    assert sum(line.budget for line in lines) == 150_000_000
    assert len({line.purpose for line in lines}) == 3
    assert {(line.source.code, line.budget_year) for line in lines} == {("apbn", 2018)}
    assert hall.forum.village_id == "13.72.01.1001"
    assert hall.activity_type.code == "multipurpose-hall"
    assert hall.status == Activity.Status.DONE


def test_every_works_status_follows_its_latest_published_progress(demo):
    works = Activity.objects.filter(activity_type__kind="physical").exclude(
        status=Activity.Status.CANCELLED
    )
    assert works.filter(status=Activity.Status.DONE).exists()
    for work in works.with_public_progress():
        percent = work.latest_percent or 0
        expected = (
            Activity.Status.DONE
            if percent >= 100
            else Activity.Status.RUNNING
            if percent > 0
            else Activity.Status.PLANNED
        )
        assert work.status == expected, work


def test_tanah_garam_dialogue_has_100_residents_a_provincial_speaker_and_the_lurah(demo):
    dialogue = Meeting.objects.get(held_on=datetime.date(2018, 10, 22), regency_id="13.72")
    assert dialogue.kind == Meeting.Kind.THEMATIC_DIALOGUE
    assert dialogue.participants_total == 100
    assert dialogue.activity.title == "Pembangunan Gedung Serbaguna Payo"
    speaker = dialogue.speakers.get()
    assert (speaker.name, speaker.institution) == (
        "Drs. Burhanudin",
        "Dinas Sosial Provinsi Sumatera Barat",
    )
    assert "Asril, Lurah Tanah Garam" in dialogue.officials_list
    assert len(dialogue.officials_list) == 3
    assert dialogue.opened_by.startswith("Ir. Edy Martin")


def test_solok_news_links_forum_village_and_hall(demo):
    post = Post.objects.get(slug="kota-solok-terima-bantuan-keserasian-sosial-2018")
    assert post.forum.name == "FKS Payo"
    assert post.village_id == "13.72.01.1001"
    assert list(post.activities.values_list("title", flat=True)) == [
        "Pembangunan Gedung Serbaguna Payo"
    ]
    assert post.verified_by.username == "verifikator.sumbar"


def test_babussalam_seminar_is_on_10_october_2020_on_the_aspiration_fund(demo):
    seminar = Activity.objects.get(title="Seminar Penguatan Keserasian Sosial")
    assert seminar.forum.village_id == "14.06.03.2013"
    assert seminar.actual_start == datetime.date(2020, 10, 10)
    line = seminar.funding_lines.get()
    assert line.source.code == "dpr-aspiration"
    assert line.budget_year == 2020
    assert line.spending == line.budget
    meeting = seminar.meetings.get()
    assert meeting.kind == Meeting.Kind.SEMINAR
    assert meeting.held_on == datetime.date(2020, 10, 10)


def test_babussalam_post_keeps_the_village_pages_facts(demo):
    post = Post.objects.get(slug="seminar-fks-desa-babussalam-2020")
    assert post.view_count == 100
    assert post.event_date == datetime.date(2020, 10, 10)
    assert timezone.localtime(post.published_at).date() == datetime.date(2020, 11, 2)
    assert post.author.get_full_name() == "Admin Web"
    assert post.category == Post.Category.ACTIVITY
    assert "<script" not in post.body and "<li>" in post.body


def test_baubau_has_three_forums_of_2015_and_two_later(demo):
    years = sorted(
        Forum.objects.filter(village__district__regency_id="74.72", is_sample=False).values_list(
            "formation_year", flat=True
        )
    )
    assert years == [2015, 2015, 2015, 2019, 2019]
    physical_types = set(
        Activity.objects.filter(
            forum__village__district__regency_id="74.72",
            forum__is_sample=False,
            activity_type__kind="physical",
        ).values_list("activity_type__code", flat=True)
    )
    assert len(physical_types) == 7
    post = Post.objects.get(slug="dinas-sosial-baubau-bentuk-dan-bina-fks")
    assert post.activities.count() == 7


def test_probolinggo_meeting_is_in_the_regency_not_the_city(demo):
    meeting = Meeting.objects.get(kind=Meeting.Kind.COORDINATION, is_sample=False)
    assert meeting.regency_id == "35.13"
    assert meeting.forum is None
    assert "Kantor Bupati Probolinggo" in meeting.venue
    post = Post.objects.get(slug="bakorwil-jember-jaringan-keserasian-sosial-probolinggo")
    assert "104 konflik sosial" in post.body
    assert "33,6%" in post.body and "0,9%" in post.body


def test_seed_records_are_published_and_verified(demo):
    for model in (Forum, Activity, Meeting, Post):
        real = model.objects.filter(is_sample=False)
        assert real.exists()
        assert not real.exclude(state=State.PUBLISHED).exists(), model
        assert not real.filter(verified_by=None).exists(), model
        assert not real.filter(verified_at=None).exists(), model


def test_demo_accounts_have_their_scopes_and_password(demo):
    for account in DEMO_ACCOUNTS:
        assert (
            authenticate(login_request(), username=account.username, password="demo12345")
            is not None
        )
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.staff_profile.role == StaffProfile.Role.ADMINISTRATOR
    solok = StaffProfile.objects.get(user__username="operator.solok")
    assert solok.role == StaffProfile.Role.OPERATOR
    assert list(solok.regencies.values_list("code", flat=True)) == ["13.72"]
    baubau = StaffProfile.objects.get(user__username="operator.baubau")
    assert list(baubau.regencies.values_list("code", flat=True)) == ["74.72"]
    verifier = StaffProfile.objects.get(user__username="verifikator.sumbar")
    assert (verifier.role, verifier.province_id) == (StaffProfile.Role.VERIFIER, "13")
    for profile in (solok, baubau, verifier):
        profile.full_clean()
        assert not profile.user.is_staff


def test_second_run_creates_nothing(demo):
    before = _row_counts()
    result = load_demo(sample_forums=SAMPLE_FORUMS, pictures=False)
    assert not result.changed
    assert _row_counts() == before


def test_first_run_reports_what_it_created(demo):
    assert demo.changed
    assert demo.created["forums"] == 1 + 1 + 5 + SAMPLE_FORUMS
    assert demo.created["users"] == 4


def test_changed_password_survives_a_rerun(demo):
    user = get_user_model().objects.get(username="operator.solok")
    user.set_password("another-secret")
    user.save()
    load_demo(sample_forums=SAMPLE_FORUMS, pictures=False)
    assert (
        authenticate(login_request(), username="operator.solok", password="another-secret")
        is not None
    )


def test_more_sample_forums_extend_the_same_set(db):
    load_demo(sample_forums=3, pictures=False)
    first = set(Forum.objects.filter(is_sample=True).values_list("slug", flat=True))
    load_demo(sample_forums=SAMPLE_FORUMS, pictures=False)
    second = set(Forum.objects.filter(is_sample=True).values_list("slug", flat=True))
    assert first < second
    assert len(second) == SAMPLE_FORUMS


def test_samples_are_marked_and_span_provinces_of_the_slice(demo):
    samples = Forum.objects.filter(is_sample=True)
    assert samples.count() == SAMPLE_FORUMS
    provinces = set(samples.values_list("village__district__regency__province_id", flat=True))
    assert len(provinces) >= 3
    for forum in samples:
        assert forum.slug.endswith(forum.village_id.replace(".", "-"))
        assert "Data contoh" in forum.description
        assert 3 <= forum.members.count() <= 7
        assert 2015 <= forum.formation_year <= 2025
        assert forum.activities.exists()
        assert not forum.activities.filter(is_sample=False).exists()
    assert not Post.objects.filter(forum__is_sample=True, is_sample=False).exists()
    assert not Meeting.objects.filter(forum__is_sample=True, is_sample=False).exists()


def test_samples_mix_workflow_states_with_reasons_for_returns(demo):
    states = set(Forum.objects.filter(is_sample=True).values_list("state", flat=True))
    assert {State.DRAFT, State.SUBMITTED, State.RETURNED} <= states
    for model in (Forum, Activity):
        assert not model.objects.filter(state=State.RETURNED, return_reason="").exists()
    # The verifier of Sumatera Barat has something waiting.
    assert Forum.objects.filter(
        state=State.SUBMITTED, village__district__regency__province_id="13"
    ).exists()


def test_sample_spending_looks_like_real_spending(demo):
    lines = FundingLine.objects.filter(activity__is_sample=True)
    assert lines.exists()
    for line in lines.select_related("activity"):
        assert 0 <= line.spending <= line.budget
        if line.activity.status == Activity.Status.DONE:
            assert line.spending >= line.budget * 0.95


def test_missing_regions_stop_the_loader_with_a_clear_message(db):
    Village.objects.filter(code="14.06.03.2013").delete()
    with pytest.raises(CommandError, match="load_regions"):
        load_demo(sample_forums=1, pictures=False)
    assert not Forum.objects.exists()


def test_command_prints_the_logins_and_says_when_nothing_is_new(db, settings):
    settings.DEBUG = True  # as in development, where `make run` loads the demo
    out = io.StringIO()
    call_command("load_demo", "--sample-forums", "2", stdout=out)
    first = out.getvalue()
    assert "http://127.0.0.1:8000/" in first
    assert "demo12345" in first
    for account in DEMO_ACCOUNTS:
        assert account.username in first
    out = io.StringIO()
    call_command("load_demo", "--sample-forums", "2", stdout=out)
    assert "nothing new created" in out.getvalue()


@pytest.mark.django_db
def test_demo_illustrates_posts_and_progress_once():
    load_demo(sample_forums=1)
    solok = Post.objects.get(slug="kota-solok-terima-bantuan-keserasian-sosial-2018")
    assert solok.cover and solok.cover_thumbnail
    assert solok.photos.count() == 3
    assert not ProgressReport.objects.filter(photos__isnull=True).exists()

    photos = PostPhoto.objects.count(), ProgressPhoto.objects.count()
    load_demo(sample_forums=1)
    assert (PostPhoto.objects.count(), ProgressPhoto.objects.count()) == photos


def test_command_refuses_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production") as refusal:
        call_command("load_demo", "--sample-forums", "1", stdout=io.StringIO())
    assert "DEBUG mati" in str(refusal.value)
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not Forum.objects.exists()


def test_command_loads_with_debug_off_when_told_explicitly(db, settings):
    settings.DEBUG = False
    call_command("load_demo", "--sample-forums", "1", "--allow-production", stdout=io.StringIO())
    assert get_user_model().objects.filter(username="admin").exists()


def test_seed_forums_have_their_boards(demo):
    for forum in Forum.objects.filter(is_sample=False):
        members = list(forum.members.all())
        roles = [member.role for member in members]
        assert {"chair", "secretary", "treasurer"} <= set(roles), forum
        assert roles.count("chair") == 1
        assert len({member.group for member in members}) >= 4, forum
        assert {member.sex for member in members} == {"male", "female"}, forum
        for member in members:
            member.full_clean()
    payo = Forum.objects.get(slug="fks-payo-tanah-garam")
    assert payo.members.get(role="chair").group == "customary"


def test_seed_activities_say_who_carried_them_out_and_what_they_achieved(demo):
    hall = Activity.objects.get(title="Pembangunan Gedung Serbaguna Payo")
    assert hall.executor.startswith("FKS Payo")
    assert (hall.volume, hall.achieved_volume, hall.unit) == (1, 1, "unit")
    assert hall.beneficiaries_total is None  # nobody counted them: not recorded, not 0
    assert hall.remarks
    baubau = Activity.objects.filter(forum__village__district__regency_id="74.72", is_sample=False)
    assert not baubau.filter(executor="").exists()
    drainage = baubau.get(activity_type__code="drainage")
    assert drainage.achieved_volume < drainage.volume and "8 m" in drainage.remarks
    road = baubau.get(activity_type__code="village-road")
    assert (road.beneficiaries_male, road.beneficiaries_female) == (412, 398)
    for work in baubau.filter(activity_type__kind="physical"):
        work.full_clean()


def test_solok_dialogue_counts_its_residents_by_group(demo):
    dialogue = Meeting.objects.get(held_on=datetime.date(2018, 10, 22), regency_id="13.72")
    counts = {group: count for group, _label, count in dialogue.participants_by_group}
    assert counts["youth"] == 30 and counts["other"] is None
    assert sum(count or 0 for count in counts.values()) <= dialogue.participants_total
    dialogue.full_clean()


def test_an_earlier_demo_gets_the_new_fields_once_and_keeps_what_was_entered(demo):
    hall = Activity.objects.get(title="Pembangunan Gedung Serbaguna Payo")
    # As an earlier demo left it, but with remarks someone typed since.
    Activity.objects.filter(pk=hall.pk).update(
        executor="", achieved_volume=None, remarks="Dicatat operator"
    )
    Meeting.objects.filter(held_on=datetime.date(2018, 10, 22)).update(participants_youth=None)

    load_demo(sample_forums=SAMPLE_FORUMS, pictures=False)

    hall.refresh_from_db()
    assert hall.executor.startswith("FKS Payo") and hall.achieved_volume == 1
    assert hall.remarks == "Dicatat operator"
    assert Meeting.objects.get(held_on=datetime.date(2018, 10, 22)).participants_youth == 30
    before = _row_counts()
    assert not load_demo(sample_forums=SAMPLE_FORUMS, pictures=False).changed
    assert _row_counts() == before  # no new history rows either


@pytest.mark.django_db
def test_each_gallery_post_has_its_own_captions_and_a_copied_gallery_is_redrawn():
    from activities.demo.pictures import GALLERIES, add_pictures

    load_demo(sample_forums=1)
    solok = Post.objects.get(slug="kota-solok-terima-bantuan-keserasian-sosial-2018")
    babussalam = Post.objects.get(slug="seminar-fks-desa-babussalam-2020")

    def captions(post):
        return list(post.photos.order_by("position").values_list("caption", flat=True))

    assert captions(babussalam) == [caption for _scene, caption in GALLERIES[babussalam.slug]]
    assert not set(captions(babussalam)) & set(captions(solok))
    assert "seminar" in captions(babussalam)[0]

    # An earlier demo gave the Babussalam post Solok's captions.
    for photo, caption in zip(babussalam.photos.order_by("position"), captions(solok), strict=True):
        photo.caption = caption
        photo.save()
    add_pictures()
    assert captions(babussalam) == [caption for _scene, caption in GALLERIES[babussalam.slug]]
    assert babussalam.photos.count() == 3
    photos = PostPhoto.objects.count()
    add_pictures()
    assert PostPhoto.objects.count() == photos


def test_seed_places_have_published_incidents_and_the_targeting_list_is_not_empty(demo):
    from forums.models import ConflictIncident
    from reports.targeting import targeting

    regencies = set(
        ConflictIncident.objects.published().values_list("village__district__regency", flat=True)
    )
    assert {"13.72", "74.72", "14.06"} <= regencies
    assert not ConflictIncident.objects.exclude(state=State.PUBLISHED).exists()
    assert all(ConflictIncident.objects.values_list("is_sample", flat=True))
    without_forum = [row.regency.code for row in targeting(None, 3).without_forum]
    assert without_forum
    assert not Forum.objects.published().filter(
        village__district__regency__in=without_forum, status=Forum.Status.ACTIVE
    )
