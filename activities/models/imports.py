"""Spreadsheet imports of activities and their funding lines (``activities.importing``).

An ``ImportBatch`` is one uploaded file: who sent it, when, its name and checksum, what
its preview found, and, once committed, the activities it created and updated. The
file is kept (under a random name in ``imports/``, never served: no media owner claims
that directory) only until the batch is committed or dropped; the checksum stays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forums.images import RandomName
from forums.models import ScopedQuerySet


class ImportBatchQuerySet(ScopedQuerySet):
    def in_scope(self, user):
        """An administrator sees every batch; anyone else only their own."""
        from forums.models import scope_of

        if scope_of(user).everything:
            return self.all()
        return self.filter(user=user) if scope_of(user).can_enter else self.none()


class ImportBatch(models.Model):
    class Kind(models.TextChoices):
        ACTIVITIES = "activities", _("activities and their funding")
        INCIDENTS = "incidents", _("conflict incidents")

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        CHECKED = "checked", _("checked")
        COMMITTING = "committing", _("being imported")
        COMMITTED = "committed", _("imported")
        UNDONE = "undone", _("undone")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITIES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="import_batches",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=200)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # The upload, until the batch is committed or undone (then only the checksum stays).
    file = models.FileField(upload_to=RandomName("imports"), blank=True)
    language = models.CharField(max_length=8)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # What the check found: counts ("activities", "create", "update", "unchanged"…) and
    # the errors as [row, column, message] (the first ``MAX_ERRORS_KEPT``).
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="created_by_imports",
        verbose_name=_("activities created"),
    )
    updated = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="updated_by_imports",
        verbose_name=_("activities updated"),
    )

    created_incidents = models.ManyToManyField(
        "forums.ConflictIncident",
        blank=True,
        related_name="created_by_imports",
        verbose_name=_("conflict incidents created"),
    )
    updated_incidents = models.ManyToManyField(
        "forums.ConflictIncident",
        blank=True,
        related_name="updated_by_imports",
        verbose_name=_("conflict incidents updated"),
    )

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_busy(self):
        return self.status in {self.Status.CHECKING, self.Status.COMMITTING}

    @property
    def can_commit(self):
        return self.status == self.Status.CHECKED and not self.error_count and self.row_count
