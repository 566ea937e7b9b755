"""Search of programme records by text and by place, the same way for every app.

On PostgreSQL a record matches a query by full-text search over its text fields
(``simple`` configuration: Indonesian has no stemmer in PostgreSQL, and names must
match as written) or by trigram word similarity on its title, so that a typo
("dialog tematk") still finds it. Both are answered from GIN indexes, created on
PostgreSQL only by ``AddIndexOnPostgres`` in the migrations (forums 0008, activities
0006). Elsewhere
(SQLite, the embedded default) a record matches when one of its fields contains the
query, ignoring case.

A record is also found by place: ``Places`` holds the regions a query names, and
``Places.within`` the condition that a record is in one of them.
"""

from dataclasses import dataclass

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


class AddIndexOnPostgres(migrations.operations.base.Operation):
    """Build ``index`` on ``model_name``'s table on PostgreSQL only (GIN and ``pg_trgm``
    exist nowhere else), and leave it out of the model state.

    Out of the state, because SQLite rebuilds a whole table to alter it and would then
    create every index of the state again, these too, in a syntax it does not have. The
    search indexes therefore live in their migrations (forums 0008, activities 0006)
    rather than in the models' ``Meta.indexes``.
    """

    reversible = True

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def deconstruct(self):
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "index": self.index},
        )

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"
