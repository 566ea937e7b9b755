"""The news post form: text, cover, place, linked activities, and its photo gallery.

It lives in ``activities`` because it links activities (``post.activities`` is the
reverse side of ``Activity.posts``), and ``forums`` never imports ``activities``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from forums.fields import PhotoField, PhotoUploadField, chosen_upload, offer_upload
from forums.html import ALLOWED_TAGS
from forums.models import Forum, Post, PostPhoto, scope_of
from forums.staff.regions import scoped_regency_field
from forums.staff.services import unique_slug as shared_unique_slug
from forums.staff.submission import OnceFormMixin
from forums.uploads import attach

from .activities import linkable
from .fields import (
    DateInput,
    NamedModelMultipleChoiceField,
    activity_label,
    capitalise_choices,
    forum_label,
    scoped_choice,
)
from .layout import helper
from .photos import PhotoRowForm


def unique_slug(title, exclude_pk=None):
    """A slug for ``title`` no other post has: "dialog-tematik", then "-2", "-3"…"""
    return shared_unique_slug(Post, title, exclude_pk, fallback="berita")


class PostForm(OnceFormMixin, forms.ModelForm):
    cover = PhotoField(label=_("Cover photo"), required=False)
    activities = NamedModelMultipleChoiceField(
        Activity.objects.none(),
        required=False,
        label=_("Activities it reports on"),
        label_of=activity_label,
        help_text=_("Optional. Hold Ctrl (or Cmd) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Post
        # No slug: it is made from the title when the post is written and then kept, so
        # that a shared link keeps working after the title is corrected.
        fields = [
            "title",
            "category",
            "summary",
            "body",
            "cover",
            "cover_caption",
            "event_date",
            "venue",
            "forum",
            "regency",
        ]
        widgets = {"event_date": DateInput, "body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        post = self.instance
        self.scope = scope_of(user)
        capitalise_choices(self.fields["category"])
        self.fields["body"].help_text = _(
            "You may paste formatted text. Kept: %(tags)s, and links. Everything else "
            "(scripts, styles, images, embedded media) is removed when saved; "
            "add photos in the gallery below."
        ) % {"tags": ", ".join(sorted(ALLOWED_TAGS))}
        self.fields["cover"].help_text = _(
            "JPEG, PNG or WebP, at most 10 MB. Location data is removed before it is kept."
        )
        self.fields["cover_upload"] = PhotoUploadField(user)
        offer_upload(self, "cover", "cover_upload")
        self.fields["forum"] = scoped_choice(
            Forum.objects.in_scope(user).order_by("name", "pk"),
            user,
            label=_("Forum"),
            required=False,
            label_of=forum_label,
        )
        self.fields["forum"].help_text = _(
            "The forum the news is about; its village and regency are then filled in."
        )
        self.fields["regency"] = scoped_regency_field(
            user,
            required=False,
            empty_label=_("None"),
            help_text=_("For news without a forum: the regency or city it is about."),
        )
        regency = post.regency_id or (post.forum.village_id[:5] if post.forum_id else None)
        self.fields["activities"].queryset = linkable(
            Activity.objects.in_scope(user)
            .select_related("forum")
            .order_by("-planned_start", "title", "pk"),
            user,
            regency,
            post.activities.all() if post.pk else None,
        )
        if post.pk:
            self.initial["activities"] = list(post.activities.values_list("pk", flat=True))
        self.helper = helper(
            "title",
            "category",
            "summary",
            "body",
            (("cover", "cover_upload"), "cover_caption"),
            ("event_date", "venue"),
            ("forum", "regency"),
            "activities",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["cover_upload"] = chosen_upload(self, "cover", "cover_upload")
        if not self.instance.slug and cleaned.get("title"):
            self.instance.slug = unique_slug(cleaned["title"], exclude_pk=self.instance.pk)
        forum = cleaned.get("forum")
        if forum:
            cleaned["regency"] = forum.village.district.regency
        elif (
            not cleaned.get("regency")
            and not self.scope.everything
            and "forum" not in self.errors
            and "regency" not in self.errors
        ):
            # Without a regency the post would leave the operator's own scope.
            self.add_error("regency", _("Choose the forum, or the regency or city it is about."))
        return cleaned

    def chosen_uploads(self):
        """The cover uploaded ahead of the form, for ``forums.uploads.take_uploads``."""
        upload = self.cleaned_data.get("cover_upload")
        return [upload] if upload else []

    def save(self, commit=True):
        post = super().save(commit=False)
        if upload := self.cleaned_data.get("cover_upload"):
            attach(upload, post, field="cover")
        if commit:
            post.save()
            self.save_m2m()
        return post

    def _post_clean(self):
        # The village follows the forum; a post without a forum keeps its village only
        # while that village is in the chosen regency.
        forum = self.cleaned_data.get("forum")
        regency = self.cleaned_data.get("regency")
        if forum:
            self.instance.village_id = forum.village_id
        elif self.instance.village_id and (
            not regency or self.instance.village_id[:5] != regency.pk
        ):
            self.instance.village = None
        super()._post_clean()


class PostPhotoForm(PhotoRowForm):
    row_layout = ((("image", "upload"), "caption", "position"), "DELETE")

    class Meta:
        model = PostPhoto
        fields = ["image", "caption", "position"]


PostPhotoFormSet = forms.inlineformset_factory(
    Post, PostPhoto, form=PostPhotoForm, extra=3, can_delete=True, can_delete_extra=False
)
