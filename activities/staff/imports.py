"""/staff/import/: the bulk import of activities from a spreadsheet, for those who enter
data (operators in their regencies, administrators everywhere)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities.importing import jobs, services
from activities.importing.checking import describe
from activities.importing.kinds import kind_of, kinds
from activities.importing.reading import Refused
from activities.models import ImportBatch
from forums.staff.access import entry_required

RECENT = 10


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the file holds"),
        choices=ImportBatch.Kind.choices,
        initial=ImportBatch.Kind.ACTIVITIES,
    )
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"),
        help_text=gettext_lazy("The filled-in template (.xlsx), or a CSV file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


@entry_required
def import_home(request):
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        data.setdefault("kind", ImportBatch.Kind.ACTIVITIES)  # a form from before the kinds
    initial = {"kind": kind_of(request.GET.get("kind")).key}
    form = UploadForm(data, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.upload(
                user=request.user, file=form.cleaned_data["file"], kind=form.cleaned_data["kind"]
            )
        except Refused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("staff_import_batch", batch.pk)
    batches = ImportBatch.objects.in_scope(request.user).select_related("user")[:RECENT]
    context = {"form": form, "batches": batches, "kinds": kinds().values()}
    return render(request, "staff/imports/home.html", context)


@entry_required
def import_template(request):
    kind = kind_of(request.GET.get("kind"))
    return FileResponse(
        kind.write_template(request.user),
        as_attachment=True,
        filename=str(kind.template_name) + ".xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _batch(request, pk):
    return get_object_or_404(
        ImportBatch.objects.in_scope(request.user).select_related("user"), pk=pk
    )


@entry_required
def import_batch(request, pk):
    batch = _batch(request, pk)
    errors = [describe(*error) for error in batch.errors]
    context = {
        "batch": batch,
        "errors": errors,
        "problems": batch.summary.get("problems", []),
        "hidden_errors": batch.error_count - len(errors) - len(batch.summary.get("problems", [])),
        "created": batch.created.select_related("forum").order_by("pk")[:200],
        "created_incidents": batch.created_incidents.with_village().order_by("pk")[:200],
        "can_undo": services.can_undo(batch),
        "progress": jobs.progress_of(batch),
    }
    return render(request, "staff/imports/batch.html", context)


@entry_required
def import_status(request, pk):
    batch = _batch(request, pk)
    return JsonResponse(
        {
            "status": batch.status,
            "label": batch.get_status_display(),
            "progress": jobs.progress_of(batch),
        }
    )


@require_POST
@entry_required
def import_commit(request, pk):
    batch = _batch(request, pk)
    if not batch.can_commit:
        messages.error(request, _("This file cannot be imported: it has errors or was imported."))
        return redirect("staff_import_batch", batch.pk)
    jobs.start(batch, "commit")
    batch.refresh_from_db()
    if batch.status == ImportBatch.Status.COMMITTED and batch.kind == ImportBatch.Kind.INCIDENTS:
        messages.success(request, _("The file was imported; its incidents are drafts."))
    elif batch.status == ImportBatch.Status.COMMITTED:
        messages.success(request, _("The file was imported; its activities are drafts."))
    elif batch.status == ImportBatch.Status.CHECKED:
        messages.error(request, _("Nothing was imported: the records changed meanwhile."))
    return redirect("staff_import_batch", batch.pk)


@require_POST
@entry_required
def import_undo(request, pk):
    batch = _batch(request, pk)
    try:
        services.undo(batch, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if batch.kind == ImportBatch.Kind.INCIDENTS:
            done = _("The import was undone: its incidents were deleted.")
        else:
            done = _("The import was undone: its activities were deleted.")
        messages.success(request, done)
    return redirect("staff_import_batch", batch.pk)


urlpatterns = [
    path("import/", import_home, name="staff_import"),
    path("import/template.xlsx", import_template, name="staff_import_template"),
    path("import/<int:pk>/", import_batch, name="staff_import_batch"),
    path("import/<int:pk>/status", import_status, name="staff_import_status"),
    path("import/<int:pk>/commit/", import_commit, name="staff_import_commit"),
    path("import/<int:pk>/undo/", import_undo, name="staff_import_undo"),
]
