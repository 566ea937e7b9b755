"""Submit → verify → publish, return with a reason, and who may do which."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from activities.models import Meeting
from forums.models import Forum, StaffProfile, State, Village
from forums.services import allowed_transitions, apply_transition, can_edit

from .factories import ForumFactory, MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff(role, province=None, regencies=()):
    user = UserFactory()
    profile = StaffProfile.objects.create(user=user, role=role, province_id=province)
    profile.regencies.set(regencies)
    return user


@pytest.fixture
def operator():
    return staff("operator", regencies=["13.72"])


@pytest.fixture
def verifier():
    return staff("verifier", province="13")


def test_full_round_submit_return_resubmit_verify_publish(operator, verifier):
    forum = ForumFactory()  # Kelurahan Tanah Garam, Kota Solok

    forum = apply_transition(forum, "submit", operator)
    assert forum.state == State.SUBMITTED
    forum = apply_transition(forum, "return", verifier, reason="Lengkapi daftar pengurus.")
    assert (forum.state, forum.return_reason) == (State.RETURNED, "Lengkapi daftar pengurus.")
    forum = apply_transition(forum, "submit", operator)
    assert (forum.state, forum.return_reason) == (State.SUBMITTED, "")
    forum = apply_transition(forum, "verify", verifier)
    assert forum.verified_by == verifier and forum.verified_at
    forum = apply_transition(forum, "publish", verifier)
    assert forum.state == State.PUBLISHED and forum.published_at

    history = list(forum.history.order_by("history_date"))
    assert [h.history_change_reason for h in history[1:]] == [
        "submit",
        "return: Lengkapi daftar pengurus.",
        "submit",
        "verify",
        "publish",
    ]
    assert [h.history_user for h in history[1:]] == [
        operator,
        verifier,
        operator,
        verifier,
        verifier,
    ]


def test_return_needs_a_reason_and_changes_nothing_without_one(verifier):
    forum = ForumFactory(state=State.SUBMITTED)
    with pytest.raises(ValidationError):
        apply_transition(forum, "return", verifier, reason="   ")
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED
    assert forum.history.count() == 1


def test_only_verified_records_can_be_published(verifier):
    forum = ForumFactory(state=State.SUBMITTED)
    with pytest.raises(ValidationError):
        apply_transition(forum, "publish", verifier)
    assert Forum.objects.get(pk=forum.pk).state == State.SUBMITTED


def test_operator_cannot_verify_or_publish(operator):
    forum = ForumFactory(state=State.SUBMITTED)
    for action in ("verify", "publish", "return"):
        with pytest.raises(PermissionDenied):
            apply_transition(forum, action, operator, reason="x")
    assert Forum.objects.get(pk=forum.pk).state == State.SUBMITTED


def test_out_of_scope_records_cannot_be_touched():
    riau_verifier = staff("verifier", province="14")
    padang_operator = staff("operator", regencies=["13.71"])
    forum = ForumFactory(state=State.SUBMITTED)
    with pytest.raises(PermissionDenied):
        apply_transition(forum, "verify", riau_verifier)
    draft = ForumFactory()
    with pytest.raises(PermissionDenied):
        apply_transition(draft, "submit", padang_operator)
    assert Forum.objects.get(pk=forum.pk).state == State.SUBMITTED
    assert Forum.objects.get(pk=draft.pk).state == State.DRAFT


def test_unknown_action_is_refused(operator):
    with pytest.raises(ValidationError):
        apply_transition(ForumFactory(), "delete", operator)


def test_workflow_works_for_activity_app_records_too(operator, verifier):
    meeting = MeetingFactory(forum=ForumFactory(village=Village.objects.get(code="13.72.01.1001")))
    meeting = apply_transition(meeting, "submit", operator)
    meeting = apply_transition(meeting, "verify", verifier)
    meeting = apply_transition(meeting, "publish", verifier)
    assert Meeting.objects.public().filter(pk=meeting.pk).exists() is False  # forum is a draft
    assert Meeting.objects.published().filter(pk=meeting.pk).exists()


def test_what_each_role_may_do_and_edit(operator, verifier):
    draft = ForumFactory()
    submitted = ForumFactory(state=State.SUBMITTED)
    assert [t.action for t in allowed_transitions(draft, operator)] == ["submit"]
    assert [t.action for t in allowed_transitions(submitted, verifier)] == ["verify", "return"]
    assert allowed_transitions(submitted, operator) == []
    assert can_edit(draft, operator)
    assert not can_edit(submitted, operator)
    assert not can_edit(draft, verifier)
    assert can_edit(draft, staff("administrator"))
    assert not can_edit(submitted, staff("administrator"))
