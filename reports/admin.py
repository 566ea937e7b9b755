"""Funding export from the activity list of the admin back-office.

The action belongs to reports (it writes the reports' XLSX), so it is added here to
the activities app's admin rather than declared there: reports may import activities,
never the reverse.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from activities.admin import ActivityAdmin

from . import selectors
from .models import VillageEligibility
from .views import xlsx_refusal, xlsx_response


@admin.action(description=_("Export the funding of the selected activities (XLSX)"))
def export_funding_xlsx(modeladmin, request, queryset):
    """The selected activities' funding lines, never beyond what the user may see in reports.

    Over the XLSX size limit it stays on the list with the reason, as admin actions do.
    """
    lines = selectors.visible_lines(request.user).filter(activity__in=queryset.values("pk"))
    refusal = xlsx_refusal(lines.count())
    if refusal:
        advice = _("Select fewer activities, or download the CSV of the funding page.")
        modeladmin.message_user(request, f"{refusal} {advice}", messages.ERROR)
        return None
    return xlsx_response(
        lines, str(_("Funding of the selected activities")), "pendanaan-ks-terpilih.xlsx"
    )


ActivityAdmin.actions = [*(ActivityAdmin.actions or []), export_funding_xlsx]


@admin.register(VillageEligibility)
class VillageEligibilityAdmin(SimpleHistoryAdmin):
    """The stored verdicts, to read (``update_eligibility`` writes them) with their history."""

    list_display = ["village", "eligible", "since", "checked_at"]
    list_filter = ["eligible"]
    search_fields = ["village__code", "village__name"]
    readonly_fields = ["village", "eligible", "since", "facts", "checked_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
