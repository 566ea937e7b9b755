"""Concurrent staff writes against the live server: no edit reverts a workflow step, and
no child row is saved twice, whatever the timing.

Threads play an operator editing a forum from several tabs while the forum is submitted
and returned in between, and a form re-sent while its first sending is still saving. It
runs on PostgreSQL (CI runs the suite there too): row locks only mean something with a
server that takes them; SQLite serialises every write anyway. The records it commits are
deleted at the end, as the browser tests run after all the others.
"""

import re
import threading
from collections import Counter

import pytest
import requests
from django.db import connection
from django.urls import reverse

from activities.demo.accounts import DEMO_PASSWORD
from activities.models import Activity, ActivityType, FundingSource
from forums.models import Forum, ForumMember, State, Village
from forums.services import TRANSITIONS

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
)

TANAH_GARAM = "13.72.01.1001"
EDITORS, EDITS_EACH, WORKFLOW_ROUNDS, RESEND_ROUNDS = 4, 12, 12, 8


class Staff:
    """A logged-in browser session of a demo account, over HTTP."""

    def __init__(self, base, username):
        self.base, self.http = base, requests.Session()
        self.http.cookies.set("django_language", "en")
        self.http.get(f"{base}{reverse('login')}")
        response = self.http.post(
            f"{base}{reverse('login')}",
            {"username": username, "password": DEMO_PASSWORD, **self._csrf()},
            allow_redirects=False,
        )
        assert response.status_code == 302, f"{username} could not log in"

    def _csrf(self):
        return {"csrfmiddlewaretoken": self.http.cookies["csrftoken"]}

    def get(self, path):
        return self.http.get(f"{self.base}{path}")

    def post(self, path, data, follow=False):
        return self.http.post(
            f"{self.base}{path}", {**data, **self._csrf()}, allow_redirects=follow
        )

    def form_state(self, path):
        """The hidden version and one-time token of the form at ``path`` (None if refused)."""
        page = self.get(path)
        if page.status_code != 200:
            return None
        fields = dict(
            re.findall(r'name="(loaded_version|submission_token)" value="([^"]*)"', page.text)
        )
        return fields


def forum_post(forum, version, token, member_name):
    return {
        "name": forum.name,
        "slug": forum.slug,
        "formation_year": "2018",
        "status": "active",
        "founded_on": "",
        "province": "13",
        "regency": "13.72",
        "district": "13.72.01",
        "village": TANAH_GARAM,
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "description": "",
        "loaded_version": version,
        "submission_token": token,
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        "members-0-name": member_name,
        "members-0-role": "member",
        "members-0-group": "youth",
        "members-0-sex": "male",
    }


def committed(function):
    """Run ``function`` in a thread of its own, so its writes are committed at once (the
    test's own connection is inside the test's transaction, which the server can't see)."""
    result = []

    def run():
        try:
            result.append(function())
        finally:
            connection.close()

    run_all(run)
    return result[0] if result else None


def run_all(*targets):
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)


def reverts(forum):
    """History rows that changed the state without a workflow step."""
    rows = list(forum.history.order_by("history_date", "history_id"))
    count = 0
    for before, after in zip(rows, rows[1:], strict=False):
        if after.state != before.state:
            step = TRANSITIONS.get((after.history_change_reason or "").partition(":")[0])
            if step is None or step.target != after.state:
                count += 1
    return count


@pytest.fixture
def records(portal):
    def create():
        forum = Forum.objects.create(
            name="FKS Uji Serentak",
            slug="fks-uji-serentak",
            village=Village.objects.get(code=TANAH_GARAM),
            formation_year=2018,
        )
        activity = Activity.objects.create(
            forum=forum,
            activity_type=ActivityType.objects.get(code="thematic-dialogue"),
            title="Dialog uji serentak",
        )
        return forum, activity

    def delete():
        Activity.objects.filter(forum__slug="fks-uji-serentak").delete()
        ForumMember.objects.filter(forum__slug="fks-uji-serentak").delete()
        Forum.objects.filter(slug="fks-uji-serentak").delete()

    yield committed(create)
    committed(delete)


def test_concurrent_edits_never_revert_a_step_nor_save_a_row_twice(portal, records):
    forum, _activity = records
    base = portal.url
    edit_url = reverse("staff_forum_edit", args=[forum.pk])
    transition_url = reverse("staff_transition", args=["forum", forum.pk])
    saved, refused = [], []

    def editor(number):
        operator = Staff(base, "operator.solok")

        def run():
            for attempt in range(EDITS_EACH):
                fields = operator.form_state(edit_url)
                if not fields:
                    continue  # submitted just now: its edit page is refused
                name = f"Anggota {number}-{attempt}"
                data = forum_post(forum, fields["loaded_version"], fields["submission_token"], name)
                response = operator.post(edit_url, data, follow=True)
                assert response.status_code in (200, 403), response.status_code
                (saved if "Changes saved." in response.text else refused).append(name)

        return run

    def workflow():
        operator, verifier = Staff(base, "operator.solok"), Staff(base, "verifikator.sumbar")
        for _round in range(WORKFLOW_ROUNDS):
            operator.post(transition_url, {"action": "submit"})
            verifier.post(transition_url, {"action": "return", "reason": "Periksa lagi."})

    run_all(*[editor(number) for number in range(EDITORS)], workflow)

    names = committed(
        lambda: Counter(ForumMember.objects.filter(forum=forum).values_list("name", flat=True))
    )
    reverted = committed(lambda: reverts(forum))
    state = committed(lambda: Forum.objects.get(pk=forum.pk).state)
    duplicated = sum(count - 1 for count in names.values() if count > 1)
    print(
        f"\nconcurrent forum edits: {len(saved) + len(refused)} sent, {len(saved)} saved, "
        f"{len(refused)} refused; reverts {reverted}, duplicated members {duplicated}"
    )
    assert reverted == 0
    assert duplicated == 0
    assert state in (State.DRAFT, State.RETURNED)
    assert set(names) == set(saved), "every saved edit is there, and only those"
    assert saved, "some edits must get through between the workflow steps"


def test_a_form_sent_twice_at_once_adds_its_funding_line_once(portal, records):
    _forum, activity = records
    base = portal.url
    edit_url = reverse("staff_activity_edit", args=[activity.pk])
    source = committed(lambda: FundingSource.objects.get(code="apbn").pk)
    operator = Staff(base, "operator.solok")
    second_tab = Staff(base, "operator.solok")

    for round_number in range(RESEND_ROUNDS):
        fields = operator.form_state(edit_url)
        lines = committed(activity.funding_lines.count)
        data = {
            "forum": activity.forum_id,
            "activity_type": activity.activity_type_id,
            "title": activity.title,
            "description": "",
            "status": "planned",
            "location": "",
            "latitude": "",
            "longitude": "",
            "volume": "",
            "unit": "",
            "planned_start": "",
            "planned_end": "",
            "actual_start": "",
            "actual_end": "",
            **fields,
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "0",
            "funding-MIN_NUM_FORMS": "0",
            "funding-MAX_NUM_FORMS": "1000",
            "funding-0-source": source,
            "funding-0-budget_year": "2019",
            "funding-0-purpose": f"putaran {round_number}",
            "funding-0-budget": "14.000.000",
            "funding-0-spending": "0",
            "funding-0-member_name": "",
            "funding-0-electoral_district": "",
        }
        # The same form from the same session twice (a double click), and once more from
        # a second tab that had loaded the same version.
        run_all(
            lambda data=data: operator.post(edit_url, data),
            lambda data=data: operator.post(edit_url, data),
            lambda data={**data, "submission_token": f"tab-{round_number}"}: second_tab.post(
                edit_url, data
            ),
        )
        assert committed(activity.funding_lines.count) == lines + 1, f"round {round_number}"
