"""The workflow step view: POST /staff/records/<model>/<pk>/transition/."""

import pytest
from django.urls import reverse

from activities.demo.accounts import ensure_accounts
from forums.models import State

from .factories import ForumFactory, MeetingFactory, PostFactory

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture
def accounts():
    return ensure_accounts()


def url(record, model="forum"):
    return reverse("staff_transition", args=[model, record.pk])


def snapshot(record):
    record.refresh_from_db()
    return record.state, record.return_reason, record.history.count()


def step(client, user, record, action, model="forum", **data):
    client.force_login(user)
    return client.post(url(record, model), {"action": action, **data})


def test_operator_submits_a_draft(client, accounts):
    forum = ForumFactory()
    response = step(client, accounts["operator.solok"], forum, "submit")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED
    assert forum.history.latest().history_user == accounts["operator.solok"]


def test_verifier_verifies_then_publishes(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    verifier = accounts["verifikator.sumbar"]
    step(client, verifier, forum, "verify")
    forum.refresh_from_db()
    assert (forum.state, forum.verified_by) == (State.VERIFIED, verifier)
    response = step(client, verifier, forum, "publish")
    forum.refresh_from_db()
    assert forum.state == State.PUBLISHED and forum.published_at
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["success", "success"]


def test_verifier_returns_with_a_reason(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    step(client, accounts["verifikator.sumbar"], forum, "return", reason="Lengkapi SK lurah.")
    forum.refresh_from_db()
    assert (forum.state, forum.return_reason) == (State.RETURNED, "Lengkapi SK lurah.")


def test_return_without_reason_is_refused_and_changes_nothing(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    before = snapshot(forum)
    response = step(client, accounts["verifikator.sumbar"], forum, "return", reason="  ")
    assert response["Location"] == reverse("staff_forum_detail", args=[forum.pk])
    assert snapshot(forum) == before
    page = client.get(response["Location"])
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_step_the_state_does_not_allow_is_refused_with_a_message(client, accounts):
    forum = ForumFactory()  # a draft cannot be published
    before = snapshot(forum)
    response = step(client, accounts["verifikator.sumbar"], forum, "publish")
    assert snapshot(forum) == before
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert [m.level_tag for m in page.context["messages"]] == ["error"]


def test_operator_cannot_verify_and_gets_404(client, accounts):
    forum = ForumFactory(state=State.SUBMITTED)
    before = snapshot(forum)
    response = step(client, accounts["operator.solok"], forum, "verify")
    assert response.status_code == 404
    assert snapshot(forum) == before


def test_unknown_action_changes_nothing(client, accounts):
    forum = ForumFactory()
    before = snapshot(forum)
    step(client, accounts["operator.solok"], forum, "delete")
    assert snapshot(forum) == before


@pytest.mark.parametrize("username", ["operator.solok", "verifikator.sumbar"])
def test_out_of_scope_record_is_404_and_unchanged(client, accounts, username):
    forum = ForumFactory(village_id=BAUBAU_VILLAGE, state=State.SUBMITTED)
    before = snapshot(forum)
    action = "verify" if username.startswith("verifikator") else "submit"
    response = step(client, accounts[username], forum, action)
    assert response.status_code == 404
    assert snapshot(forum) == before


def test_other_workflow_models_by_their_key(client, accounts):
    meeting = MeetingFactory()
    post = PostFactory(regency_id="13.72")
    operator = accounts["operator.solok"]
    for record, model in [(meeting, "meeting"), (post, "post")]:
        step(client, operator, record, "submit", model=model)
        record.refresh_from_db()
        assert record.state == State.SUBMITTED


def test_unknown_model_is_404(client, accounts):
    forum = ForumFactory()
    assert step(client, accounts["admin"], forum, "submit", model="user").status_code == 404


def test_get_is_405(client, accounts):
    forum = ForumFactory()
    client.force_login(accounts["operator.solok"])
    assert client.get(url(forum)).status_code == 405
