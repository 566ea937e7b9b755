from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..html import sanitize_html
from ..images import refresh_thumbnail
from .forums import Forum
from .regions import Regency, Village
from .workflow import Reviewable, ReviewableQuerySet


class PostQuerySet(ReviewableQuerySet):
    def count_view(self, pk):
        """Add one view in a single UPDATE: no race between readers, no history row."""
        return self.filter(pk=pk).update(view_count=F("view_count") + 1)

    def for_list(self):
        return self.select_related(
            "author", "forum", "village__district", "regency__province"
        ).order_by("-published_at", "-pk")

    def in_province(self, province_code):
        return self.filter(regency__province_id=province_code)


class Post(Reviewable):
    """A public programme news page (berita).

    The body is HTML, sanitised with nh3 on every save: staff paste from word
    processors and the village blogs they used before, which Markdown would mangle.
    """

    class Category(models.TextChoices):
        NEWS = "news", _("news")
        ACTIVITY = "activity", _("activity report")
        DIALOGUE = "dialogue", _("dialogue and meetings")
        ANNOUNCEMENT = "announcement", _("announcement")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"))
    category = models.CharField(
        _("category"), max_length=15, choices=Category.choices, default=Category.NEWS
    )
    cover = models.ImageField(
        _("cover image"),
        upload_to="posts/covers/%Y/%m/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_thumbnail = models.ImageField(upload_to="posts/thumbs/%Y/%m/", blank=True, editable=False)
    cover_caption = models.CharField(_("cover caption"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("author"),
    )
    event_date = models.DateField(_("event date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    forum = models.ForeignKey(
        Forum,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("forum"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("village"),
    )
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("regency or city"),
        help_text=_("Filled from the village; set it alone for news about a whole regency."),
    )

    # View counts change on every read (see PostQuerySet.count_view); not edits.
    history = HistoricalRecords(excluded_fields=["view_count"])
    objects = PostQuerySet.as_manager()

    class Meta(Reviewable.Meta):
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-published_at"]),
            models.Index(fields=["regency", "state"]),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.village_id:
            # The village decides the regency, so filters by region have one path.
            self.regency_id = self.village_id[:5]
        self.body = sanitize_html(self.body)
        refresh_thumbnail(self.cover, self.cover_thumbnail)
        super().save(*args, **kwargs)


class PostPhoto(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("news post")
    )
    image = models.ImageField(
        _("image"), upload_to="posts/gallery/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.ImageField(upload_to="posts/thumbs/%Y/%m/", blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("news photo")
        verbose_name_plural = _("news photos")
        ordering = ["post", "position", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        refresh_thumbnail(self.image, self.thumbnail)
        super().save(*args, **kwargs)
