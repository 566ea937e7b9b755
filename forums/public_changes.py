"""Which writes change what the public sees, told to the rest of the portal as one signal.

The public sees published records and what hangs from them (a forum's members, an
activity's funding lines, a report's photos), the reference lists and the regions.
Whatever keeps a copy of public data (the page cache, ``ks_portal/page_cache.py``; the
funding figures, ``reports/figures.py``) listens to ``public_data_changed`` instead of
knowing every model:

- ``regencies``: the codes of the regencies whose public data changed, or ``None`` when
  anything may have changed (a reference list, the regions, a bulk load);
- ``funding``: whether funding figures may have changed (a news post's edit changes
  pages, not money).

A record counts when it is published before or after the write (a return, an edit of a
published record, a publication); a draft saved again and again announces nothing. A child
counts when its parent is published. The signal is sent at once, inside the writer's
transaction, so a listener that keeps its copy in the database stays consistent with it;
``batch()`` gathers the announcements of a bulk load into one.

Writes that skip model signals (``bulk_create``, ``QuerySet.update``) call ``announce``
themselves: the national data generator and ``load_regions`` do.
"""

import threading
import uuid
from contextlib import contextmanager

from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from .models import Forum, ForumMember, Post, PostPhoto, State
from .models.regions import District, Province, Regency, Village

public_data_changed = Signal()

ANYWHERE = None
_pending = threading.local()


def regency_of_village(code):
    """The regency code inside a village or district code: "13.72.01.1001" -> "13.72"."""
    return ".".join(code.split(".")[:2]) if code else None


def announce(regencies=ANYWHERE, *, funding=True):
    """Tell the listeners that public data of ``regencies`` (codes, or None: anywhere)
    changed; inside ``batch()`` it is told once when the batch ends."""
    regencies = None if regencies is None else {code for code in regencies if code}
    batch = getattr(_pending, "batch", None)
    if batch is not None:
        batch["funding"] |= funding
        if batch["regencies"] is not None:
            batch["regencies"] = None if regencies is None else batch["regencies"] | regencies
        return
    if regencies is not None and not regencies:
        return
    public_data_changed.send(sender=None, regencies=regencies, funding=funding)


@contextmanager
def batch():
    """Announce what the block changes once, at its end (bulk loads, the demo data)."""
    if getattr(_pending, "batch", None) is not None:
        yield
        return
    _pending.batch = {"regencies": set(), "funding": False}
    try:
        yield
    finally:
        gathered, _pending.batch = _pending.batch, None
        if gathered["regencies"] is None or gathered["regencies"]:
            announce(gathered["regencies"], funding=gathered["funding"])


# What each model means for the public -------------------------------------------------


class Watched:
    """How a model's writes reach the public: its published flag, regency and parent."""

    def __init__(self, *, regency, parent=None, funding=True):
        self.regency = regency  # record -> regency code (may read its parent)
        self.parent = parent  # child -> the reviewable record it belongs to
        self.funding = funding

    def is_public(self, record, *, before=False):
        if self.parent is not None:
            parent = self.parent(record)
            return parent is not None and parent.state == State.PUBLISHED
        # Reviewable.from_db remembers the state a record was loaded in.
        state = getattr(record, "_loaded_state", None) if before else record.state
        return state == State.PUBLISHED

    def changed(self, record, *, deleted=False):
        if self.is_public(record) or (not deleted and self.is_public(record, before=True)):
            code = self.regency(record)  # None: national news, anywhere
            announce(ANYWHERE if code is None else {code}, funding=self.funding)


def parent_field(field):
    def get(record):
        try:
            return getattr(record, field)
        except ObjectDoesNotExist:  # deleted before it, in a cascade
            return None

    return get


WATCHED = {}


def watch(model, **how):
    WATCHED[model] = Watched(**how)


def _saved(sender, instance, raw=False, **kwargs):
    if sender in WATCHED and not raw:
        WATCHED[sender].changed(instance)
        if WATCHED[sender].parent is None:
            instance._loaded_state = instance.state


def _deleted(sender, instance, **kwargs):
    if sender in WATCHED:
        WATCHED[sender].changed(instance, deleted=True)


def _reference_changed(sender, **kwargs):
    if not kwargs.get("raw"):
        announce(ANYWHERE)


def connect(models_with_rules, reference_models):
    """Watch the models (``{model: Watched kwargs}``) and the reference models (any write
    announces "anywhere"); called by the apps' ready() for their own models."""
    for model, how in models_with_rules.items():
        watch(model, **how)
        uid = f"public_changes:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}:delete")
    for model in reference_models:
        uid = f"public_changes:{model._meta.label}"
        post_save.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_reference_changed, sender=model, dispatch_uid=f"{uid}:delete")


def _post_regency(post):
    return post.regency_id or regency_of_village(post.village_id)


def _linked(sender, instance, action, **kwargs):
    """An activity linked to or unlinked from a news post (either side's manager)."""
    if action in ("post_add", "post_remove", "post_clear"):
        announce(ANYWHERE, funding=False)


def connect_forums():
    connect(
        {
            Forum: {"regency": lambda forum: regency_of_village(forum.village_id)},
            ForumMember: {
                "regency": lambda member: regency_of_village(member.forum.village_id),
                "parent": parent_field("forum"),
                "funding": False,
            },
            Post: {"regency": _post_regency, "funding": False},
            PostPhoto: {
                "regency": lambda photo: _post_regency(photo.post),
                "parent": parent_field("post"),
                "funding": False,
            },
        },
        [Province, Regency, District, Village],
    )


def connect_links(through):
    m2m_changed.connect(_linked, sender=through, dispatch_uid="public_changes:links")


# The public data's version ---------------------------------------------------------------
# A token replaced whenever public data changes (by ks_portal/page_cache.py, which keys its
# pages by it), kept in the "page_versions" cache that every process shares. A public
# download job (reports/jobs.py) is handed to the next reader while it stays the same.
VERSION_KEY = "page-cache-version"


def _versions():
    return caches["page_versions"]


def _new_version():
    return uuid.uuid4().hex[:16]


def current_version():
    """The public data's version now, read from the shared cache."""
    return _versions().get_or_set(VERSION_KEY, _new_version, timeout=None)


def replace_version():
    """A new version of the public data, stored for every process; returned."""
    version = _new_version()
    _versions().set(VERSION_KEY, version, timeout=None)
    return version
