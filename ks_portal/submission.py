"""Submitting a form twice (a double click, a reload, a retry on a slow line) saves once.

Each create form carries a one-time token. The first POST with a token claims it
atomically in the cache; a repeat POST with the same token finds it claimed and
is sent to what the first one created instead of creating it again.
"""

import uuid

from django import forms
from django.core.cache import cache

TOKEN_FIELD = "submission_token"
TOKEN_SECONDS = 60 * 60 * 6
PENDING = "pending"


class SubmissionTokenField(forms.CharField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)


class OnceFormMixin(forms.Form):
    """Adds the hidden one-time token; new forms get a fresh one."""

    submission_token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(TOKEN_FIELD, uuid.uuid4().hex)


def _key(request, token):
    return f"submission:{request.user.pk}:{token}"


def claim(request):
    """Claim the POSTed token. Returns None when this is the first submission, else the
    URL of what the first submission created (or PENDING while it is still saving)."""
    token = request.POST.get(TOKEN_FIELD, "")
    if not token:
        return None
    if cache.add(_key(request, token), PENDING, TOKEN_SECONDS):
        return None
    return cache.get(_key(request, token), PENDING)


def release(request):
    """Give the token back when the first submission failed validation, so it can retry."""
    token = request.POST.get(TOKEN_FIELD, "")
    if token:
        cache.delete(_key(request, token))


def complete(request, url):
    """Record where the first submission's result lives."""
    token = request.POST.get(TOKEN_FIELD, "")
    if token:
        cache.set(_key(request, token), url, TOKEN_SECONDS)
