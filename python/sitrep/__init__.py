"""sitrep: full-text search of conflict reporting, from Python.

    import sitrep
    with sitrep.Searcher("index") as s:
        r = s.search("Hezbollah near Lebanese border after 2024-11-27", limit=5)
        print(r["total"], [h["id"] for h in r["hits"]])
        df = r.to_pandas()                      # with pandas installed

Searcher.search() answers with a SearchResult, a dict with the keys of ``sitrep-search --format
json`` (total, total_exact, hits, facets, histogram, interpretation, relaxed, ...): the C++ library
builds that JSON value and the module converts it to dicts and lists, so the two cannot differ.
Searcher.document(id) is sitrep-serve's /doc/{id}, Searcher.histogram() the "histogram" of a search.
Indexer(path).add({...}) takes the fields of a JSON Lines record (id, date, text, title, source,
url, lang) and replaces an article with the same id; delete(id) and commit() as the indexer does.
Failures raise sitrep.Error subclasses carrying the typed error code (sitrep.errors). The GIL is
released while searching and indexing, so threads search in parallel.
"""

import os

from . import _sitrep
from .errors import (Error, IndexUnusableError, InvalidArgumentError, LimitExceededError, NotFoundError,
                     ParseError, StorageError, TimeBudgetError, error_class)

__all__ = ["Searcher", "Indexer", "SearchResult", "Error", "InvalidArgumentError", "ParseError", "NotFoundError",
           "StorageError", "IndexUnusableError", "LimitExceededError", "TimeBudgetError", "HIT_FACETS"]

# The facets each hit lists (actor, person, place, ...), in the order answers show them.
HIT_FACETS = _sitrep.HIT_FACETS


class SearchResult(dict):
    """One search's answer: a plain dict with the keys of the JSON contract, plus to_pandas()."""

    @property
    def hits(self):
        return self["hits"]

    @property
    def total(self):
        return self["total"]

    @property
    def facets(self):
        return self["facets"]

    @property
    def histogram(self):
        return self["histogram"]

    @property
    def interpretation(self):
        return self["interpretation"]

    def to_pandas(self):
        """The hits as a pandas DataFrame: rank, id, date (datetime64), title, source, url, score,
        duplicates, snippet, and one column per facet on hits (actor, person, place, ...) holding
        the list of its names (``df.explode("place")`` gives a row per place).

        Raises ImportError when pandas is not installed."""
        try:
            import pandas as pd
        except ImportError as e:
            raise ImportError("SearchResult.to_pandas() needs pandas, which is not installed "
                              "(Debian: apt install python3-pandas; else pip install pandas)") from e
        columns = ["rank", "id", "date", "title", "source", "url", "score", "duplicates", "snippet"]
        rows = []
        for h in self["hits"]:
            row = {c: h[c] for c in columns}
            for f in HIT_FACETS:
                row[f] = [e["name"] for e in h["facets"].get(f, [])]
            rows.append(row)
        df = pd.DataFrame(rows, columns=columns + list(HIT_FACETS))
        df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
        return df


class Searcher(_sitrep.Searcher):
    """An index opened for searching: Searcher(index_path, data_dir="", facet_cache=True).

    search(query="", limit=10, offset=0, sort="relevance" | "newest" | "oldest",
           facets=True (False: hits only, estimated total; an int: values per facet),
           drill_down={"actor": "hezbollah"} or ["actor:hezbollah", ("place", "lb-metula")],
           like=None (an article id: more like this), histogram="auto" | "day" | "week" | "month" |
           "year" | "none", histogram_by="published" | "event", prefer_lang="auto", now=None,
           snippet_words=40, collapse_duplicates=True, time_budget_ms=0) -> SearchResult
    histogram(query="", interval="auto", by="published", drill_down=None, now=None) -> dict
    document(id) -> dict;  document_count;  close(), or use it as a context manager.
    """

    def __init__(self, index_path, **options):
        super().__init__(os.fspath(index_path), **options)  # a str or a pathlib.Path

    def search(self, query="", **options):
        return SearchResult(super().search(query, **options))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


class Indexer(_sitrep.Indexer):
    """An index opened for writing (created when missing): Indexer(index_path, data_dir="").

    add({"id", "date", "text", "title", "source", "url", "lang"}) -> "added" | "replaced";
    delete(id); commit() (searchers see the changes); document_count; close() commits and lets
    the index go, as leaving a with block does. One writer per index at a time.
    """

    def __init__(self, index_path, **options):
        super().__init__(os.fspath(index_path), **options)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
