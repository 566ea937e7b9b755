"""Notices of workflow steps: who is told, the e-mails (at once or a daily digest), and
the notices pages of the staff workspace."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from activities.demo.accounts import ensure_accounts
from forums import notification_mail
from forums.models import Notification, NotificationPreference, State
from forums.notification_mail import send_digest
from forums.services import apply_transition, verify_and_publish

from .factories import ForumFactory, PostFactory, ProgressReportFactory, staff_user

pytestmark = pytest.mark.django_db

BAUBAU_VILLAGE = "74.72.01.1007"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://portal-ks.example.org"


@pytest.fixture
def accounts():
    users = ensure_accounts()
    second = staff_user("verifier", province="13", username="verifikator2.sumbar")
    elsewhere = staff_user("verifier", province="74", username="verifikator.sultra")
    for user in (second, elsewhere):
        user.email = f"{user.username}@example.org"
        user.save()
    users.update({"second": second, "elsewhere": elsewhere})
    return users


def step(record, action, user, reason=""):
    return apply_transition(record, action, user, reason)


def recipients(notices):
    return {notice.recipient.username for notice in notices}


def test_a_submission_tells_every_verifier_of_the_province_and_no_one_else(
    accounts, django_capture_on_commit_callbacks
):
    forum = ForumFactory(name="FKS Tanah Garam")
    with django_capture_on_commit_callbacks(execute=True):
        step(forum, "submit", accounts["operator.solok"])

    notices = Notification.objects.all()
    assert recipients(notices) == {"verifikator.sumbar", "verifikator2.sumbar"}
    assert {notice.kind for notice in notices} == {Notification.Kind.SUBMITTED}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "verifikator.sumbar@example.org",
        "verifikator2.sumbar@example.org",
    ]
    body = mail.outbox[0].body
    assert "FKS Tanah Garam" in mail.outbox[0].subject
    assert "Rina Oktaviani" in body
    notice = notices.get(recipient=accounts["second"])
    assert f"https://portal-ks.example.org/staff/notifications/{notice.pk}/" in body
    assert notice.url == reverse("staff_review", args=["forum", forum.pk])


def test_a_submission_in_another_province_tells_its_verifier(
    accounts, django_capture_on_commit_callbacks
):
    forum = ForumFactory(village_id=BAUBAU_VILLAGE)
    with django_capture_on_commit_callbacks(execute=True):
        step(forum, "submit", accounts["operator.baubau"])
    assert recipients(Notification.objects.all()) == {"verifikator.sultra"}


def test_national_news_is_told_to_the_administrators(accounts):
    post = PostFactory(regency=None)
    step(post, "submit", accounts["admin"])  # nobody is told of their own step
    assert not Notification.objects.exists()
    other = staff_user("administrator", username="admin2")
    post = PostFactory(regency=None)
    step(post, "submit", other)
    assert recipients(Notification.objects.all()) == {"admin"}


def test_a_return_tells_the_submitter_with_the_reason(accounts, django_capture_on_commit_callbacks):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    report = ProgressReportFactory(activity__title="Balai Serbaguna", percent=50)
    step(report, "submit", operator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        step(report, "return", verifier, reason="Foto pondasi belum ada.")

    notice = Notification.objects.get(kind=Notification.Kind.RETURNED)
    assert notice.recipient == operator and notice.actor == verifier
    assert notice.reason == "Foto pondasi belum ada."
    assert notice.label.startswith("Balai Serbaguna, 50%")
    assert notice.url == reverse("staff_record", args=["progressreport", report.pk])
    (message,) = mail.outbox
    assert message.to == ["operator.solok@example.org"]
    assert "Foto pondasi belum ada." in message.body
    assert "Balai Serbaguna" in message.subject
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_publication_tells_the_submitter_and_verification_alone_tells_nobody(
    accounts, django_capture_on_commit_callbacks
):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    forum = ForumFactory()
    step(forum, "submit", operator)
    Notification.objects.all().delete()
    forum = step(forum, "verify", verifier)
    assert not Notification.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        step(forum, "publish", verifier)
    (notice,) = Notification.objects.all()
    assert (notice.kind, notice.recipient) == (Notification.Kind.PUBLISHED, operator)


def test_verify_and_publish_tells_the_submitter_once(accounts):
    operator = accounts["operator.solok"]
    forum = ForumFactory()
    step(forum, "submit", operator)
    verify_and_publish(forum, accounts["verifikator.sumbar"])
    assert list(Notification.objects.filter(recipient=operator).values_list("kind", flat=True)) == [
        Notification.Kind.PUBLISHED
    ]


def test_a_news_post_without_submit_history_tells_its_author(accounts):
    operator = accounts["operator.solok"]
    post = PostFactory(regency_id="13.72", author=operator, state=State.SUBMITTED)
    step(post, "return", accounts["verifikator.sumbar"], reason="Judul terlalu panjang.")
    assert Notification.objects.get().recipient == operator


def test_a_refused_step_leaves_no_notice_and_no_mail(accounts, django_capture_on_commit_callbacks):
    forum = ForumFactory(state=State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        step(forum, "return", accounts["verifikator.sumbar"], reason=" ")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_undo_the_step(
    accounts, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(notification_mail, "send_mail", refuse)
    forum = ForumFactory()
    with django_capture_on_commit_callbacks(execute=True):
        step(forum, "submit", accounts["operator.solok"])
    forum.refresh_from_db()
    assert forum.state == State.SUBMITTED
    # Not marked e-mailed: the next digest sends them.
    assert Notification.objects.unsent().count() == 2
    monkeypatch.undo()
    assert send_digest() == 2


def test_digest_readers_get_no_mail_until_the_digest_which_sends_once(
    accounts, django_capture_on_commit_callbacks
):
    operator, verifier = accounts["operator.solok"], accounts["verifikator.sumbar"]
    NotificationPreference.objects.create(user=verifier, delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        step(ForumFactory(name="FKS Satu"), "submit", operator)
        step(ForumFactory(name="FKS Dua"), "submit", operator)
    assert [message.to for message in mail.outbox] == [["verifikator2.sumbar@example.org"]] * 2
    mail.outbox.clear()

    assert send_digest() == 1
    (digest,) = mail.outbox
    assert digest.to == ["verifikator.sumbar@example.org"]
    assert "FKS Satu" in digest.body and "FKS Dua" in digest.body
    assert not Notification.objects.filter(recipient=verifier).unsent().exists()

    assert send_digest() == 0
    assert len(mail.outbox) == 1


def test_digest_leaves_out_notices_older_than_a_day(accounts):
    verifier = accounts["verifikator.sumbar"]
    NotificationPreference.objects.create(user=verifier, delivery="daily")
    step(ForumFactory(), "submit", accounts["operator.solok"])
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    assert send_digest() == 0


def test_mail_is_in_the_recipients_language_else_indonesian(accounts):
    verifier, second = accounts["verifikator.sumbar"], accounts["second"]
    NotificationPreference.objects.create(user=verifier, delivery="daily", language="en")
    NotificationPreference.objects.create(user=second, delivery="daily")
    step(ForumFactory(), "submit", accounts["operator.solok"])
    made = timezone.make_aware(datetime.datetime(2025, 8, 15, 10, 22))
    Notification.objects.update(created_at=made)

    assert send_digest(now=made + datetime.timedelta(hours=8)) == 2

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert "15 August 2025" in bodies["verifikator.sumbar@example.org"]
    assert "15 Agustus 2025" in bodies["verifikator2.sumbar@example.org"]


def test_the_command_sends_the_digest(accounts, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=accounts["verifikator.sumbar"], delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        step(ForumFactory(), "submit", accounts["operator.solok"])
    mail.outbox.clear()
    out = StringIO()
    call_command("send_notification_digest", stdout=out)
    assert "1 digest" in out.getvalue()
    assert len(mail.outbox) == 1


def test_the_digest_is_a_daily_beat_task():
    entry = next(
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "ks_portal.tasks.send_notification_digest"
    )
    assert entry["schedule"].hour == {6}


# --- the pages ---------------------------------------------------------------------


def test_the_list_shows_only_the_users_own_notices(client, accounts):
    step(ForumFactory(name="FKS Sumbar"), "submit", accounts["operator.solok"])
    step(
        ForumFactory(name="FKS Sultra", village_id=BAUBAU_VILLAGE),
        "submit",
        accounts["operator.baubau"],
    )
    client.force_login(accounts["verifikator.sumbar"])
    response = client.get(reverse("staff_notification_list"))
    page = response.content.decode()
    assert "FKS Sumbar" in page and "FKS Sultra" not in page
    assert [notice.recipient for notice in response.context["notices"]] == [
        accounts["verifikator.sumbar"]
    ]


def test_opening_a_notice_marks_it_read_and_leads_to_the_record(client, accounts):
    forum = ForumFactory()
    step(forum, "submit", accounts["operator.solok"])
    mine = Notification.objects.get(recipient=accounts["verifikator.sumbar"])
    theirs = Notification.objects.get(recipient=accounts["second"])
    client.force_login(accounts["verifikator.sumbar"])

    response = client.get(reverse("staff_notification_open", args=[mine.pk]))

    assert response["Location"] == reverse("staff_review", args=["forum", forum.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("staff_notification_open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_the_users_own(client, accounts):
    for _n in range(3):
        step(ForumFactory(), "submit", accounts["operator.solok"])
    client.force_login(accounts["verifikator.sumbar"])
    assert client.get(reverse("staff_notification_read_all")).status_code == 405
    client.post(reverse("staff_notification_read_all"))
    assert (
        not Notification.objects.filter(recipient=accounts["verifikator.sumbar"]).unread().exists()
    )
    assert Notification.objects.filter(recipient=accounts["second"]).unread().count() == 3


def test_the_navigation_counts_unread_notices_in_one_query(
    client, accounts, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    verifier = accounts["verifikator.sumbar"]
    client.force_login(verifier)
    client.get(reverse("staff_notification_settings"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("staff_notification_settings"))
    for _n in range(4):
        step(ForumFactory(), "submit", accounts["operator.solok"])
    with CaptureQueriesContext(connection) as after:
        page = client.get(reverse("staff_notification_settings")).content.decode()
    assert len(after) == len(before), "\n".join(q["sql"][:150] for q in after.captured_queries)
    counts = [q["sql"] for q in after.captured_queries if 'FROM "forums_notification"' in q["sql"]]
    assert len(counts) == 1
    assert '<span class="badge rounded-pill text-bg-warning">4<' in page


def test_the_list_costs_a_fixed_number_of_queries(client, accounts, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(accounts["verifikator.sumbar"])
    step(ForumFactory(), "submit", accounts["operator.solok"])
    client.get(reverse("staff_notification_list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("staff_notification_list"))
    for _n in range(6):
        forum = ForumFactory(state=State.SUBMITTED)
        step(forum, "return", accounts["admin"], reason="Lengkapi.")
        step(forum, "submit", accounts["operator.solok"])
    with django_assert_max_num_queries(len(small)):
        client.get(reverse("staff_notification_list"))


def test_each_user_chooses_immediate_mail_or_a_daily_digest(client, accounts):
    verifier = accounts["verifikator.sumbar"]
    client.force_login(verifier)
    assert client.get(reverse("staff_notification_settings")).status_code == 200
    response = client.post(
        reverse("staff_notification_settings"), {"delivery": "daily", "language": "en"}
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=verifier)
    assert (preference.delivery, preference.language) == ("daily", "en")
    bad = client.post(reverse("staff_notification_settings"), {"delivery": "weekly"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_notice_pages_need_a_staff_login(client):
    response = client.get(reverse("staff_notification_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
