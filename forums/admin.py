"""The admin back-office for regions, staff scopes, forums and news.

Regions are reference data loaded by ``load_regions``: administrators browse
them and they feed the autocomplete pickers, so they are read-only here. Every
foreign key to a village, forum or user is an autocomplete: no page may render
84,000 villages or 10,000 forums into a select.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .fields import PhotoField
from .models import (
    ConflictIncident,
    ConflictTrigger,
    District,
    Forum,
    ForumMember,
    Post,
    PostPhoto,
    Province,
    Regency,
    ResilienceAssessment,
    ResilienceIndicator,
    ResilienceScore,
    StaffProfile,
    Village,
)
from .services import TRANSITIONS, allowed_transitions, apply_transition, can_delete, can_edit
from .staff.audit import log_staff_action
from .staff.services import STALE
from .staff.submission import version_of

admin.site.site_header = _("Portal Keserasian Sosial administration")
admin.site.site_title = _("Portal Keserasian Sosial administration")
admin.site.index_title = _("Programme data and reference lists")

# Photos uploaded in the back-office are checked and cleaned like the staff forms' ones.
PHOTO_UPLOADS = {models.ImageField: {"form_class": PhotoField}}


# Regions ---------------------------------------------------------------------


class ProvinceListFilter(admin.SimpleListFilter):
    """Filter by province along ``province_path``; lists the 38 provinces by name.

    Subclass and set ``province_path`` for models that reach the province another way.
    """

    title = _("province")
    parameter_name = "province"
    province_path = "village__district__regency__province"

    def lookups(self, request, model_admin):
        return list(Province.objects.order_by("name").values_list("code", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.province_path: self.value()})
        return queryset


class ReadOnlyAdminMixin:
    """Pages to browse and search, never to add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only browsing of the Kemendagri hierarchy, with search that ignores spacing.

    The ministry writes "Kota Bau Bau"; people type "baubau" or "Bau-Bau". Search
    matches the name and code as usual, or the folded ``search_name``.
    """

    search_fields = ["name", "^code"]
    ordering = ["code"]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            results |= queryset.search(search_term)
        return results, may_have_duplicates


@admin.register(Province)
class ProvinceAdmin(RegionAdmin):
    list_display = ["code", "name"]


class RegencyProvinceFilter(ProvinceListFilter):
    province_path = "province"


@admin.register(Regency)
class RegencyAdmin(RegionAdmin):
    list_display = ["code", "name", "province", "kind"]
    list_filter = [RegencyProvinceFilter, "kind"]
    list_select_related = ["province"]

    def get_queryset(self, request):
        # Autocomplete labels ("Kota Solok, Sumatera Barat") read the province.
        return super().get_queryset(request).select_related("province")


class DistrictProvinceFilter(ProvinceListFilter):
    province_path = "regency__province"


@admin.register(District)
class DistrictAdmin(RegionAdmin):
    list_display = ["code", "name", "regency"]
    list_filter = [DistrictProvinceFilter]
    list_select_related = ["regency__province"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("regency__province")


class VillageProvinceFilter(ProvinceListFilter):
    province_path = "district__regency__province"


@admin.register(Village)
class VillageAdmin(RegionAdmin):
    list_display = ["code", "name", "kind", "district", "postal_code"]
    list_filter = [VillageProvinceFilter, "kind"]
    list_select_related = ["district__regency__province"]
    # Several villages share a name (eight are called Babussalam): "babussalam rambah"
    # narrows by district, "tanah garam solok" by regency.
    search_fields = ["name", "^code", "district__name", "district__regency__name"]
    # Counting all 84,000 villages on every unfiltered page is wasted work.
    show_full_result_count = False

    def get_queryset(self, request):
        # The autocomplete label is the full path; one join instead of a query per row.
        return super().get_queryset(request).with_path()


# Staff scopes ----------------------------------------------------------------


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["province", "regencies"]
    fields = ["role", "office", "province", "regencies"]
    verbose_name_plural = _("role and scope")


@admin.register(StaffProfile)
class StaffProfileAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "province", "regency_names", "office"]
    list_filter = ["role", "province"]
    list_select_related = ["user", "province"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "office"]
    autocomplete_fields = ["user", "province", "regencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("regencies")

    @admin.display(description=_("regencies and cities"))
    def regency_names(self, obj):
        return ", ".join(regency.name for regency in obj.regencies.all())


User = get_user_model()


class StaffUserAdmin(UserAdmin):
    """Django's user admin with the staff role and region scope on the same page."""

    inlines = [*UserAdmin.inlines, StaffProfileInline]
    list_display = [*UserAdmin.list_display, "staff_role"]
    list_filter = [*UserAdmin.list_filter, "staff_profile__role"]
    list_select_related = ["staff_profile"]

    @admin.display(description=_("role"), ordering="staff_profile__role")
    def staff_role(self, obj):
        profile = getattr(obj, "staff_profile", None)
        return profile.get_role_display() if profile else ""


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)


# Shared by every workflow record (forums, posts, activities, meetings, progress) ------


class ReviewableAdminForm(forms.ModelForm):
    """The admin form of a workflow record: its fields, plus the workflow step to take.

    The state and the verifier's stamp are never typed in: the chosen step goes through
    ``forums.services.apply_transition``, as in the staff workspace, with its checks,
    effects and history. The hidden version refuses a form loaded before another change.
    """

    workflow_action = forms.ChoiceField(label=_("Workflow step"), required=False)
    workflow_reason = forms.CharField(
        label=_("Reason for returning it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    loaded_version = forms.CharField(required=False, widget=forms.HiddenInput)
    user = None  # set by ReviewableAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        steps = allowed_transitions(self.instance, self.user)
        self.fields["workflow_action"].choices = [
            ("", _("No change")),
            *[(step.action, step.label) for step in steps],
        ]
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = version_of(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and cleaned_data.get("loaded_version") != version_of(self.instance):
            raise forms.ValidationError(STALE)
        action = cleaned_data.get("workflow_action")
        reason = (cleaned_data.get("workflow_reason") or "").strip()
        if action and TRANSITIONS[action].needs_reason and not reason:
            self.add_error("workflow_reason", _("Give the reason for returning it."))
        return cleaned_data


REVIEW_FIELDS = [
    "workflow_action",
    "workflow_reason",
    "state",
    "return_reason",
    "published_at",
    "verified_by",
    "verified_at",
    "loaded_version",
]
WORKFLOW_READONLY = ["state", "return_reason", "published_at", "verified_by", "verified_at"]


def review_fieldsets():
    """The workflow and bookkeeping groups at the foot of every programme record's form."""
    return [
        (_("Review"), {"fields": REVIEW_FIELDS}),
        (_("Record"), {"fields": ["is_sample", "created_at", "updated_at"]}),
    ]


class ReviewableAdmin(SimpleHistoryAdmin):
    """History button, review step and the verifier's stamp for programme records.

    The editing rule of the workspace holds here too: only drafts and returned records
    change (a published one is returned first), only drafts are deleted, and a record's
    child rows change only while the record itself may.
    """

    form = ReviewableAdminForm
    readonly_fields = [*WORKFLOW_READONLY, "created_at", "updated_at"]
    history_list_display = ["state"]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # The admin's change view is one transaction: lock the row, so the form is
            # judged on the state it is saved over.
            obj = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
        return obj

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not can_edit(obj, request.user):
            fields = flatten_fieldsets(self.get_fieldsets(request, obj))
            kept = {"workflow_action", "workflow_reason", "loaded_version"}
            readonly += [name for name in fields if name not in kept and name not in readonly]
        return readonly

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and not can_edit(obj, request.user):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_delete(obj, request.user))

    def save_model(self, request, obj, form, change):
        if change and not can_edit(obj, request.user):
            return  # only the workflow step, taken in save_related
        obj._history_user = request.user
        super().save_model(request, obj, form, change)
        log_staff_action(request.user, obj, "edit" if change else "create", request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        action = form.cleaned_data.get("workflow_action")
        if action:
            reason = form.cleaned_data.get("workflow_reason", "")
            try:
                apply_transition(form.instance, action, request.user, reason)
            except (PermissionDenied, ValidationError) as error:
                refusal = getattr(error, "messages", None) or [_("You may not take that step.")]
                self.message_user(request, " ".join(refusal), level="error")
            else:
                log_staff_action(request.user, form.instance, action, request)

    def delete_model(self, request, obj):
        log_staff_action(request.user, obj, "delete", request)
        super().delete_model(request, obj)

    def get_actions(self, request):
        # "Delete selected" would delete published records too; drafts are deleted one
        # at a time, where has_delete_permission checks each.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ChildInline(admin.TabularInline):
    """Child rows of a workflow record: changed only while the record may be edited."""

    def _parent_editable(self, request, obj):
        return obj is None or can_edit(obj, request.user)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_editable(request, obj)


class ChildListAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """A list of child rows across their parents, to find and compare; they are entered
    on their parent's page, where the editing rule applies."""


# Forums ----------------------------------------------------------------------


class ForumMemberInline(ChildInline):
    model = ForumMember
    fields = ["name", "role", "group", "sex", "term_start", "term_end", "phone"]
    extra = 1


@admin.register(Forum)
class ForumAdmin(ReviewableAdmin):
    list_display = [
        "name",
        "village_path",
        "formation_year",
        "status",
        "state",
        "is_sample",
    ]
    list_filter = ["state", "status", "formation_year", ProvinceListFilter, "is_sample"]
    list_select_related = ["village__district__regency__province"]
    search_fields = ["name", "village__name", "village__district__regency__name"]
    autocomplete_fields = ["village"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ForumMemberInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "village", "formation_year", "status", "founded_on"]}),
        (_("Contact"), {"fields": ["contact_name", "contact_phone", "contact_email"]}),
        (_("Description"), {"fields": ["description"]}),
        *review_fieldsets(),
    ]

    @admin.display(description=_("village"), ordering="village_id")
    def village_path(self, obj):
        return obj.village.full_path


@admin.register(ForumMember)
class ForumMemberAdmin(ChildListAdmin):
    """Members are entered on their forum's page; this list finds a person across forums."""

    list_display = ["name", "forum", "role", "group", "sex", "term_start", "term_end"]
    list_filter = ["role", "group", "sex"]
    list_select_related = ["forum"]
    search_fields = ["name", "forum__name"]
    autocomplete_fields = ["forum"]


# News ------------------------------------------------------------------------


class PostPhotoInline(ChildInline):
    model = PostPhoto
    formfield_overrides = PHOTO_UPLOADS
    fields = ["image", "caption", "position"]
    extra = 1


class PostProvinceFilter(ProvinceListFilter):
    title = _("province of the village")


@admin.register(Post)
class PostAdmin(ReviewableAdmin):
    list_display = ["title", "category", "state", "published_at", "view_count", "author"]
    list_filter = ["category", "state", PostProvinceFilter, "is_sample"]
    list_select_related = ["author"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["author", "forum", "village", "regency"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = [*ReviewableAdmin.readonly_fields, "view_count"]
    inlines = [PostPhotoInline]
    formfield_overrides = PHOTO_UPLOADS
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body"]}),
        (_("Cover"), {"fields": ["cover", "cover_caption"]}),
        (_("Event"), {"fields": ["event_date", "venue", "forum", "village", "regency"]}),
        (_("Review"), {"fields": ["author", *REVIEW_FIELDS]}),
        (_("Record"), {"fields": ["is_sample", "view_count", "created_at", "updated_at"]}),
    ]


# Conflict incidents ------------------------------------------------------------


@admin.register(ConflictTrigger)
class ConflictTriggerAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "name_en", "national_share_2012", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en"]
    prepopulated_fields = {"code": ["name_en"]}


@admin.register(ConflictIncident)
class ConflictIncidentAdmin(ReviewableAdmin):
    list_display = ["occurred_on", "trigger", "village_path", "people_affected", "state"]
    list_filter = ["state", "trigger", ProvinceListFilter, "is_sample"]
    list_select_related = ["trigger", "village__district__regency__province"]
    search_fields = ["village__name", "village__district__regency__name", "source"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["village"]
    fieldsets = [
        (None, {"fields": ["occurred_on", "trigger", "village", "description"]}),
        (_("People"), {"fields": ["people_affected", "people_displaced", "source"]}),
        *review_fieldsets(),
    ]

    @admin.display(description=_("village"), ordering="village_id")
    def village_path(self, obj):
        return obj.village.full_path


# Resilience profiles -------------------------------------------------------------


@admin.register(ResilienceIndicator)
class ResilienceIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "target", "name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["target", "is_active"]
    search_fields = ["code", "name", "name_en"]
    prepopulated_fields = {"code": ["name_en"]}


class ResilienceScoreInline(admin.TabularInline):
    model = ResilienceScore
    extra = 0
    fields = ["indicator", "score", "note", "evidence"]


@admin.register(ResilienceAssessment)
class ResilienceAssessmentAdmin(ReviewableAdmin):
    list_display = ["assessed_on", "phase", "village_path", "state"]
    list_filter = ["state", "phase", ProvinceListFilter, "is_sample"]
    list_select_related = ["village__district__regency__province"]
    search_fields = ["village__name", "village__district__regency__name", "assessor"]
    date_hierarchy = "assessed_on"
    autocomplete_fields = ["village"]
    inlines = [ResilienceScoreInline]
    fieldsets = [
        (None, {"fields": ["phase", "assessed_on", "village", "assessor", "note"]}),
        *review_fieldsets(),
    ]

    @admin.display(description=_("village"), ordering="village_id")
    def village_path(self, obj):
        return obj.village.full_path
