"""The review workflow shared by every piece of programme data.

An operator saves a draft and submits it; a provincial verifier verifies it or
returns it with a reason; only verified records are published. The public sees
published records only.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedQuerySet


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    VERIFIED = "verified", _("verified")
    RETURNED = "returned", _("returned")
    PUBLISHED = "published", _("published")


class ReviewableQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)


class Reviewable(models.Model):
    """Abstract base: workflow state, who verified it, and whether it is sample data."""

    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Generated demonstration record, not real programme data."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=State.RETURNED) | ~Q(return_reason=""),
                name="%(app_label)s_%(class)s_returned_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
        ]

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        # The state as stored: forums/public_changes.py tells a return (published before
        # the save) from a draft saved again.
        record._loaded_state = record.__dict__.get("state")
        return record

    @property
    def is_published(self):
        return self.state == State.PUBLISHED

    def notice_label(self):
        """How notices and their e-mails name the record (kept with the notice)."""
        for name in ("title", "name", "theme"):
            value = getattr(self, name, "")
            if value:
                return value
        return str(self)

    def after_transition(self, action):
        """Called by ``forums.services.apply_transition`` inside its transaction, once this
        record is saved in its new state; ``action`` is "submit", "verify", "return" or
        "publish". A record whose publication changes something derived elsewhere (a
        progress report and its work's status) brings that in line here: forums cannot
        import the apps above it, so the workflow calls them back instead."""
