from collections import Counter
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from activities.demo import load_demo
from activities.demo.national import targets
from activities.demo.national_places import PROVINCES, Placer
from activities.models import Activity, FundingLine, FundingSource, Meeting, ProgressReport
from forums.models import Forum, Post, StaffProfile, State, Village

SCALE = 0.002  # 20 forums, 400 activities, 80 meetings, 100 posts, 3 staff accounts
REVIEWABLE = [Forum, Activity, ProgressReport, Meeting, Post]


def generate(*extra):
    call_command("generate_national_data", "--scale", str(SCALE), *extra, verbosity=0)


@pytest.fixture
def generated(db):
    generate()


def test_counts_follow_the_scale(generated):
    expected = targets(SCALE)
    assert expected["forums"] == 20 and expected["activities"] == 400
    assert Forum.objects.count() == expected["forums"]
    assert Activity.objects.count() == expected["activities"]
    assert Meeting.objects.count() == expected["meetings"]
    assert Post.objects.count() == expected["posts"]
    assert 2.2 <= FundingLine.objects.count() / Activity.objects.count() <= 2.8
    assert 0.35 <= ProgressReport.objects.count() / Activity.objects.count() <= 0.65
    assert StaffProfile.objects.count() == get_user_model().objects.count() == expected["staff"]


def test_forums_spread_over_provinces_by_their_villages(generated):
    villages = Counter(code[:2] for code in Village.objects.values_list("code", flat=True))
    forums = Counter(code[:2] for code in Forum.objects.values_list("village_id", flat=True))
    total = sum(villages.values())
    for province, count in villages.items():
        assert abs(forums[province] - 20 * count / total) < 1
    assert len(set(Forum.objects.values_list("village_id", flat=True))) == 20


def test_every_record_is_sample_data(generated):
    for model in REVIEWABLE:
        assert model.objects.exists()
        assert not model.objects.filter(is_sample=False).exists(), model


def test_workflow_states_are_mixed_and_consistent(generated):
    for model in REVIEWABLE:
        assert not model.objects.filter(state=State.PUBLISHED, published_at=None).exists()
        assert not model.objects.filter(state=State.RETURNED, return_reason="").exists()
    states = Counter(Activity.objects.values_list("state", flat=True))
    assert states[State.PUBLISHED] > 0.6 * sum(states.values())
    assert len(states) >= 4
    # nothing is published under a record the public cannot see
    assert not Activity.objects.published().exclude(forum__state=State.PUBLISHED).exists()


def test_money_and_progress_respect_the_rules(generated):
    for line in FundingLine.objects.all():
        assert 0 <= line.spending <= line.budget
        assert line.budget % 50_000 == 0 and 2015 <= line.budget_year <= 2026
    works = Activity.objects.filter(activity_type__kind="physical")
    for work in works.with_public_progress():
        percent = work.latest_percent or 0
        expected = "done" if percent >= 100 else "running" if percent else "planned"
        assert work.status == expected, work
    assert all(0 <= p <= 100 for p in ProgressReport.objects.values_list("percent", flat=True))


def test_public_pages_render_on_generated_data(generated, client):
    forum = Forum.objects.published().first()
    activity = Activity.objects.public().first()
    for url in [
        reverse("home"),
        reverse("forum_list"),
        reverse("funding_summary"),
        reverse("news_list"),
        reverse("forum_detail", args=[forum.slug]),
        reverse("activity_detail", args=[activity.pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_activities_have_coordinates_inside_indonesia_near_their_province(generated):
    rows = Activity.objects.values_list("forum__village_id", "latitude", "longitude")
    assert rows and all(lat is not None and lng is not None for _, lat, lng in rows)
    for village, lat, lng in rows:
        assert -11 <= lat <= 6.5 and 94 <= lng <= 142
        centre_lat, centre_lng, reach = PROVINCES[village[:2]]
        assert abs(float(lat) - centre_lat) < reach + 0.5, village
        assert abs(float(lng) - centre_lng) < reach + 0.5, village


def test_coordinates_do_not_change_the_other_generated_values(generated):
    """The points come from generators of their own: without them, the same records."""
    first = list(Activity.objects.order_by("pk").values_list("title", "planned_start"))
    with patch.object(Placer, "place"):
        generate("--replace")
    again = list(Activity.objects.order_by("pk").values_list("title", "planned_start"))
    assert again == first
    assert not Activity.objects.exclude(latitude=None).exists()


def test_second_run_refuses_without_replace(generated):
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert Forum.objects.count() == targets(SCALE)["forums"]


def test_replace_deletes_and_regenerates_the_same_data(generated):
    slugs = sorted(Forum.objects.values_list("slug", flat=True))
    titles = sorted(Activity.objects.values_list("title", flat=True))
    generate("--replace")
    assert sorted(Forum.objects.values_list("slug", flat=True)) == slugs
    assert sorted(Activity.objects.values_list("title", flat=True)) == titles
    assert get_user_model().objects.count() == targets(SCALE)["staff"]


def test_another_seed_gives_other_data(generated):
    slugs = set(Forum.objects.values_list("slug", flat=True))
    generate("--replace", "--seed", "2")
    assert set(Forum.objects.values_list("slug", flat=True)) != slugs


def test_refuses_without_regions(db):
    Village.objects.all()._raw_delete("default")
    with pytest.raises(CommandError, match="load_regions"):
        generate()


def test_staff_accounts_have_scopes_and_no_usable_password_by_default(generated):
    profiles = list(StaffProfile.objects.select_related("user").prefetch_related("regencies"))
    roles = Counter(profile.role for profile in profiles)
    assert roles == {"administrator": 1, "verifier": 1, "operator": 1}
    for profile in profiles:
        assert (profile.province_id is not None) == (profile.role == "verifier")
        assert len(profile.regencies.all()) == (1 if profile.role == "operator" else 0)
        assert not profile.user.has_usable_password()
    passwords = {profile.user.password for profile in profiles}
    assert len(passwords) == 1  # one hash for all, computed once


def test_staff_password_option_sets_one_shared_password(db):
    generate("--staff-password", "rahasia-123")
    users = get_user_model().objects.all()
    assert all(user.check_password("rahasia-123") for user in users)
    assert len({user.password for user in users}) == 1


def test_replace_deletes_demo_content_but_keeps_accounts_and_reference_lists(db):
    load_demo(sample_forums=2, pictures=False)
    demo_users = set(get_user_model().objects.values_list("username", flat=True))
    sources = FundingSource.objects.count()
    with pytest.raises(CommandError):
        generate()
    generate("--replace")
    assert not Forum.objects.exclude(slug__startswith="fks-sampel-").exists()
    assert not Forum.history.exists() and not Activity.history.exists()
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert demo_users <= usernames
    assert len(usernames - demo_users) == targets(SCALE)["staff"]
    assert FundingSource.objects.count() == sources
