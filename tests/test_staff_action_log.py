"""The staff action log: one JSON object per line (who, which record, what, from where)."""

import datetime
import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from activities.models import Activity
from forums.models import Forum
from forums.staff.audit import log_staff_action
from ks_portal.jsonlog import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def staff_log():
    """What the configured "ks_portal.staff" handler writes, captured from its stream."""
    handlers = logging.getLogger("ks_portal.staff").handlers  # pytest adds its own too
    (handler,) = [h for h in handlers if isinstance(h.formatter, JsonFormatter)]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_an_action_is_one_json_line_with_user_record_action_and_address(staff_log, rf):
    operator = User(pk=7, username="operator.solok")
    request = rf.post("/staff/forums/12/submit/", REMOTE_ADDR="203.0.113.9")

    log_staff_action(operator, Forum(pk=12), "submit", request=request)

    (line,) = staff_log.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["user"] == {"id": 7, "username": "operator.solok"}
    assert entry["action"] == "submit"
    assert entry["record"] == {"kind": "forum", "id": 12}
    assert entry["client"] == "203.0.113.9"
    assert entry["logger"] == "ks_portal.staff"
    assert entry["level"] == "INFO"
    assert datetime.datetime.fromisoformat(entry["time"]).tzinfo is not None


def test_extra_fields_are_added_but_cannot_replace_the_standard_ones(staff_log):
    verifier = User(pk=3, username="verifikator.sumbar")

    log_staff_action(
        verifier, Activity(pk=5), "return", reason="Foto kurang", client="10.0.0.1", time="0"
    )

    entry = json.loads(staff_log.getvalue())
    assert entry["reason"] == "Foto kurang"
    assert entry["action"] == "return"
    assert entry["record"] == {"kind": "activity", "id": 5}
    assert entry["client"] is None  # no request, no address
    assert entry["time"] != "0"


def test_a_newline_in_a_value_cannot_forge_a_second_entry(staff_log):
    forger = User(pk=9, username='x\n{"action": "verify"}')

    log_staff_action(forger, Forum(pk=1), "edit", reason="a\r\nb")

    (line,) = staff_log.getvalue().splitlines()
    assert json.loads(line)["user"]["username"] == 'x\n{"action": "verify"}'


def test_an_unknown_action_is_refused(staff_log):
    with pytest.raises(ValueError, match="Unknown staff action"):
        log_staff_action(User(pk=1, username="a"), Forum(pk=1), "approve")
    assert staff_log.getvalue() == ""


def test_the_log_goes_to_standard_output_as_configured_in_settings():
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth.models import User\n"
        "from forums.models import Forum\n"
        "from forums.staff.audit import log_staff_action\n"
        "log_staff_action(User(pk=2, username='admin'), Forum(pk=4), 'delete')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "ks_portal.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["action"] == "delete"
    assert result.stderr == ""


@pytest.mark.django_db
def test_the_staff_pages_log_every_write_and_step(staff_log, client):
    from django.urls import reverse

    from forums.staff.submission import version_of

    from .factories import ForumFactory, staff_user
    from .test_staff_forums import forum_data

    operator = staff_user("operator", regencies=["13.72"])
    client.force_login(operator)
    client.post(reverse("staff_forum_create"), forum_data(submission_token="log-1"))
    forum = Forum.objects.get()
    client.post(
        reverse("staff_forum_edit", args=[forum.pk]),
        forum_data(slug=forum.slug, loaded_version=version_of(forum), submission_token="log-2"),
    )
    client.post(reverse("staff_transition", args=["forum", forum.pk]), {"action": "submit"})
    draft = ForumFactory()
    client.post(
        reverse("staff_forum_delete", args=[draft.pk]), {"loaded_version": version_of(draft)}
    )

    entries = [json.loads(line) for line in staff_log.getvalue().splitlines()]
    assert [(e["action"], e["record"]["id"]) for e in entries] == [
        ("create", forum.pk),
        ("edit", forum.pk),
        ("submit", forum.pk),
        ("delete", draft.pk),
    ]
    assert {e["user"]["username"] for e in entries} == {operator.username}
