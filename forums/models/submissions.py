"""One-time form tokens, kept in the database so that every app-server process sees them."""

from django.conf import settings
from django.db import models


class SubmissionToken(models.Model):
    """A staff form that has been sent: claimed by its first POST, then pointing at what
    that POST saved (``result_url``), so a repeat is sent there instead of saving again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submission_token_once")
        ]

    def __str__(self):
        return self.token
