"""/staff/uploads/photos/: a photo sent as soon as it is chosen in a staff form
(static/js/photo_upload.js), and its removal. Both answer JSON for the page's script.

``POST /staff/uploads/photos/`` with the file as ``photo`` (and optionally ``taken_at``,
see ``forums.uploads.store_upload``) answers 201 with the upload's id, its thumbnail's
address and its capture time, or 400/403/429 with ``error``, a sentence for the user.
``POST`` or ``DELETE /staff/uploads/photos/<id>/`` removes one of the user's own uploads.
CSRF is checked as for every POST (the script sends the form's token as X-CSRFToken).
"""

import math
from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.throttling import SimpleRateThrottle

from ..images import PhotoRejected
from ..models import PhotoUpload, scope_of
from ..uploads import UploadRefused, describe, remove_upload, store_upload


class UploadThrottle(SimpleRateThrottle):
    """Uploads per user over a sliding window (PHOTO_UPLOAD_RATE), counted in the cache:
    Django REST framework's throttle, used outside the API."""

    scope = "photo_upload"

    def get_rate(self):
        return settings.PHOTO_UPLOAD_RATE or None

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def _error(message, status):
    return JsonResponse({"error": str(message)}, status=status)


def json_entry_required(view):
    """Like ``entry_required``, answering JSON: the page's script shows the sentence."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error(_("Your session has ended. Log in again, then choose the photo."), 403)
        if not scope_of(request.user).can_enter:
            return _error(_("Only operators and administrators can upload photos."), 403)
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@json_entry_required
def upload_photo(request):
    throttle = UploadThrottle()
    if not throttle.allow_request(request, None):
        seconds = math.ceil(throttle.wait() or throttle.duration)
        minutes = max(1, math.ceil(seconds / 60))
        message = ngettext(
            "Too many photos in a short time. Try again in %(minutes)d minute.",
            "Too many photos in a short time. Try again in %(minutes)d minutes.",
            minutes,
        )
        response = _error(message % {"minutes": minutes}, 429)
        response["Retry-After"] = str(seconds)
        return response
    photo = request.FILES.get("photo")
    if photo is None:
        return _error(_("No photo was received. Choose the photo again."), 400)
    try:
        upload = store_upload(request.user, photo, request.POST.get("taken_at", ""))
    except (PhotoRejected, UploadRefused) as error:
        return _error(error, 400)
    return JsonResponse(describe(upload), status=201)


@require_http_methods(["POST", "DELETE"])
@json_entry_required
def remove_photo(request, pk):
    upload = PhotoUpload.objects.owned_by(request.user).filter(pk=pk).first()
    if upload is None:
        return _error(_("That photo is not among your uploads (it may be saved already)."), 404)
    remove_upload(upload)
    return JsonResponse({"removed": pk})


urlpatterns = [
    path("uploads/photos/", upload_photo, name="staff_photo_upload"),
    path("uploads/photos/<int:pk>/", remove_photo, name="staff_photo_upload_remove"),
]
