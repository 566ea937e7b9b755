"""Uploaded photos, served only to whoever may see the record they belong to.

A stored file is served when the record that owns it is public (the same
``public()`` / ``published()`` querysets the public pages use), or to a signed-in
staff member whose scope holds that record (a photo uploaded for a form not yet saved:
to the staff member who uploaded it); anything else, a file no record owns
included, answers 404. The view lives here, site-wide, because the owners live in
both ``forums`` (news covers and galleries) and ``activities`` (progress photos).

Which owners to ask is read from the stored name's directory (each upload field's
``RandomName`` directory), so a request costs at most two queries for the file
plus the signed-in user's own. The bytes go out through Django's storage API (from
MEDIA_ROOT or the bucket, ``ks_portal/storage.py``), or, with ``MEDIA_SENDFILE``, the web
server sends them (nginx ``X-Accel-Redirect``, Apache/lighttpd ``X-Sendfile``) after this
view has said yes. With ``MEDIA_SENDFILE=signed-url`` a public file is a redirect to a
short-lived signed URL of the bucket; a file only staff may see never is (a signed URL
works for whoever holds it), it goes through Django.
"""

import mimetypes
import posixpath
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from activities.models import FollowUpPhoto, ProgressPhoto
from forums.models import PhotoUpload, Post, PostPhoto, scope_of

# Public photos may sit in browser and proxy caches this long; kept short because a
# record that is returned for correction leaves the public site.
PUBLIC_MAX_AGE = 60 * 60
SERVED_TYPES = {"image/jpeg", "image/png", "image/webp"}


@dataclass(frozen=True)
class MediaOwner:
    """A model whose file fields hold stored media, and who may see its rows."""

    model: type
    fields: tuple

    @cached_property
    def directories(self):
        return tuple(
            f"{self.model._meta.get_field(name).upload_to.directory}/" for name in self.fields
        )

    def owns(self, name):
        return name.startswith(self.directories)

    def rows(self, name):
        condition = Q()
        for field in self.fields:
            condition |= Q(**{field: name})
        return condition

    def public(self):
        return self.model._default_manager.public()

    def in_scope(self, user):
        return self.model._default_manager.in_scope(user)


OWNERS = (
    MediaOwner(ProgressPhoto, ("image", "thumbnail")),
    MediaOwner(FollowUpPhoto, ("image", "thumbnail")),
    MediaOwner(PostPhoto, ("image", "thumbnail")),
    MediaOwner(Post, ("cover", "cover_thumbnail")),
    # Photos uploaded for a form not saved yet: never public, and "in scope" of their
    # owner alone (forums.models.uploads).
    MediaOwner(PhotoUpload, ("image", "thumbnail")),
)


def is_safe_name(name):
    """A plain relative path: no ``..``, no absolute path, no empty or odd segment."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    return posixpath.normpath(name) == name and ".." not in name.split("/")


def visibility(name, user):
    """ "public", "staff" (only for this signed-in staff member) or None (not served)."""
    owners = [owner for owner in OWNERS if owner.owns(name)]
    for owner in owners:
        if owner.public().filter(owner.rows(name)).exists():
            return "public"
    if scope_of(user).is_staff:
        for owner in owners:
            if owner.in_scope(user).filter(owner.rows(name)).exists():
                return "staff"
    return None


def _content_type(name):
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed if guessed in SERVED_TYPES else "application/octet-stream"


def _file_response(name):
    content_type = _content_type(name)
    if settings.MEDIA_SENDFILE == "x-accel-redirect":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{settings.MEDIA_ACCEL_PREFIX.rstrip('/')}/{quote(name)}"
        return response
    if settings.MEDIA_SENDFILE == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = default_storage.path(name)
        return response
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(stored, content_type=content_type)


def _signed_url_redirect(name):
    """302 to a signed URL of the bucket, kept by caches for half the URL's lifetime at
    most, so that a redirect taken from a cache still leads to a URL that works (with room
    for the fetch and for the store's clock being a little ahead)."""
    response = HttpResponseRedirect(default_storage.signed_url(name))
    patch_cache_control(response, public=True, max_age=default_storage.querystring_expire // 2)
    return response


@require_safe
def serve_media(request, name):
    if not is_safe_name(name):
        raise Http404
    seen_by = visibility(name, request.user)
    if seen_by is None:
        raise Http404
    if seen_by == "public" and settings.MEDIA_SENDFILE == "signed-url":
        response = _signed_url_redirect(name)
    else:
        response = _file_response(name)
        if seen_by == "public":
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        else:
            patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
