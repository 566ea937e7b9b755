"""Photo rows shared by the progress report and news post forms."""

from django.utils.translation import gettext_lazy as _

from forums.fields import PhotoField, PhotoUploadField, chosen_upload, offer_upload
from forums.uploads import attach, keep_evidence

from .layout import ChildRowForm


class PhotoRowForm(ChildRowForm):
    """One photo: a file sent with the form, or one uploaded as soon as it was chosen.

    A file is checked and stripped of GPS by ``PhotoField``; an upload went through the
    same checks when it was sent (``forums.uploads``) and is named by its id, so a form
    the server rejects keeps it. The kept copy is a JPEG without metadata; when the model
    has ``taken_at``, the capture time read from the original is stored there.
    """

    takes_user = True  # RecordPages gives the formset's rows the user (their uploads)
    image = PhotoField(label=_("Photo"), required=False)
    row_layout = ((("image", "upload"), "caption"), "DELETE")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"] = PhotoUploadField(user)
        image = self.fields["image"]
        # Required, but by clean(): a photo may come as an upload. No "clear" box either.
        image.widget.is_required = True
        image.help_text = _(
            "JPEG, PNG or WebP, at most 10 MB. Location data is removed before it is kept."
        )
        offer_upload(self, "image", "upload")

    def clean(self):
        cleaned = super().clean()
        cleaned["upload"] = chosen_upload(self, "image", "upload")
        has_photo = cleaned["upload"] or cleaned.get("image")
        if not has_photo and not self.has_error("image") and not self.has_error("upload"):
            self.add_error("image", _("Choose a photo."))
        return cleaned

    def chosen_uploads(self):
        """The upload this row saves, for ``forums.uploads.take_uploads``."""
        upload = self.cleaned_data.get("upload")
        return [upload] if upload and not self.cleaned_data.get("DELETE") else []

    def save(self, commit=True):
        photo = super().save(commit=False)
        upload = self.cleaned_data.get("upload")
        if upload:
            attach(upload, photo)
        elif "image" in self.changed_data:
            keep_evidence(photo, getattr(self.cleaned_data["image"], "evidence", {}))
        if commit:
            photo.save()
        return photo
