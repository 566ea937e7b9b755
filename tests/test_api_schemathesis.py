"""The open-data API answers as its OpenAPI schema says: schemathesis generates requests
for every operation of the schema the app itself serves (/api/schema/) and checks each
answer (no server error, a documented status code, content type, headers and body).

The database holds a little published data, so lists return rows and the operations on
one item are also asked for keys that exist. Deterministic (a fixed seed, derandomized,
no example database) so that CI sees the same requests every run; about 45 s. All of
schemathesis's checks run, its default set: besides the five conformance checks, that a
request the schema allows is not refused (400) and one it forbids is (400 or 404)."""

from decimal import Decimal

import hypothesis.strategies as st
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from activities.models import Activity, Meeting
from forums.models import Forum, Post
from ks_portal.wsgi import application

from .factories import MeetingFactory, MeetingSpeakerFactory, PostFactory, published
from .funding_data import BABUSSALAM, TANAH_GARAM, funded_activity

pytestmark = pytest.mark.django_db

CONFIG = {
    "seed": 20250815,
    "generation": {
        "max-examples": 25,
        "deterministic": True,
        "database": "none",  # Hypothesis would keep failing examples in .hypothesis/
    },
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
}

# Loaded when the module is imported (one request, no database): one test per operation.
# schemathesis.pytest.from_fixture() would load it inside a test instead, but its runner
# sets Node._nodeid, which pytest 9.2 no longer has.
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json", application, config=schemathesis.Config.from_dict(CONFIG)
)

# The keys that exist, per operation on one item: the same querysets as the views.
EXISTING = {
    "/api/forums/{slug}/": lambda: Forum.objects.published().values_list("slug", flat=True),
    "/api/news/{slug}/": lambda: Post.objects.published().values_list("slug", flat=True),
    "/api/activities/{id}/": lambda: Activity.objects.public().values_list("pk", flat=True),
    "/api/meetings/{id}/": lambda: Meeting.objects.public().values_list("pk", flat=True),
    "/api/regions/provinces/{code}/": lambda: ["13", "14"],
    "/api/regions/regencies/{code}/": lambda: ["13.72", "14.06"],
    "/api/regions/districts/{code}/": lambda: ["13.72.01"],
    "/api/regions/villages/{code}/": lambda: [TANAH_GARAM, BABUSSALAM],
}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Half of the items asked for are generated keys (mostly unknown: a 404), half are
    keys that exist (a 200 with the item's body)."""
    if not path_parameters:
        return st.just(path_parameters)
    (name,) = path_parameters
    keys = [str(key) for key in EXISTING[context.operation.path]()]
    return st.just(path_parameters) | st.sampled_from(keys).map(lambda key: {name: key})


@pytest.fixture(autouse=True)
def connection_kept_open():
    """Django closes the database connection when a request ends, and with it the test's
    transaction (PostgreSQL); the test client stops that, and so does this fixture, since
    schemathesis calls the WSGI application itself."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def no_throttling(settings):
    # Schemathesis asks far more often than the 60 requests a minute an anonymous client
    # may; the throttle stays in place (and the schema keeps its documented 429).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
    }


@pytest.fixture(autouse=True)
def programme():
    """Published forums in two villages with funded activities, a meeting and a post."""
    hall = funded_activity(
        [("apbn", 2019, 100_000_000, 60_000_000), ("apbd-regency", 2020, 50_000_000, 0)],
        title="Gedung Serbaguna Payo",
        latitude=Decimal("-0.80"),
        longitude=Decimal("100.65"),
    )  # on the map (/api/activities/geojson/)
    funded_activity(
        [("dpr-aspiration", 2020, 20_000_000, 15_000_000)],
        village=BABUSSALAM,
        activity_type="seminar",
        title="Seminar Kebangsaan",
    )
    meeting = MeetingFactory(forum=hall.forum, activity=hall, **published(theme="Dialog"))
    MeetingSpeakerFactory(meeting=meeting, topic="Kerukunan")
    PostFactory(published=True, village_id=TANAH_GARAM, forum=hall.forum)


@schema.parametrize()
def test_every_operation_answers_as_its_schema_documents(case):
    case.call_and_validate()
