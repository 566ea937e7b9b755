"""Search of programme records by text and by place, the same way for every app.

On PostgreSQL a record matches a query by full-text search over its text fields
(``simple`` configuration: Indonesian has no stemmer in PostgreSQL, and names must
match as written) or by trigram word similarity on its title, so that a typo
("dialog tematk") still finds it. Both are answered from GIN indexes, declared with
``search_indexes`` on the model and created by ``AddIndexOnPostgres``. Elsewhere
(SQLite, the embedded default) a record matches when one of its fields contains the
query, ignoring case.

A record is also found by place: ``Places`` holds the regions a query names, and
``Places.within`` the condition that a record is in one of them.
"""

from dataclasses import dataclass

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, migrations
from django.db.models import F, Q, Value
from django.db.models.functions import Substr
from django.db.models.lookups import In

SEARCH_CONFIG = "simple"
# A search looks at no more records found by their text than this, of each kind.
TEXT_MATCHES = 1000


def uses_postgres():
    return connection.vendor == "postgresql"


def search_vector(fields):
    """The full-text document of ``fields``; an index and a query must build the same one."""
    return SearchVector(*fields, config=SEARCH_CONFIG)


def search_indexes(prefix, fields, title):
    """GIN indexes for ``text_match_ids``: the full-text document of ``fields`` and trigrams
    of ``title``. Add them to the model's ``Meta.indexes``; their migration must use
    ``AddIndexOnPostgres``."""
    return [
        GinIndex(search_vector(fields), name=f"{prefix}_text_search"),
        trigram_index(title, f"{prefix}_{title}_trgm"),
    ]


def trigram_index(field, name):
    """A GIN trigram index on ``field``: fast ``contains`` and similarity on PostgreSQL."""
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)


def text_match_ids(records, fields, title, text):
    """The ids of ``records`` whose text matches ``text``, at most ``TEXT_MATCHES`` of
    each way of matching (one query).

    On PostgreSQL the full-text and the trigram matches are asked for apart, and
    their union kept: each is then answered from its own index, or by reading the
    table until enough are found when most records match. Asked for together, or in
    the same query as other conditions, PostgreSQL may build the text document of
    every record instead.
    """
    records = records.order_by()
    if uses_postgres():
        in_text = records.alias(text_document=search_vector(fields)).filter(
            text_document=SearchQuery(text, config=SEARCH_CONFIG)
        )
        in_title = records.filter(TrigramWordSimilar(F(title), Value(text)))
        ids = in_text.values_list("pk", flat=True)[:TEXT_MATCHES].union(
            in_title.values_list("pk", flat=True)[:TEXT_MATCHES]
        )
    else:
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": text})
        ids = records.filter(condition).values_list("pk", flat=True)[:TEXT_MATCHES]
    return list(ids)


def matching(queryset, fields, title, text, in_places=None):
    """``queryset`` limited to records whose text matches ``text`` (``text_match_ids``,
    which runs its query now) or that meet ``in_places`` (a condition from
    ``Places.within``; None for none)."""
    ids = text_match_ids(queryset.model._default_manager.all(), fields, title, text)
    condition = Q(pk__in=ids)
    if in_places is not None:
        condition |= in_places
    return queryset.filter(condition)


# How long a code of each level is: a village's code starts with its district's,
# regency's and province's ("13.72.01.1001" is in 13.72.01, 13.72 and 13).
_CODE_LENGTHS = {"provinces": 2, "regencies": 5, "districts": 8, "villages": 13}


@dataclass(frozen=True)
class Places:
    """The regions a search query names, by level (tuples of Kemendagri codes)."""

    provinces: tuple = ()
    regencies: tuple = ()
    districts: tuple = ()
    villages: tuple = ()

    def __bool__(self):
        return bool(self.provinces or self.regencies or self.districts or self.villages)

    def within(self, village=None, regency=None):
        """The condition that a record is in one of these places, read from the code in
        its column ``village`` (a village's code, e.g. ``"village_id"``) or ``regency``
        (a regency's). Codes name their parents, so no region table is joined. Without
        places it matches nothing, and ``|`` with it keeps the other conditions."""
        columns = {}  # level: (column, the level of the code it holds)
        if village:
            columns.update(villages=(village, "villages"), districts=(village, "villages"))
            if not regency:
                columns.update(regencies=(village, "villages"), provinces=(village, "villages"))
        if regency:
            columns.update(regencies=(regency, "regencies"), provinces=(regency, "regencies"))
        condition = Q(pk__in=[])
        for level, (column, holds) in columns.items():
            codes = list(getattr(self, level))
            if not codes:
                continue
            if level == holds:
                condition |= Q(**{f"{column}__in": codes})
            else:
                condition |= Q(In(Substr(column, 1, _CODE_LENGTHS[level]), codes))
        return condition


NO_PLACES = Places()


class AddIndexOnPostgres(migrations.AddIndex):
    """``AddIndex`` that builds the index on PostgreSQL only (GIN and ``pg_trgm`` exist
    nowhere else); the model state has the index on every database, so migrations
    stay the same on all of them."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
