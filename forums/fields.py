from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .images import PhotoRejected, process_photo
from .models import PhotoUpload
from .uploads import EVIDENCE_FIELDS, describe


class PhotoField(forms.FileField):
    """A photo upload, checked and cleaned by ``process_photo``.

    The cleaned value is a JPEG without metadata; its ``evidence`` attribute carries
    what was read from the original (``forums.uploads.EVIDENCE_FIELDS``: capture time,
    GPS position, perceptual hash), and ``taken_at`` the capture time (or None).
    """

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        try:
            photo = process_photo(upload)
        except PhotoRejected as error:
            raise ValidationError(str(error), code="invalid_image") from error
        name = f"{PurePosixPath(upload.name).stem[:80] or 'foto'}.jpg"
        cleaned = SimpleUploadedFile(name, photo.content.read(), content_type="image/jpeg")
        cleaned.taken_at = photo.taken_at
        cleaned.evidence = {name: getattr(photo, name) for name in EVIDENCE_FIELDS}
        return cleaned


class PhotoUploadInput(forms.HiddenInput):
    """The id of a photo already uploaded (``forums.uploads``), with its thumbnail and a
    remove button once there is one: how a form rejected by the server keeps its photos."""

    template = "staff/includes/photo_upload_input.html"
    upload = None  # the PhotoUpload the id names, once the field has found it

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        upload = self.upload
        shown = upload if upload is not None and str(upload.pk) == str(value) else None
        context["upload"] = describe(shown) if shown else None
        return render_to_string(self.template, context)


class PhotoUploadField(forms.ModelChoiceField):
    """One of ``user``'s own uploads, by id; anyone else's is refused as not found."""

    widget = PhotoUploadInput

    def __init__(self, user, **kwargs):
        kwargs.setdefault("label", _("Uploaded photo"))
        super().__init__(PhotoUpload.objects.owned_by(user), required=False, **kwargs)
        self.error_messages["invalid_choice"] = _(
            "That uploaded photo is not one of yours, or it was removed. Choose the photo again."
        )

    def clean(self, value):
        upload = super().clean(value)
        self.widget.upload = upload
        return upload


def offer_upload(form, file_field, upload_field):
    """Let the page's script (static/js/photo_upload.js) send the photo chosen in
    ``file_field`` at once, and put the upload's id in ``upload_field``."""
    form.fields[file_field].widget.attrs.update(
        {
            "data-upload-url": reverse("staff_photo_upload"),
            "data-upload-target": form[upload_field].auto_id,
        }
    )


def chosen_upload(form, file_field, upload_field):
    """The upload that gives ``file_field`` its photo, if any: a file sent with the form
    itself (without the script) wins over an earlier upload."""
    if file_field in form.changed_data and form.cleaned_data.get(file_field):
        return None
    return form.cleaned_data.get(upload_field)
