"""The Kemendagri administrative hierarchy: province, regency, district, village.

Each region is keyed by its official dotted code ("13.72.01.1001"), so a code
read from any government document finds its row directly. Names are kept as
the ministry spells them; ``search_name`` is the name folded to lowercase
letters and digits so that "baubau", "Bau-Bau" and "Kota Bau Bau" all match.
"""

import re

from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import TrigramSimilarity
from django.db import models
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Value, Window
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from ..text_search import uses_postgres
from .scoping import ScopedQuerySet

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")


def region_code(value):
    """``value`` if it has the shape of a Kemendagri code ("13", "13.72", "13.72.01",
    "13.72.01.1001"), else "". Codes read from a query string go through this before
    they reach a query, so no odd input (a NUL byte, a quote) reaches the database."""
    value = (value or "").strip()
    return value if _CODE.fullmatch(value) else ""


def fold_name(text):
    """Fold a region name for search: lowercase, no spaces, hyphens or punctuation."""
    return _NOT_ALNUM.sub("", (text or "").lower())


class RegionQuerySet(ScopedQuerySet):
    def search(self, text):
        """Regions whose name contains ``text``, ignoring case, spaces and hyphens."""
        folded = fold_name(text)
        if not folded:
            return self.none()
        return self.filter(search_name__contains=folded)

    def named_like(self, folded):
        """Regions whose folded name contains ``folded`` (already folded with
        ``fold_name``) or, on PostgreSQL, is like it by trigram similarity, so that a typo
        ("baubou", "solk") still finds the place.

        Annotates ``exact`` (the name contains it), ``found`` (how many regions match)
        and ``found_exact`` (how many contain it), and puts exact matches first, then
        the closest names. On PostgreSQL the trigram index on ``search_name`` answers
        both conditions.
        """
        if not folded:
            return self.none()
        contains = Q(search_name__contains=folded)
        if not uses_postgres():
            return self.filter(contains).annotate(
                exact=Value(True),
                found=Window(Count("pk")),
                found_exact=Window(Count("pk")),
            )
        name = self.model.similarity_name()
        return (
            self.filter(contains | TrigramSimilar(name, Value(folded)))
            .annotate(
                exact=ExpressionWrapper(contains, output_field=BooleanField()),
                closeness=TrigramSimilarity(name, Value(folded)),
                found=Window(Count("pk")),
                found_exact=Window(Count("pk", filter=contains)),
            )
            .order_by("-exact", "-closeness", "name", "code")
        )


class Region(models.Model):
    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold_name(self.name)
        super().save(*args, **kwargs)

    @classmethod
    def similarity_name(cls):
        """The folded name that a mistyped query is compared with (``named_like``)."""
        return F("search_name")


class Province(Region):
    scope_paths = ("pk", None)

    class Meta(Region.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        indexes = [models.Index(fields=["name"])]


class Regency(Region):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("regency (kabupaten)")
        KOTA = "kota", _("city (kota)")

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    scope_paths = ("province", "pk")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta(Region.Meta):
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")
        indexes = [models.Index(fields=["province", "name"]), models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name}, {self.province.name}"

    @classmethod
    def similarity_name(cls):
        # Every name starts with its kind ("Kota Bau Bau", "Kabupaten Rokan Hulu"), which
        # would make "baubou" look unlike "kotabaubau": compare the rest ("baubau").
        return Substr(F("search_name"), Length("kind") + 1)


class District(Region):
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="districts", verbose_name=_("regency")
    )
    scope_paths = ("regency__province", "regency")

    class Meta(Region.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        indexes = [
            models.Index(fields=["regency", "name"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return f"{_('Kec.')} {self.name}, {self.regency.name}"


class VillageQuerySet(RegionQuerySet):
    def with_path(self):
        return self.select_related("district__regency__province")


class Village(Region):
    class Kind(models.TextChoices):
        DESA = "desa", _("village (desa)")
        KELURAHAN = "kelurahan", _("urban village (kelurahan)")

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    scope_paths = ("district__regency__province", "district__regency")

    objects = VillageQuerySet.as_manager()

    class Meta(Region.Meta):
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        indexes = [
            models.Index(fields=["district", "name"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.full_path

    @property
    def kind_label(self):
        return _("Desa") if self.kind == self.Kind.DESA else _("Kelurahan")

    @property
    def full_path(self):
        """The village with its whole parent path.

        e.g. "Desa Babussalam, Kec. Rambah, Kabupaten Rokan Hulu, Riau". Never show a
        village by name alone: several share one (eight are called Babussalam).
        """
        district = self.district
        regency = district.regency
        return (
            f"{self.kind_label} {self.name}, {_('Kec.')} {district.name}, "
            f"{regency.name}, {regency.province.name}"
        )

    @property
    def province_code(self):
        return self.code[:2]

    @property
    def regency_code(self):
        return self.code[:5]
