"""Photo rows shared by the progress report and news post forms."""

from django.utils.translation import gettext_lazy as _

from forums.fields import PhotoField

from .layout import ChildRowForm


class PhotoRowForm(ChildRowForm):
    """One uploaded photo: checked and stripped of GPS by ``PhotoField``.

    The kept copy is a JPEG without metadata; when the model has ``taken_at``,
    the capture time read from the original is stored there.
    """

    image = PhotoField(label=_("Photo"))
    row_layout = (("image", "caption"), "DELETE")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "JPEG, PNG or WebP, at most 10 MB. Location data is removed before it is kept."
        )

    def save(self, commit=True):
        photo = super().save(commit=False)
        if "image" in self.changed_data and hasattr(photo, "taken_at"):
            photo.taken_at = getattr(self.cleaned_data["image"], "taken_at", None)
        if commit:
            photo.save()
        return photo
