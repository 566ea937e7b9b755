"""Forum entry pages of the staff workspace: list, create, detail, edit, delete.

Every page starts from ``Forum.objects.in_scope(request.user)``: a forum outside
the user's regions is not found (404), whatever its id.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from ks_portal.submission import PENDING, claim, complete, release

from ..models import Forum, ForumMember, State, scope_of
from ..services import can_delete, can_edit
from .access import entry_required, forbidden, staff_required
from .filters import StaffForumFilter
from .forms import MEMBERS_PREFIX, ForumForm, ForumMemberFormSet, NewForumForm
from .services import delete_forum, save_forum


def scoped_forums(request):
    return Forum.objects.in_scope(request.user)


@method_decorator(staff_required, name="dispatch")
class ForumListView(FilterView):
    filterset_class = StaffForumFilter
    paginate_by = 25
    strict = False
    template_name = "staff/forums/forum_list.html"
    context_object_name = "records"

    def get_queryset(self):
        return scoped_forums(self.request).with_village().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=scope_of(self.request.user).can_enter,
            create_url=reverse("staff_forum_create"),
            list_url=reverse("staff_forum_list"),
            **kwargs,
        )


staff_forum_list = ForumListView.as_view()


def _member_formset(request, forum):
    return ForumMemberFormSet(request.POST or None, instance=forum, prefix=MEMBERS_PREFIX)


def _render_form(request, form, members, forum=None):
    context = {"form": form, "members": members, "forum": forum}
    return render(request, "staff/forums/forum_form.html", context)


@entry_required
def staff_forum_create(request):
    form = NewForumForm(request.POST or None, user=request.user)
    members = _member_formset(request, Forum())
    if request.method == "POST":
        earlier = claim(request)
        if earlier == PENDING:
            messages.info(request, _("This form is already being saved; check the list."))
            return redirect("staff_forum_list")
        if earlier:
            messages.info(request, _("This form was already saved; here is the forum."))
            return redirect(earlier)
        if form.is_valid() and members.is_valid():
            try:
                forum = save_forum(user=request.user, form=form, members=members)
            except Exception:
                release(request)
                raise
            url = reverse("staff_forum_detail", args=[forum.pk])
            complete(request, url)
            messages.success(request, _("The forum was saved as a draft."))
            return redirect(url)
        release(request)
        messages.error(request, _("The forum was not saved; correct the fields marked below."))
    return _render_form(request, form, members)


@staff_required
def staff_forum_detail(request, pk):
    members = ForumMember.objects.order_by("role", "name")
    forum = get_object_or_404(
        scoped_forums(request)
        .with_village()
        .select_related("verified_by")
        .prefetch_related(Prefetch("members", members))
        .annotate(
            activity_count=Count("activities", distinct=True),
            meeting_count=Count("meetings", distinct=True),
        ),
        pk=pk,
    )
    context = {
        "forum": forum,
        "can_edit": can_edit(forum, request.user),
        "can_delete": can_delete(forum, request.user),
    }
    return render(request, "staff/forums/forum_detail.html", context)


@staff_required
def staff_forum_edit(request, pk):
    forum = get_object_or_404(scoped_forums(request), pk=pk)
    if not can_edit(forum, request.user):
        return forbidden(request, _edit_refusal(forum))
    form = ForumForm(request.POST or None, instance=forum, user=request.user)
    members = _member_formset(request, forum)
    if request.method == "POST":
        if form.is_valid() and members.is_valid():
            save_forum(user=request.user, form=form, members=members)
            messages.success(request, _("The changes were saved."))
            return redirect("staff_forum_detail", pk=forum.pk)
        messages.error(request, _("Nothing was saved; correct the fields marked below."))
    return _render_form(request, form, members, forum)


def _edit_refusal(forum):
    if forum.state in (State.DRAFT, State.RETURNED):
        return _("Only operators and administrators change forums.")
    return _(
        "This forum is %(state)s: only drafts and records returned for correction can be "
        "changed. A verifier can return it if it needs a correction."
    ) % {"state": forum.get_state_display()}


@staff_required
def staff_forum_delete(request, pk):
    forum = get_object_or_404(scoped_forums(request), pk=pk)
    if not can_delete(forum, request.user):
        message = _("Only a draft can be deleted, by an operator or administrator.")
        return forbidden(request, message)
    if request.method == "POST":
        try:
            delete_forum(forum, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("staff_forum_detail", pk=forum.pk)
        messages.success(request, _("The forum %(name)s was deleted.") % {"name": forum.name})
        return redirect("staff_forum_list")
    return render(request, "staff/forums/forum_confirm_delete.html", {"forum": forum})
