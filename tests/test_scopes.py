"""The one scope filter: every programme queryset keeps only the user's regions."""

import pytest
from django.contrib.auth.models import AnonymousUser

from activities.models import Activity, FundingLine, Meeting, ProgressReport
from forums.models import (
    District,
    Forum,
    ForumMember,
    Post,
    Province,
    Regency,
    StaffProfile,
    Village,
    scope_of,
)

from .factories import (
    ActivityFactory,
    ForumFactory,
    ForumMemberFactory,
    FundingLineFactory,
    MeetingFactory,
    PostFactory,
    ProgressReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SOLOK = "13.72.01.1001"  # Kota Solok, Sumatera Barat
ROKAN_HULU = "14.06.03.2013"  # Kabupaten Rokan Hulu, Riau
KOTA_SOLOK_NEIGHBOUR = "13.71"  # Kota Padang, also Sumatera Barat


def staff(role, province=None, regencies=()):
    user = UserFactory()
    profile = StaffProfile.objects.create(user=user, role=role, province_id=province)
    profile.regencies.set(regencies)
    return user


@pytest.fixture
def records():
    """One of each programme record in Kota Solok and one in Rokan Hulu."""
    made = {}
    for code in (SOLOK, ROKAN_HULU):
        forum = ForumFactory(village=Village.objects.get(code=code))
        activity = ActivityFactory(forum=forum)
        made[code] = {
            Forum: forum,
            ForumMember: ForumMemberFactory(forum=forum),
            Activity: activity,
            FundingLine: FundingLineFactory(activity=activity),
            ProgressReport: ProgressReportFactory(activity=activity),
            Meeting: MeetingFactory(forum=forum),
            Post: PostFactory(village=forum.village),
        }
    return made


PROGRAMME_MODELS = [Forum, ForumMember, Activity, FundingLine, ProgressReport, Meeting, Post]


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda m: m.__name__)
def test_operator_sees_only_their_regencies(records, model):
    operator = staff("operator", regencies=["13.72"])
    assert list(model.objects.in_scope(operator)) == [records[SOLOK][model]]


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda m: m.__name__)
def test_verifier_sees_their_whole_province(records, model):
    verifier = staff("verifier", province="13")
    assert list(model.objects.in_scope(verifier)) == [records[SOLOK][model]]
    riau = staff("verifier", province="14")
    assert list(model.objects.in_scope(riau)) == [records[ROKAN_HULU][model]]


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda m: m.__name__)
def test_administrators_see_everything(records, model):
    superuser = UserFactory(is_superuser=True)
    ministry = staff("administrator")
    assert model.objects.in_scope(superuser).count() == 2
    assert model.objects.in_scope(ministry).count() == 2


@pytest.mark.parametrize("model", PROGRAMME_MODELS, ids=lambda m: m.__name__)
def test_people_without_a_staff_role_see_nothing(records, model):
    assert not model.objects.in_scope(AnonymousUser()).exists()
    assert not model.objects.in_scope(UserFactory()).exists()
    assert not model.objects.in_scope(UserFactory(is_active=False, is_superuser=True)).exists()


def test_operator_with_several_regencies():
    operator = staff("operator", regencies=["13.72", "74.72"])
    assert set(Regency.objects.in_scope(operator).values_list("code", flat=True)) == {
        "13.72",
        "74.72",
    }
    assert set(Province.objects.in_scope(operator).values_list("code", flat=True)) == {"13", "74"}


def test_region_pickers_follow_the_scope():
    operator = staff("operator", regencies=["13.72"])
    verifier = staff("verifier", province="13")

    assert list(Province.objects.in_scope(operator).values_list("code", flat=True)) == ["13"]
    assert list(Regency.objects.in_scope(operator).values_list("code", flat=True)) == ["13.72"]
    assert {d.regency_id for d in District.objects.in_scope(operator)} == {"13.72"}
    assert Village.objects.in_scope(operator).filter(code=SOLOK).exists()
    assert not Village.objects.in_scope(operator).filter(code=ROKAN_HULU).exists()
    assert set(Regency.objects.in_scope(verifier).values_list("code", flat=True)) >= {
        "13.72",
        KOTA_SOLOK_NEIGHBOUR,
    }
    assert not Regency.objects.in_scope(verifier).filter(province_id="14").exists()


def test_scope_roles_decide_who_enters_and_who_verifies():
    assert scope_of(staff("operator", regencies=["13.72"])).can_enter
    assert not scope_of(staff("operator", regencies=["13.72"])).can_verify
    assert scope_of(staff("verifier", province="13")).can_verify
    assert not scope_of(staff("verifier", province="13")).can_enter
    assert scope_of(staff("administrator")).can_verify
    assert not scope_of(AnonymousUser()).is_staff


def test_scope_is_read_once_per_user_object(django_assert_num_queries):
    operator = type(staff("operator", regencies=["13.72"])).objects.last()  # nothing cached
    with django_assert_num_queries(2):  # profile, then its regencies: once
        scope_of(operator)
        scope_of(operator)
        scope_of(operator)
