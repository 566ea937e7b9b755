"""Notices of workflow steps to the people concerned, and how each person wants them mailed.

A notice is made by ``forums.notifications`` in the transaction of the step it tells of
(``forums.services.apply_transition``): a submission tells the verifiers of the record's
province, a return or a publication tells whoever submitted it. It keeps the record's
name and staff address as they were, so the list reads the same after the record changes.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unsent(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for verification")
        RETURNED = "returned", _("returned for correction")
        PUBLISHED = "published", _("published")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("record"), max_length=300)
    url = models.CharField(_("address"), max_length=300)
    reason = models.TextField(_("reason for return"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "created_at"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    def message(self):
        """The notice as a sentence in the active language. Reads ``actor`` and
        ``content_type``: select them with the notices."""
        actor = self.actor
        who = (actor.get_full_name() or actor.get_username()) if actor else _("Someone")
        model = self.content_type.model_class()
        sentences = {
            self.Kind.SUBMITTED: _("%(who)s submitted the %(kind)s “%(record)s” for verification."),
            self.Kind.RETURNED: _("%(who)s returned the %(kind)s “%(record)s” for correction."),
            self.Kind.PUBLISHED: _("%(who)s published the %(kind)s “%(record)s”."),
        }
        return str(sentences[self.kind]) % {
            "who": who,
            "kind": model._meta.verbose_name if model else "",
            "record": self.label,
        }


class NotificationPreference(models.Model):
    """How a user wants notices by e-mail: each at once (the default, also for users who
    never chose) or a daily digest; and in which language, when they said."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("an e-mail for each notice, at once")
        DAILY = "daily", _("one e-mail a day with the day's notices")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    delivery = models.CharField(
        _("e-mail"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user.get_username()}: {self.delivery}"
