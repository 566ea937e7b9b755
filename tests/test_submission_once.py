from django.test import RequestFactory

from forums.staff.submission import PENDING, claim, complete, release

from .factories import UserFactory


def post(user, token):
    request = RequestFactory().post("/staff/x/", {"submission_token": token})
    request.user = user
    return request


def test_second_submission_with_the_same_token_finds_the_first(db):
    user = UserFactory()
    assert claim(post(user, "abc")) is None
    assert claim(post(user, "abc")) == PENDING
    complete(post(user, "abc"), "/staff/forums/7/")
    assert claim(post(user, "abc")) == "/staff/forums/7/"


def test_a_rejected_form_releases_its_token(db):
    user = UserFactory()
    assert claim(post(user, "t1")) is None
    release(post(user, "t1"))
    assert claim(post(user, "t1")) is None


def test_tokens_belong_to_one_user(db):
    assert claim(post(UserFactory(), "same")) is None
    assert claim(post(UserFactory(), "same")) is None


def test_forms_without_a_token_are_not_deduplicated(db):
    user = UserFactory()
    assert claim(post(user, "")) is None
    assert claim(post(user, "")) is None
