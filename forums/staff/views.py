"""Forum entry pages of the staff workspace: list, create, detail, edit and delete.

The request handling is the shared ``RecordPages``; this says what is particular to
forums (queries, form, members, filters). Every page starts from
``Forum.objects.in_scope(request.user)``: a forum outside the user's regions is not
found (404), whatever its id.
"""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from ..models import Forum, ForumMember
from .filters import StaffForumFilter
from .forms import MEMBERS_PREFIX, ForumForm, ForumMemberFormSet
from .pages import RecordPages
from .services import delete_forum, save_forum


class ForumPages(RecordPages):
    model = Forum
    key = "forum"
    url_path = "forums"
    template_dir = "staff/forums"
    form_class = ForumForm
    form_script = "staff/includes/coordinate_picker.html"
    formsets = [
        (
            "members",
            ForumMemberFormSet,
            MEMBERS_PREFIX,
            _("Members"),
            _(
                "The board and members, with the group each one represents. "
                "Tick “Delete” to remove one."
            ),
        )
    ]
    add_labels = {"members": _("Add a member")}
    filterset_class = StaffForumFilter
    service = save_forum
    deleter = delete_forum

    def list_queryset(self, request):
        return self.scoped(request).with_village().order_by("name", "pk")

    def detail_queryset(self, request):
        members = ForumMember.objects.order_by("role", "name")
        return (
            self.scoped(request)
            .with_village()
            .select_related("verified_by")
            .prefetch_related(Prefetch("members", members))
            .annotate(
                activity_count=Count("activities", distinct=True),
                meeting_count=Count("meetings", distinct=True),
            )
        )

    def delete_consequences(self, record):
        return [_("Its members are deleted with it.")] if record.members.exists() else []


forums = ForumPages()
