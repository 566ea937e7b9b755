from django.conf import settings
from django.db import models
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..html import sanitize_html
from ..images import RandomName, ThumbnailName, refresh_thumbnail
from ..text_search import NO_PLACES, matching
from .forums import Forum
from .regions import Regency, Village
from .scoping import ScopedQuerySet
from .workflow import Reviewable, ReviewableQuerySet

POST_TEXT = ("title", "summary", "body")


class PostQuerySet(ReviewableQuerySet):
    def public(self):
        """What the public may see: published posts (a post needs no published forum)."""
        return self.published()

    def for_list(self):
        return self.select_related(
            "author", "forum", "village__district", "regency__province"
        ).order_by("-published_at", "-pk")

    def in_province(self, province_code):
        return self.filter(regency__province_id=province_code)

    def publication_years(self):
        """The years (local time) in which these posts were published, newest first."""
        return [moment.year for moment in self.datetimes("published_at", "year", order="DESC")]

    def search(self, text):
        """Posts whose title, summary or body contains ``text`` (any case)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text)
        )

    def matching(self, text, places=NO_PLACES):
        """Posts whose title, summary or body matches ``text`` (as ``text_search`` says)
        or that are linked to a village, regency or forum in one of ``places``."""
        in_places = None
        if places:
            in_places = places.within(village="village_id", regency="regency_id") | Q(
                forum__in=Forum.objects.in_places(places).values("pk")
            )
        return matching(self, POST_TEXT, "title", text, in_places)

    def for_detail(self):
        """Posts with everything their public page shows, in a fixed number of queries.

        Linked activities come through the reverse relation ``post.activities``
        (declared in ``activities``, which forums never imports). Only public ones
        are prefetched, into ``public_activities``: published activities of
        published forums, each with ``funding_lines`` and their sources.
        """
        activity_model = self.model._meta.get_field("activities").related_model
        line_model = activity_model._meta.get_field("funding_lines").related_model
        public_activities = (
            # ``public()`` is the activities app's own rule: published, of a published forum.
            activity_model._default_manager.public()
            .select_related("activity_type")
            .prefetch_related(
                Prefetch("funding_lines", line_model._default_manager.select_related("source"))
            )
        )
        return self.select_related(
            "author",
            "verified_by",
            "forum",
            "village__district__regency__province",
            "regency__province",
        ).prefetch_related(
            "photos",
            Prefetch("activities", public_activities, to_attr="public_activities"),
        )

    def related_to(self, post):
        """Posts near ``post``: same forum first, then same regency, then same category.

        One query; slice it (``[:3]``). Call it last: it sets the ordering.
        """
        ranks = [(Q(category=post.category), 2)]
        if post.regency_id:
            ranks.insert(0, (Q(regency_id=post.regency_id), 1))
        if post.forum_id:
            ranks.insert(0, (Q(forum_id=post.forum_id), 0))
        matches = Q()
        for condition, _rank in ranks:
            matches |= condition
        closeness = Case(
            *[When(condition, then=Value(rank)) for condition, rank in ranks],
            default=Value(3),
            output_field=IntegerField(),
        )
        return (
            self.filter(matches)
            .exclude(pk=post.pk)
            .annotate(closeness=closeness)
            .order_by("closeness", "-published_at", "-pk")
        )


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
        upload_to=RandomName("posts/covers"),
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_thumbnail = models.ImageField(
        upload_to=ThumbnailName("posts/thumbs"), blank=True, editable=False
    )
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

    # View counts are flushed in batches (forums/view_counts.py); they are not edits.
    scope_paths = ("regency__province", "regency")
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


class PostPhotoQuerySet(ScopedQuerySet):
    def public(self):
        """Photos of published posts: what the public news page shows."""
        return self.filter(post__in=Post.objects.public())


class PostPhoto(models.Model):
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="photos", verbose_name=_("news post")
    )
    image = models.ImageField(
        _("image"),
        upload_to=RandomName("posts/gallery"),
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.ImageField(
        upload_to=ThumbnailName("posts/thumbs"), blank=True, editable=False
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    scope_paths = ("post__regency__province", "post__regency")
    history = HistoricalRecords()
    objects = PostPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("news photo")
        verbose_name_plural = _("news photos")
        ordering = ["post", "position", "pk"]

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        refresh_thumbnail(self.image, self.thumbnail)
        super().save(*args, **kwargs)
