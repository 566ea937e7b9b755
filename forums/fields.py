from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from .images import PhotoRejected, process_photo


class PhotoField(forms.FileField):
    """A photo upload, checked and cleaned by ``process_photo``.

    The cleaned value is a JPEG without metadata; its ``taken_at`` attribute
    carries the capture time read from the original (or None).
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
        return cleaned
