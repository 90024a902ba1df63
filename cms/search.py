"""Full-text search in each content language (decision 0040).

Wagtail's database backend (``wagtail.search.backends.database``) stores one
index entry per object in one table and, on PostgreSQL, turns every entry and
every query into lexemes with a single text search configuration
(``SEARCH_CONFIG``): with ``english``, French lessons are stemmed as if they
were English and a search for "oiseaux" misses a lesson that says "oiseau".
Several backends, one per language, would share that one table and overwrite
each other's entries (Wagtail issue 9253).

This backend is the database backend with one change on PostgreSQL: each
object is indexed with the configuration of its own locale's language
(``SEARCH_CONFIGS``; ``simple``, no stemming, for a language without one), and
a search asks for the configuration of the language it searches in
(``search_backend(language)``), which must be the language of the pages it
looks at for their lexemes to meet. On SQLite (FTS5, no stemming in any
language) and other databases it is Wagtail's backend unchanged.
"""

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language
from wagtail import blocks
from wagtail.models import Locale
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database import SearchBackend as database_backend

try:  # psycopg is only installed where PostgreSQL is used
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
except ImportError:  # pragma: no cover
    PostgresIndex = PostgresSearchBackend = PostgresSearchQueryCompiler = None


if PostgresSearchBackend is not None:

    class LocaleQueryCompiler(PostgresSearchQueryCompiler):
        """A query in the language the backend was asked for; a search that
        names none (the admin's) in the active interface language."""

        def get_config(self, backend):
            return backend.config or backend.config_for(get_language())

    class LocaleIndex(PostgresIndex):
        """Index entries made with each object's own language's configuration."""

        def add_items(self, model, objs):
            languages = dict(Locale.objects.values_list("id", "language_code"))
            by_language: dict[str | None, list] = {}
            for obj in objs:
                language = languages.get(getattr(obj, "locale_id", None))
                by_language.setdefault(language, []).append(obj)
            for language, group in by_language.items():
                PostgresIndex(self.backend.in_language(language)).add_items(
                    model, group
                )

    class LocalePostgresSearchBackend(PostgresSearchBackend):
        query_compiler_class = LocaleQueryCompiler
        index_class = LocaleIndex

        def __init__(self, params):
            super().__init__(params)
            self.params = params
            self.configs = params.get("SEARCH_CONFIGS", {})

        def config_for(self, language: str | None) -> str:
            """The text search configuration of ``language`` (``xx`` or
            ``xx-yy``); the default language's for an object that has none
            (an image, a document); ``simple`` for a language not listed."""
            language = (language or settings.LANGUAGE_CODE).lower()
            return self.configs.get(
                language, self.configs.get(language.split("-")[0], "simple")
            )

        def in_language(self, language: str | None):
            """This backend, indexing and searching with ``language``'s
            configuration."""
            return type(self)(
                {**self.params, "SEARCH_CONFIG": self.config_for(language)}
            )


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up)
    """The backend for the default database, as Wagtail's database backend
    chooses it, with per-language configurations on PostgreSQL."""
    if connection.vendor == "postgresql" and PostgresSearchBackend is not None:
        return LocalePostgresSearchBackend(params)
    return database_backend(params)


def search_backend(language: str):
    """The backend to search pages written in ``language`` with."""
    backend = get_search_backend()
    in_language = getattr(backend, "in_language", None)
    return in_language(language) if in_language else backend


def searchable_text(block, value) -> list[str]:
    """The plain text a StreamField's stored (raw) ``value`` shows, as its
    ``block`` would index it (text, rich text; no choosers, choices, numbers,
    nor children marked ``search_index=False``), read without loading any
    chosen object: for snippets of many pages at once."""
    if value is None or not getattr(block, "search_index", True):
        return []
    if isinstance(block, blocks.StreamBlock):
        texts = []
        for item in value:
            child = block.child_blocks.get(item.get("type"))
            if child is not None:
                texts += searchable_text(child, item.get("value"))
        return texts
    if isinstance(block, blocks.StructBlock):
        if not isinstance(value, dict):
            return []
        texts = []
        for name, child in block.child_blocks.items():
            texts += searchable_text(child, value.get(name))
        return texts
    if isinstance(block, blocks.ListBlock):
        texts = []
        for item in value:
            if isinstance(item, dict) and item.get("type") == "item":
                item = item.get("value")
            texts += searchable_text(block.child_block, item)
        return texts
    if isinstance(block, blocks.RichTextBlock):
        return [get_text_for_indexing(str(value))]
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return [str(value)]
    return []
