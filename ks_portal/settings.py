"""Settings for the Portal Keserasian Sosial, read from environment variables.

Development works with no variables at all (SQLite in the project folder,
DEBUG on). Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name, default=False):
    """A yes/no variable; a typo such as DEBUG=flase stops the start instead of being read
    as "no" (or, worse, leaving a production server in debug mode)."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off."
    )


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "forums",
    "activities",
    "reports",
    # Site-wide management commands (backup, restore); no models, templates or static.
    "ks_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before everything else: a cached public page needs no session, CSRF or auth work.
    "ks_portal.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ks_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ks_portal.middleware.StaffSessionMiddleware",
    "ks_portal.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ks_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forums.staff.notifications.unread_notices",
            ],
        },
    },
]

WSGI_APPLICATION = "ks_portal.wsgi.application"

# Staff logins: after 5 failed attempts for one username from one address, that pair is
# locked out for 30 minutes (django-axes), so passwords cannot be guessed by trying.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address part of the lockout is the real client's (see "Client addresses" below).
AXES_CLIENT_IP_CALLABLE = "forums.clients.client_ip"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff_dashboard"
LOGOUT_REDIRECT_URL = "home"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Behind a pooler in transaction mode (pgbouncer's pool_mode = transaction), a connection
# is shared between transactions: a cursor named on the server would be lost between two
# fetches, so Django fetches query sets whole instead (Django's documented advice).
DATABASE_TRANSACTION_POOLING = env_bool("DATABASE_TRANSACTION_POOLING")
if DATABASE_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# --- SQLite under concurrent use ---------------------------------------------------------
# Write-ahead logging lets readers and one writer work at the same time. IMMEDIATE
# transactions take the write lock at BEGIN, so a transaction that reads and then writes
# waits for another writer (up to `timeout` seconds) instead of failing at once with
# "database is locked", which SQLite does when a deferred reader tries to become a writer.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(**options):
    """A cache in the shared Redis, for the aliases below."""
    backend = "django.core.cache.backends.redis.RedisCache"
    return {"BACKEND": backend, "LOCATION": REDIS_URL, **options}


if REDIS_URL:
    CACHES = {"default": redis_cache()}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Post view counts --------------------------------------------------------------------
# Views are counted in caches, off the request path, and written to the database in
# batches by `manage.py flush_view_counts` (forums/view_counts.py). "view_visitors" holds
# who has seen which post today (a keyed hash, expiring after a day); "view_counts" the
# pending counts. With Redis both are shared by every app server; without it the visitors
# are remembered per process and the pending counts are files that the flush command run
# on the same machine reads (max_entries high so that no pending count is ever culled).
if REDIS_URL:
    CACHES["view_visitors"] = CACHES["view_counts"] = redis_cache(KEY_PREFIX="views")
else:
    CACHES["view_visitors"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "view-visitors",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
    CACHES["view_counts"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("VIEW_COUNTS_DIR", str(BASE_DIR / "var" / "view-counts")),
        "OPTIONS": {"MAX_ENTRIES": 10_000_000},
    }

# --- Page cache (ks_portal/page_cache.py) ---------------------------------------------
# Anonymous public pages come from the default cache, per URL and language, and are made
# old by any change to public data. The content version lives in "page_versions": Redis
# when there is one, else a file that every process on this machine reads (at most once
# a second each). Off by default under DEBUG, where templates change under the developer.
PAGE_CACHE = env_bool("PAGE_CACHE", default=not DEBUG)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))
PAGE_CACHE_VERSION_CHECK = float(os.environ.get("PAGE_CACHE_VERSION_CHECK", "1"))
# The hottest pages also kept in each process (0: every answer is read from the cache).
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "300"))
if REDIS_URL:
    CACHES["page_versions"] = redis_cache(KEY_PREFIX="pages")
else:
    CACHES["page_versions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_VERSIONS_DIR", str(BASE_DIR / "var" / "page-versions")),
    }

# --- Background jobs (Celery, ks_portal/celery.py) -------------------------------------
# With a broker (redis://… or amqp://…), workers run the jobs and beat the clean-ups; with
# none, every job runs inline where it is asked for, as on a single machine.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True  # a job's state is its row (reports.ExportJob)
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-job leaves it for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # long jobs: take one at a time
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE = {
    "flush-view-counts": {"task": "ks_portal.tasks.flush_view_counts", "schedule": 5 * 60},
    "remove-expired-exports": {
        "task": "reports.jobs.remove_expired_exports",
        "schedule": 60 * 60,
    },
    "clear-sessions": {"task": "ks_portal.tasks.clear_sessions", "schedule": 24 * 60 * 60},
    "remove-stale-uploads": {
        "task": "ks_portal.tasks.remove_stale_uploads",
        "schedule": 60 * 60,
    },
    "update-village-eligibility": {
        "task": "reports.tasks.update_village_eligibility",
        "schedule": crontab(hour=2, minute=0),
    },
    # Before the working day starts, in CELERY_TIMEZONE.
    "send-notification-digest": {
        "task": "ks_portal.tasks.send_notification_digest",
        "schedule": crontab(hour=6, minute=30),
    },
}

# Sessions live in the database; with a shared Redis cache, reads come from the cache.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Staff sessions ------------------------------------------------------------------
# A signed-in session ends after 8 hours without a request (not 14 days, Django's
# default); ks_portal.middleware.StaffSessionMiddleware moves the end forward as staff
# work, writing the session at most every 5 minutes.
SESSION_COOKIE_AGE = 8 * 60 * 60
STAFF_SESSION_REFRESH = 5 * 60
# --- end of staff sessions -------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ks_portal.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# --- Media in an object store (ks_portal/storage.py) -----------------------------------
# With MEDIA_BUCKET, uploads go to a private bucket of an S3-compatible store (AWS S3, or
# MinIO, Ceph... at MEDIA_ENDPOINT_URL) that every app server shares; without it, to
# MEDIA_ROOT on this machine. Credentials are the usual AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (AWS_SESSION_TOKEN too), read by django-storages and boto3, or
# boto3's other sources (a profile, an instance role) when they are unset.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "").strip()
MEDIA_ENDPOINT_URL = os.environ.get("MEDIA_ENDPOINT_URL", "").strip().rstrip("/")
# Read here rather than left to boto3, because the signed URLs' host depends on it and the
# Content-Security-Policy below must name that host.
MEDIA_REGION = (
    os.environ.get("MEDIA_REGION")
    or os.environ.get("AWS_REGION")
    or os.environ.get("AWS_DEFAULT_REGION")
    or ""
).strip()
try:
    MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", "300"))
except ValueError:
    MEDIA_SIGNED_URL_SECONDS = 0
# Signature version 4 allows at most a week.
if not 1 <= MEDIA_SIGNED_URL_SECONDS <= 7 * 24 * 3600:
    raise ImproperlyConfigured("MEDIA_SIGNED_URL_SECONDS must be a whole number, 1 to 604800.")
if MEDIA_ENDPOINT_URL and not MEDIA_BUCKET:
    raise ImproperlyConfigured("MEDIA_ENDPOINT_URL is set but MEDIA_BUCKET is not.")
if MEDIA_ENDPOINT_URL and urlsplit(MEDIA_ENDPOINT_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured("MEDIA_ENDPOINT_URL must start with https:// or http://.")

# Media is served by ks_portal.media after a publication and scope check. The bytes go out
# through Django (from MEDIA_ROOT or the bucket), or: "x-accel-redirect" (nginx; the header
# names MEDIA_ACCEL_PREFIX/<name>, an `internal` location) or "x-sendfile" (Apache,
# lighttpd) let the web server send a file of MEDIA_ROOT; "signed-url" sends the public's
# browser to the bucket with a short-lived signed URL (drafts still go through Django).
MEDIA_SENDFILE = os.environ.get("MEDIA_SENDFILE", "").strip().lower()
MEDIA_ACCEL_PREFIX = os.environ.get("MEDIA_ACCEL_PREFIX", "").strip()
if MEDIA_SENDFILE not in {"", "x-accel-redirect", "x-sendfile", "signed-url"}:
    raise ImproperlyConfigured(
        "MEDIA_SENDFILE must be empty, x-accel-redirect, x-sendfile or signed-url."
    )
if MEDIA_SENDFILE == "x-accel-redirect" and not MEDIA_ACCEL_PREFIX:
    raise ImproperlyConfigured("MEDIA_SENDFILE=x-accel-redirect needs MEDIA_ACCEL_PREFIX.")
if MEDIA_SENDFILE in {"x-accel-redirect", "x-sendfile"} and MEDIA_BUCKET:
    # The web server would look for the file on this machine's disk, where it is not.
    raise ImproperlyConfigured(
        f"MEDIA_SENDFILE={MEDIA_SENDFILE} sends files from MEDIA_ROOT, but MEDIA_BUCKET keeps "
        f"them in a bucket: use MEDIA_SENDFILE=signed-url or leave it empty."
    )
if MEDIA_SENDFILE == "signed-url" and not MEDIA_BUCKET:
    raise ImproperlyConfigured("MEDIA_SENDFILE=signed-url needs MEDIA_BUCKET.")


def bucket_storage(bucket, *, endpoint_url="", region="", signed_url_seconds=300):
    """The STORAGES entry of media in the private ``bucket`` (tests use it too)."""
    return {
        "BACKEND": "ks_portal.storage.PrivateBucketStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            # Objects get no ACL, hence the bucket's default: private. Only the portal
            # reads them, or a browser holding a URL it signed.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": signed_url_seconds,
            "signature_version": "s3v4",
            # Other stores answer at one host, the bucket in the path; on AWS, at the
            # bucket's own regional host (the global one redirects outside us-east-1).
            "addressing_style": "path" if endpoint_url else "virtual",
            # Stored names are random (forums/images.py RandomName); never replace a file.
            "file_overwrite": False,
        },
    }


if MEDIA_BUCKET:
    MEDIA_STORAGE = bucket_storage(
        MEDIA_BUCKET,
        endpoint_url=MEDIA_ENDPOINT_URL,
        region=MEDIA_REGION,
        signed_url_seconds=MEDIA_SIGNED_URL_SECONDS,
    )
    # Where signed URLs send browsers; pages must allow images from there (img-src below).
    if MEDIA_ENDPOINT_URL:
        endpoint = urlsplit(MEDIA_ENDPOINT_URL)
        MEDIA_BUCKET_ORIGINS = [f"{endpoint.scheme}://{endpoint.netloc}"]
    else:
        MEDIA_BUCKET_ORIGINS = [
            f"https://{MEDIA_BUCKET}.s3.amazonaws.com",
            f"https://{MEDIA_BUCKET}.s3.{MEDIA_REGION or 'us-east-1'}.amazonaws.com",
        ]
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    MEDIA_BUCKET_ORIGINS = []

# --- Static files --------------------------------------------------------------------
# collectstatic always writes WhiteNoise's manifest of hashed, compressed files, whatever
# DEBUG is: a tree collected during development (`make run`) then also serves with
# DEBUG=0, whose pages look every static URL up in that manifest. With DEBUG on, URLs stay
# unhashed and the files come from the finders, so development needs no collectstatic
# (and tests/conftest.py swaps in the plain storage: tests render with DEBUG off).
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only the hashed copies are kept and compressed (the pages only ever ask for those), and
# source maps are not compressed (only developer tools fetch them): a quarter of the time.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# --- end of static files ---------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal-ks@localhost")
# The portal's own address as people reach it, for links in e-mails (no request there).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured("SITE_URL must start with https:// or http://.")

# Load balancers probe /healthz over plain HTTP on the app server itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Content-Security-Policy (django-csp) --------------------------------------------
# Every script, style, font and image comes from the portal itself; no inline script runs
# (pages hand data to their static scripts in data-* attributes or JSON blocks), no page
# may be framed, no plugin loads, forms post only here. Pictures may also be data: URLs
# (Bootstrap's form controls and Swagger UI draw their icons so), and with
# MEDIA_SENDFILE=signed-url come from the bucket, where /media/ redirects them: a browser
# checks the policy again at every redirect.
MEDIA_IMAGE_ORIGINS = MEDIA_BUCKET_ORIGINS if MEDIA_SENDFILE == "signed-url" else []
# A tile server for the public map (a ministry's own, e.g. https://tiles.example.go.id/{z}/{x}/{y}.png):
# off by default, the map then draws Indonesia's outline shipped in static/geo/.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ORIGINS = (
    [f"{urlsplit(MAP_TILE_URL).scheme}://{urlsplit(MAP_TILE_URL).netloc}"] if MAP_TILE_URL else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_IMAGE_ORIGINS, *MAP_TILE_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- end of Content-Security-Policy ----------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "ks_portal.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The staff action log (forums/staff/audit.py): one JSON object per line on stdout.
        "staff_actions": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "ks_portal.staff": {"handlers": ["staff_actions"], "level": "INFO", "propagate": False},
    },
}

# Photos uploaded as soon as they are chosen in a staff form (forums/uploads.py): how
# many a person may send ("120/hour", counted per user in the cache like the API's
# throttle; empty for no limit), how many and how many bytes may wait for their form
# to be saved, and after how many hours those never saved are removed.
PHOTO_UPLOAD_RATE = os.environ.get("PHOTO_UPLOAD_RATE", "120/hour")
PHOTO_UPLOAD_MAX_PENDING = int(os.environ.get("PHOTO_UPLOAD_MAX_PENDING", "60"))
PHOTO_UPLOAD_MAX_PENDING_BYTES = int(
    os.environ.get("PHOTO_UPLOAD_MAX_PENDING_BYTES", str(200 * 1024 * 1024))
)
PHOTO_UPLOAD_LIFETIME_HOURS = int(os.environ.get("PHOTO_UPLOAD_LIFETIME_HOURS", "24"))
# Photo evidence flags for the verifier (activities/evidence.py): a photo taken farther
# than this from its activity's point, or whose perceptual hash differs from another
# report's photo by at most this many of 64 bits (the same picture).
PHOTO_EVIDENCE_MAX_DISTANCE_KM = float(os.environ.get("PHOTO_EVIDENCE_MAX_DISTANCE_KM", "5"))
PHOTO_DUPLICATE_DISTANCE = int(os.environ.get("PHOTO_DUPLICATE_DISTANCE", "6"))

# The costly downloads (reports/limits.py): requests per client address ("10/minute";
# empty for no limit), counted in the cache like the API's throttle, and the largest
# PDF register (activities) and XLSX file (funding lines) drawn. The CSV has no size limit.
EXPORT_RATE = os.environ.get("EXPORT_RATE", "10/minute")
REGISTER_PDF_RATE = os.environ.get("REGISTER_PDF_RATE", "3/minute")
REGISTER_PDF_MAX_ROWS = int(os.environ.get("REGISTER_PDF_MAX_ROWS", "300"))
EXPORT_XLSX_MAX_ROWS = int(os.environ.get("EXPORT_XLSX_MAX_ROWS", "1000000"))  # Excel: 1,048,576
# Beyond these, a download is drawn by a background job (reports/jobs.py) and kept this long.
EXPORT_JOB_MIN_ROWS = int(os.environ.get("EXPORT_JOB_MIN_ROWS", "20000"))  # funding lines
REGISTER_PDF_JOB_MIN_ROWS = int(os.environ.get("REGISTER_PDF_JOB_MIN_ROWS", "20"))  # activities
EXPORT_JOB_KEEP_HOURS = int(os.environ.get("EXPORT_JOB_KEEP_HOURS", "24"))
# PostgreSQL's memory for the sorts of one export's COPY (its transaction only): at national
# size the default 4MB spills them to disk and the CSV of everything takes half again as long.
EXPORT_WORK_MEM = os.environ.get("EXPORT_WORK_MEM", "256MB")

# --- Client addresses ---------------------------------------------------------------------
# How many reverse proxies of our own stand in front of the app server (haproxy, nginx):
# X-Forwarded-For is believed that many hops from the right, never further
# (forums/clients.py). 0, the default, ignores the header: REMOTE_ADDR is the client.
# Throttles, django-axes and the view counter all use it.
try:
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
except ValueError:
    TRUSTED_PROXIES = -1
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be a whole number, 0 or more.")

# The open-data API (reports/api): read-only, JSON, paginated, throttled. Session
# authentication only tells staff apart for the region pickers (?scope=mine); the API
# has no write endpoint. Throttle counts live in the cache (Redis when REDIS_URL is set).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "ks_portal.browsable_api.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    # An unknown query parameter or an unusable value is a 400 naming it, on every endpoint
    # (ks_portal/api_parameters.py); the schema documents that answer (api_schema.py).
    "DEFAULT_FILTER_BACKENDS": ["ks_portal.api_parameters.StrictFilterBackend"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "ks_portal.api_parameters.StrictContentNegotiation",
    "EXCEPTION_HANDLER": "ks_portal.api_parameters.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "reports.api.pagination.PortalPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "ks_portal.throttling.AnonymousClientThrottle",
        "ks_portal.throttling.SignedInUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "60/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "ks_portal.api_schema.PortalAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portal Keserasian Sosial — open data API",
    "DESCRIPTION": (
        "Read-only open data of the Ministry of Social Affairs' social harmony programme "
        "(Program Keserasian Sosial): published forums, activities with their funding lines, "
        "meetings, news, and the Kemendagri region codes. Only published data is served, "
        "whoever asks. Amounts are integers of whole rupiah. Regions are identified by their "
        "Kemendagri codes (province 13, regency 13.72, district 13.72.01, village "
        "13.72.01.1001). Lists are paginated (`page`, `page_size` up to 200); anonymous "
        "clients may make 60 requests a minute. `/api/funding/summary/` gives the same "
        "totals as the funding page and its CSV and XLSX downloads for the same filters."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # No sign-in is needed; the session only narrows the region lookups for staff pickers.
    "AUTHENTICATION_WHITELIST": [],
    # Swagger UI and ReDoc from the drf-spectacular-sidecar package, served as static
    # files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No spec validator badge: it would ask validator.swagger.io about every page view.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # ReDoc's search runs in a worker made from a blob: URL, a script source the
    # Content-Security-Policy refuses; the schema is short enough to read without it.
    "REDOC_UI_SETTINGS": {"disableSearch": True},
    # GeoJSON's fixed "type" members (reports/api/geojson.py), each named once.
    "ENUM_NAME_OVERRIDES": {
        "GeoJsonPointTypeEnum": ["Point"],
        "GeoJsonFeatureTypeEnum": ["Feature"],
        "GeoJsonFeatureCollectionTypeEnum": ["FeatureCollection"],
    },
}

# Bulk import of activities (activities/importing): limits checked before a file is
# parsed, and the number of rows from which the check and the import run as a job.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
IMPORT_MAX_SHEETS = int(os.environ.get("IMPORT_MAX_SHEETS", "20"))
IMPORT_MAX_ZIP_MEMBERS = int(os.environ.get("IMPORT_MAX_ZIP_MEMBERS", "500"))
IMPORT_MAX_UNCOMPRESSED = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED", str(200 * 1024 * 1024)))
IMPORT_JOB_MIN_ROWS = int(os.environ.get("IMPORT_JOB_MIN_ROWS", "1000"))
