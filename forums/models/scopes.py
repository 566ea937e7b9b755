"""Who a staff account works for: its role and the regions it may see and change.

Administrators assign these in the admin. The rules that turn a scope into
querysets belong to the staff workspace and use these records.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .regions import Province, Regency


class StaffProfile(models.Model):
    class Role(models.TextChoices):
        OPERATOR = "operator", _("regency/city operator")
        VERIFIER = "verifier", _("provincial verifier")
        ADMINISTRATOR = "administrator", _("ministry administrator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verifiers",
        verbose_name=_("province"),
        help_text=_("For a provincial verifier: the province they verify."),
    )
    regencies = models.ManyToManyField(
        Regency,
        blank=True,
        related_name="operators",
        verbose_name=_("regencies and cities"),
        help_text=_("For an operator: the regencies or cities they enter data for."),
    )
    office = models.CharField(_("office"), max_length=200, blank=True)

    history = HistoricalRecords(m2m_fields=[regencies])

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return f"{self.user.get_username()} ({self.get_role_display()})"

    def clean(self):
        if self.role == self.Role.VERIFIER and not self.province_id:
            raise ValidationError({"province": _("A provincial verifier needs a province.")})
        if self.role != self.Role.VERIFIER and self.province_id:
            raise ValidationError({"province": _("Only a provincial verifier has a province.")})
