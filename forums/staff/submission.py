"""What a staff form carries so that sending it twice, or late, never saves twice or over
someone else's change.

- A one-time token. The first POST with a token claims it (a row in the database, so all
  app-server processes agree, with or without Redis); a repeat POST with the same token
  finds it claimed and is sent to what the first one saved instead of saving again. Create
  and edit forms carry one alike, so a re-sent edit never adds its new child rows twice.
- The version of the record the form was loaded from (its ``updated_at`` in microseconds).
  The save services compare it, under a row lock, with the record as it is now, and refuse
  a form loaded before someone else's change (``forums.staff.services``).
"""

import datetime
import uuid

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import SubmissionToken

TOKEN_FIELD = "submission_token"
VERSION_FIELD = "loaded_version"
TOKEN_LIFETIME = datetime.timedelta(hours=6)
PENDING = "pending"
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def version_of(record):
    """The record's version: microseconds of its last change (every save changes it)."""
    return str((record.updated_at - _EPOCH) // datetime.timedelta(microseconds=1))


class OnceFormMixin(forms.Form):
    """Adds the hidden one-time token (fresh on every unbound form) and, for a saved
    record, the hidden version it was loaded at."""

    submission_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    loaded_version = forms.CharField(required=False, max_length=30, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(TOKEN_FIELD, uuid.uuid4().hex)
            instance = getattr(self, "instance", None)
            if instance is not None and instance.pk and getattr(instance, "updated_at", None):
                self.initial.setdefault(VERSION_FIELD, version_of(instance))


def _token(request):
    return request.POST.get(TOKEN_FIELD, "")[:64]


def claim(request):
    """Claim the POSTed token. Returns None when this is the first submission, else the
    URL of what the first submission saved (or PENDING while it is still saving)."""
    token = _token(request)
    if not token:
        return None
    tokens = SubmissionToken.objects.filter(user=request.user)
    tokens.filter(created_at__lt=timezone.now() - TOKEN_LIFETIME).delete()
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(user=request.user, token=token)
    except IntegrityError:
        earlier = tokens.filter(token=token).values_list("result_url", flat=True).first()
        return earlier or PENDING
    return None


def release(request):
    """Give the token back when the first submission failed validation, so it can retry."""
    token = _token(request)
    if token:
        SubmissionToken.objects.filter(user=request.user, token=token).delete()


def complete(request, url):
    """Record where the first submission's result lives."""
    token = _token(request)
    if token:
        SubmissionToken.objects.filter(user=request.user, token=token).update(result_url=url)
