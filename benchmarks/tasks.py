"""The Django side of ``make bench``, one task per process (``benchmarks/bench.py`` runs them):

    python -m benchmarks.tasks load-demo OUT.json
    python -m benchmarks.tasks targets OUT.json
    python -m benchmarks.tasks queries OUT.json TARGETS.json
    python -m benchmarks.tasks export OUT.json TARGETS.json csv|xlsx|pdf

Each writes its result as JSON to OUT.json. They run with the environment gunicorn gets
(DJANGO_SETTINGS_MODULE=benchmarks.settings, DEBUG off, the benchmark's database and Redis).
"""

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAFF_PREFIX = "sampel."


def load_demo_task():
    """The demo content beside the generated data (the seed documents' forums and the demo
    accounts), without pictures, then fresh planner statistics and visibility maps."""
    from django.db import connection

    from activities.demo import load_demo

    started = time.perf_counter()
    load_demo(sample_forums=0, pictures=False)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a live database
    return {"seconds": time.perf_counter() - started}


def public_pages():
    """The public pages measured, as (name, URL), with real records picked from the
    database (also benchmarks/pages.py's list); and the forum they show."""
    from django.db.models import Count
    from django.urls import reverse

    from activities.models import Activity, Meeting

    forum = _busiest_forum()
    activity = (
        Activity.objects.public()
        .filter(forum=forum)
        .annotate(lines=Count("funding_lines"))
        .order_by("-lines", "pk")
        .first()
    )
    meeting = Meeting.objects.public().filter(forum=forum).order_by("pk").first()
    meeting = meeting or Meeting.objects.public().order_by("pk").first()
    post = _public_post()
    pages = [
        ("home", reverse("home")),
        ("news list", reverse("news_list")),
        ("news page", reverse("post_detail", args=[post.slug])),
        ("forum directory", reverse("forum_list")),
        ("forum directory, filtered", reverse("forum_list") + "?province=13&status=active"),
        ("forum page", reverse("forum_detail", args=[forum.slug])),
        ("activity page", reverse("activity_detail", args=[activity.pk])),
        ("meeting page", reverse("meeting_detail", args=[meeting.pk])),
        ("funding summary", reverse("funding_summary")),
        ("funding summary, province", reverse("funding_summary") + "?province=13"),
        ("search", reverse("search") + "?q=gedung"),
        ("API activities", reverse("api-activity-list")),
        ("API funding summary", reverse("api_funding_summary")),
        ("sitemap", reverse("sitemap")),
        ("news feed", reverse("news_feed")),
    ]
    return pages, forum


def targets_task():
    """The URLs to measure, with real records picked from the database, the operator to
    sign in as, the PDF register's slice, and the row counts."""
    from django.conf import settings
    from django.urls import reverse

    public, forum = public_pages()
    operator, editable = _operator_with_editable_activity()
    staff = [
        ("staff dashboard", reverse("staff_dashboard")),
        ("staff activity list", reverse("staff_activity_list")),
        ("staff activity edit form", reverse("staff_activity_edit", args=[editable.pk])),
    ]
    return {
        "public": public,
        "staff": staff,
        "operator": operator.username,
        "login": reverse("login"),
        "logout": reverse("logout"),
        "forum": {"pk": forum.pk, "name": forum.name, "activities": forum.public_activities},
        "pdf": _pdf_slice(settings.REGISTER_PDF_MAX_ROWS),
        "small_slice": f"?forum={forum.pk}",
        "counts": _row_counts(),
    }


def _busiest_forum():
    """The published forum with the most public activities: its page is the heaviest."""
    from django.db.models import Count, Q

    from forums.models import Forum, State

    public = Q(activities__state=State.PUBLISHED)
    return (
        Forum.objects.published()
        .annotate(public_activities=Count("activities", filter=public))
        .order_by("-public_activities", "pk")
        .first()
    )


def _public_post():
    from forums.models import Post

    return Post.objects.public().first()


def _operator_with_editable_activity():
    """A generated operator whose scope holds the most activities, and a draft or returned
    activity in that scope (operators edit only those)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from activities.models import Activity
    from forums.models import StaffProfile
    from forums.services import EDITABLE_STATES

    links = StaffProfile.regencies.through.objects.filter(
        staffprofile__role=StaffProfile.Role.OPERATOR,
        staffprofile__user__username__startswith=STAFF_PREFIX,
    ).values_list("regency_id", "staffprofile__user_id")
    operators_by_regency = {}
    for regency, user_id in links:
        operators_by_regency.setdefault(regency, user_id)
    busiest = (
        Activity.objects.filter(forum__village__district__regency__in=operators_by_regency)
        .values_list("forum__village__district__regency")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )
    User = get_user_model()
    for regency, _count in busiest:
        user = User.objects.get(pk=operators_by_regency[regency])
        editable = Activity.objects.in_scope(user).filter(state__in=EDITABLE_STATES).order_by("pk")
        if editable.exists():
            return user, editable.first()
    raise SystemExit("No generated operator has a draft or returned activity in scope.")


def _pdf_slice(limit):
    """The largest regency whose public activities fit in one PDF register (``limit``)."""
    from django.db.models import Count
    from django.urls import reverse

    from activities.models import Activity

    regencies = (
        Activity.objects.public()
        .values_list("forum__village__district__regency", "forum__village__district__regency__name")
        .annotate(count=Count("pk"))
        .filter(count__lte=limit)
        .order_by("-count")
    )
    largest = regencies.first()
    if largest is None:
        raise SystemExit(f"No regency has {limit} public activities or fewer for the PDF.")
    code, name, count = largest
    query = f"?province={code.split('.')[0]}&regency={code}"
    return {"url": reverse("activity_register_pdf") + query, "label": name, "activities": count}


def _row_counts():
    from activities.models import Activity, FundingLine, Meeting, ProgressReport
    from forums.models import Forum, Post, StaffProfile, Village

    return {
        "forums": Forum.objects.count(),
        "published forums": Forum.objects.published().count(),
        "activities": Activity.objects.count(),
        "public activities": Activity.objects.public().count(),
        "funding lines": FundingLine.objects.count(),
        "public funding lines": FundingLine.objects.public().count(),
        "meetings": Meeting.objects.count(),
        "progress reports": ProgressReport.objects.count(),
        "news posts": Post.objects.count(),
        "staff accounts": StaffProfile.objects.count(),
        "villages": Village.objects.count(),
    }


def queries_task(targets):
    """SQL queries of one request to each page (the second: the first fills per-process
    caches such as content types), through Django's test client in this process."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
        return {"status": response.status_code, "queries": len(queries)}

    anonymous = Client()
    result = {name: count(anonymous, url) for name, url in targets["public"]}
    staff = Client()
    staff.force_login(get_user_model().objects.get(username=targets["operator"]))
    result.update({name: count(staff, url) for name, url in targets["staff"]})
    return result


def export_task(targets, kind):
    """Wall time and peak memory growth of one download of ``kind`` through the test client.

    Memory is the growth of the process's peak resident set (``ru_maxrss``) over what it
    was after a small download of the same kind had loaded the code it needs.
    """
    from django.test import Client
    from django.urls import reverse

    base = {
        "csv": reverse("funding_csv"),
        "xlsx": reverse("funding_xlsx"),
        "pdf": reverse("activity_register_pdf"),
    }[kind]
    url = targets["pdf"]["url"] if kind == "pdf" else base
    client = Client()
    _download(client, base + targets["small_slice"])
    before = _peak_rss_kib()
    started = time.perf_counter()
    status, size = _download(client, url)
    seconds = time.perf_counter() - started
    return {
        "url": url,
        "status": status,
        "bytes": size,
        "seconds": seconds,
        "peak_rss_growth_mib": (_peak_rss_kib() - before) / 1024,
    }


def _download(client, url):
    response = client.get(url)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return response.status_code, size


def _peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(argv):
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    task, output, *rest = argv
    if task == "load-demo":
        result = load_demo_task()
    elif task == "targets":
        result = targets_task()
    else:
        targets = json.loads(Path(rest[0]).read_text())
        result = queries_task(targets) if task == "queries" else export_task(targets, rest[1])
    Path(output).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
