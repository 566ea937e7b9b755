"""The user's own notices in the staff workspace, and how they want them e-mailed.

/staff/notifications/ lists them, newest first; opening one marks it read and leads to
its record; a POST marks them all read. /staff/notifications/settings/ chooses an e-mail
per notice or a daily digest, and the language of the e-mails. Nobody sees another
person's notices: every query starts from ``Notification.objects.for_user``.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Notification, NotificationPreference, scope_of
from .access import staff_required
from .forms import capitalise_choices

PAGE_SIZE = 25


def unread_notices(request):
    """Context processor: ``unread_notices``, the user's unread count for the staff
    navigation; one query, and only on a page that shows it."""

    def count():
        user = getattr(request, "user", None)
        if user is None or not scope_of(user).is_staff:
            return 0
        return Notification.objects.for_user(user).unread().count()

    return {"unread_notices": SimpleLazyObject(count)}


@staff_required
def notification_list(request):
    notices = (
        Notification.objects.for_user(request.user)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "notices": page.object_list}
    return render(request, "staff/notifications/notification_list.html", context)


@staff_required
def notification_open(request, pk):
    """Mark the notice read and go to its record (the notice's address is the portal's own)."""
    notice = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    if url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("staff_notification_list")


@require_POST
@staff_required
def notification_read_all(request):
    read = Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if read:
        messages.success(request, _("All notices are marked read."))
    return redirect("staff_notification_list")


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["delivery", "language"]
        widgets = {"delivery": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = [("", _("Indonesian (the portal's language)")), *language.choices[1:]]
        capitalise_choices(self.fields["delivery"])


@staff_required
def notification_settings(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    if preference is None:
        # The language the user reads the workspace in, until they choose.
        preference = NotificationPreference(user=request.user, language=get_language() or "")
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("staff_notification_settings")
    context = {"form": form, "has_email": bool(request.user.email)}
    return render(request, "staff/notifications/notification_settings.html", context)


urlpatterns = [
    path("notifications/", notification_list, name="staff_notification_list"),
    path("notifications/<int:pk>/", notification_open, name="staff_notification_open"),
    path("notifications/read/", notification_read_all, name="staff_notification_read_all"),
    path("notifications/settings/", notification_settings, name="staff_notification_settings"),
]
