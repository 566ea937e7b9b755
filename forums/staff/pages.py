"""The five staff pages of one kind of record: list, create, detail, edit and delete.

Each kind (forums here; activities, meetings, progress reports and news posts in
``activities.staff.views``) is a ``RecordPages`` subclass that names its model, form,
child formsets, filters, save service and queries; the request handling below is the
same for all of them, so every kind gets the same scope, locks and one-time tokens.
Every query starts from ``Model.objects.in_scope(request.user)``, so a record
outside the user's regions is not found (404) by any of these pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ..models import scope_of
from ..services import allowed_transitions, apply_transition, can_delete, can_edit
from .access import entry_required, forbidden, staff_required
from .audit import log_staff_action
from .errors import error_summary
from .services import delete_record
from .submission import PENDING, VERSION_FIELD, claim, complete, release, version_of

PAGE_SIZE = 25
# The second button of a form page: save, then submit for verification.
THEN_FIELD, THEN_SUBMIT = "then", "submit"


class RecordPages:
    model = None
    key = ""  # in URL names: staff_<key>_list, staff_<key>_detail…
    url_path = ""  # under /staff/
    template_dir = ""
    form_class = None
    # (service keyword, formset class, prefix, legend, help text)
    formsets = ()
    filterset_class = None
    service = None  # saves a valid form and its formsets: service(user=, form=, **formsets)
    deleter = delete_record  # deletes a draft: deleter(record, user, version)
    form_script = ""  # an optional template with the form page's script
    delete_template = "staff/record_delete.html"
    add_labels = {}  # the "add a row" button of a formset, by service keyword

    # --- what each kind says about itself -------------------------------------------

    def scoped(self, request):
        return self.model.objects.in_scope(request.user)

    def list_queryset(self, request):
        return self.scoped(request)

    def detail_queryset(self, request):
        return self.scoped(request)

    def form_queryset(self, request):
        return self.scoped(request)

    def initial(self, request):
        """Initial values of a new record's form, e.g. from ``?forum=<pk>``."""
        return {}

    def detail_context(self, request, record):
        return {}

    def save(self, user, form, formsets):
        return type(self).service(user=user, form=form, **formsets)

    def title(self, record):
        """How the record is named in headings and breadcrumbs."""
        return str(record)

    def delete_consequences(self, record):
        """Sentences saying what else goes with the record, for the confirm page."""
        return []

    # --- URLs --------------------------------------------------------------------

    def urls(self):
        name, base = f"staff_{self.key}", self.url_path
        return [
            path(f"{base}/", staff_required(self.list_view), name=f"{name}_list"),
            path(f"{base}/new/", entry_required(self.create_view), name=f"{name}_create"),
            path(f"{base}/<int:pk>/", staff_required(self.detail_view), name=f"{name}_detail"),
            path(f"{base}/<int:pk>/edit/", staff_required(self.edit_view), name=f"{name}_edit"),
            path(
                f"{base}/<int:pk>/delete/", staff_required(self.delete_view), name=f"{name}_delete"
            ),
        ]

    def url(self, page, *args):
        return reverse(f"staff_{self.key}_{page}", args=args)

    def template(self, page):
        return f"{self.template_dir}/{self.key}_{page}.html"

    @property
    def kind_name(self):
        return self.model._meta.verbose_name

    # --- pages -------------------------------------------------------------------

    def list_view(self, request):
        filterset = self.filterset_class(
            request.GET or None, queryset=self.list_queryset(request), request=request
        )
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "filter": filterset,
            "page_obj": page,
            "records": page.object_list,
            "can_create": scope_of(request.user).can_enter,
            "create_url": self.url("create"),
            "list_url": self.url("list"),
        }
        return render(request, self.template("list"), context)

    def detail_view(self, request, pk):
        record = get_object_or_404(self.detail_queryset(request), pk=pk)
        context = {
            "record": record,
            self.key: record,
            "can_edit": can_edit(record, request.user),
            "can_delete": can_delete(record, request.user),
            "can_enter": scope_of(request.user).can_enter,
            "list_url": self.url("list"),
            "edit_url": self.url("edit", record.pk),
            "delete_url": self.url("delete", record.pk),
            **self.detail_context(request, record),
        }
        return render(request, self.template("detail"), context)

    def create_view(self, request):
        if request.method == "POST" and (earlier := self.earlier_submission(request)):
            return earlier
        form, formsets = self.bind(request, self.model(), initial=self.initial(request))
        if request.method == "POST":
            if self.all_valid(form, formsets):
                try:
                    record = self.save_once(request, form, formsets)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return self.render_form(request, form, formsets, None)
                if not self.submit_if_asked(request, record):
                    messages.success(
                        request,
                        _("%(kind)s saved as a draft.") % {"kind": capfirst(self.kind_name)},
                    )
                return redirect(self.url("detail", record.pk))
            release(request)
        return self.render_form(request, form, formsets, None)

    def edit_view(self, request, pk):
        record = get_object_or_404(self.form_queryset(request), pk=pk)
        if not can_edit(record, request.user):
            return forbidden(
                request,
                _(
                    "This record is %(state)s. Operators change drafts and returned records; "
                    "anything else is changed after a verifier returns it."
                )
                % {"state": record.get_state_display()},
            )
        if request.method == "POST" and (earlier := self.earlier_submission(request)):
            return earlier
        form, formsets = self.bind(request, record)
        if request.method == "POST":
            if self.all_valid(form, formsets):
                try:
                    record = self.save_once(request, form, formsets)
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return redirect(self.url("detail", record.pk))
                if not self.submit_if_asked(request, record):
                    messages.success(request, _("Changes saved."))
                return redirect(self.url("detail", record.pk))
            release(request)
        return self.render_form(request, form, formsets, record)

    def earlier_submission(self, request):
        """The answer to a form sent again (double click, reload, retry on a slow line):
        a redirect to what its first sending saved, or None if this is the first."""
        earlier = claim(request)
        if earlier == PENDING:
            messages.warning(
                request,
                _(
                    "This form was already sent and is still being saved. Look for the "
                    "record in the list in a moment."
                ),
            )
            return redirect(self.url("list"))
        if earlier:
            messages.info(request, _("This form had already been saved; here is the record."))
            return redirect(earlier)
        return None

    def save_once(self, request, form, formsets):
        """Save, and point the form's one-time token at the result; a failed save gives
        the token back so the form can be corrected and sent again."""
        action = "edit" if form.instance.pk else "create"
        try:
            record = self.save(request.user, form, formsets)
        except BaseException:
            release(request)
            raise
        complete(request, self.url("detail", record.pk))
        log_staff_action(request.user, record, action, request)
        return record

    def submit_if_asked(self, request, record):
        """After a valid save from the "Save and submit" button, submit the record for
        verification (the workflow's own step, with its checks, history and notices).

        Returns True when the user has been told the outcome. A refused step leaves the
        saved changes in place, and says so.
        """
        if request.POST.get(THEN_FIELD) != THEN_SUBMIT:
            return False
        try:
            apply_transition(record, "submit", request.user)
        except PermissionDenied:
            messages.warning(request, _("Saved, but you may not submit it for verification."))
        except ValidationError as error:
            messages.warning(
                request,
                _("Saved, but not submitted: %(reason)s") % {"reason": " ".join(error.messages)},
            )
        else:
            log_staff_action(request.user, record, "submit", request)
            messages.success(request, _("Saved and submitted for verification."))
        return True

    def delete_view(self, request, pk):
        record = get_object_or_404(self.scoped(request), pk=pk)
        if not can_delete(record, request.user):
            return forbidden(
                request,
                _(
                    "Only a draft can be deleted, by an operator or an administrator. "
                    "This record is %(state)s."
                )
                % {"state": record.get_state_display()},
            )
        if request.method == "POST":
            pk = record.pk
            try:
                type(self).deleter(record, request.user, request.POST.get(VERSION_FIELD, ""))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(self.url("detail", record.pk))
            record.pk = pk  # Django clears it on delete; the log names the record
            log_staff_action(request.user, record, "delete", request)
            messages.success(request, _("%(kind)s deleted.") % {"kind": capfirst(self.kind_name)})
            return redirect(self.url("list"))
        context = {
            "record": record,
            "title": self.title(record),
            "kind_name": self.kind_name,
            "consequences": self.delete_consequences(record),
            "detail_url": self.url("detail", record.pk),
            "version": version_of(record),
        }
        return render(request, self.delete_template, context)

    # --- forms -------------------------------------------------------------------

    def bind(self, request, record, initial=None):
        data = (request.POST, request.FILES) if request.method == "POST" else ()
        form = self.form_class(*data, instance=record, initial=initial, user=request.user)
        formsets = {
            keyword: formset_class(
                *data, instance=record, prefix=prefix, **self.formset_kwargs(request, formset_class)
            )
            for keyword, formset_class, prefix, _legend, _help in self.formsets
        }
        return form, formsets

    @staticmethod
    def formset_kwargs(request, formset_class):
        # Photo rows take the user: each may name one of the user's own uploads.
        if getattr(formset_class.form, "takes_user", False):
            return {"form_kwargs": {"user": request.user}}
        return {}

    @staticmethod
    def all_valid(form, formsets):
        # Every form is validated (no short-circuit), so every error shows at once.
        results = [form.is_valid()] + [formset.is_valid() for formset in formsets.values()]
        return all(results)

    def render_form(self, request, form, formsets, record):
        children = [
            {
                "formset": formsets[keyword],
                "legend": legend,
                "help": help_text,
                "add_label": self.add_labels.get(keyword, ""),
            }
            for keyword, _class, _prefix, legend, help_text in self.formsets
        ]
        has_errors = form.is_bound and (
            bool(form.errors) or any(fs.total_error_count() for fs in formsets.values())
        )
        offer_submit = record is None or any(
            step.action == "submit" for step in allowed_transitions(record, request.user)
        )
        context = {
            "form": form,
            "children": children,
            "record": record,
            "title": self.title(record) if record else "",
            "has_errors": has_errors,
            "error_summary": error_summary(form, children) if has_errors else [],
            "offer_submit": offer_submit,
            "then_field": THEN_FIELD,
            "then_submit": THEN_SUBMIT,
            "kind_name": self.kind_name,
            "kind_plural": self.model._meta.verbose_name_plural,
            "list_url": self.url("list"),
            "cancel_url": self.url("detail", record.pk) if record else self.url("list"),
            "form_script": self.form_script,
            **formsets,  # each formset by its service keyword, e.g. "members"
        }
        return render(request, "staff/record_form.html", context)
