"""The Python module sitrep (python/) on an index of the bundled sample corpus (corpora/sample),
written by sitrep-index once per session: answers equal to sitrep-search --format json, the golden
queries, errors with their codes, documents, histograms, the indexer's round trip, threads,
to_pandas and the notebook example. ctest sets PYTHONPATH to the built package and
SITREP_TEST_SOURCE_DIR, SITREP_TEST_BIN_DIR and SITREP_DATA_DIR."""
import json
import os
import subprocess
import sys
import threading

import pytest

import sitrep

SOURCE_DIR = os.environ.get("SITREP_TEST_SOURCE_DIR",
                            os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BIN_DIR = os.environ.get("SITREP_TEST_BIN_DIR", os.path.join(SOURCE_DIR, "build", "bin"))
SAMPLE = os.path.join(SOURCE_DIR, "corpora", "sample")
EXAMPLE_QUERY = "Hezbollah deployments near Lebanese border after 2024-11-27"


@pytest.fixture(scope="session")
def index(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("sample") / "index")
    subprocess.run([os.path.join(BIN_DIR, "sitrep-index"), "--quiet", "--index", path, SAMPLE], check=True)
    return path


@pytest.fixture(scope="session")
def searcher(index):
    with sitrep.Searcher(index) as s:
        yield s


def cli_json(index, *args):
    out = subprocess.run([os.path.join(BIN_DIR, "sitrep-search"), "--index", index, "--format", "json", *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_search_equals_the_json_contract(index, searcher):
    # The same value as sitrep-search --format json: every key, every number, every string.
    r = searcher.search(EXAMPLE_QUERY)
    assert isinstance(r, dict) and isinstance(r, sitrep.SearchResult)
    assert r == cli_json(index, EXAMPLE_QUERY)
    assert set(r) >= {"total", "total_exact", "hits", "facets", "histogram", "interpretation", "relaxed"}
    assert r.total == r["total"] and r.hits is r["hits"] and r.facets is r["facets"]
    # The same with paging, a sort, a drill-down, a histogram interval and no facets.
    assert searcher.search("Hezbollah", limit=3, offset=2, sort="newest", drill_down={"place": "lb-hermel"},
                           histogram="month") == \
        cli_json(index, "--limit", "3", "--offset", "2", "--sort", "newest", "--facet", "place=lb-hermel",
                 "--histogram", "month", "Hezbollah")
    assert searcher.search("Wagner", facets=False) == cli_json(index, "--no-facets", "Wagner")
    assert searcher.search("Wagner", facets=3) == cli_json(index, "--facets", "3", "Wagner")


def test_golden_queries(searcher):
    with open(os.path.join(SOURCE_DIR, "tests", "golden", "sample-queries.json")) as f:
        golden = json.load(f)["queries"]
    for q in golden:
        r = searcher.search(q["query"], limit=50)
        assert [h["id"] for h in r["hits"]] == q["expected_ids"], q["query"]
        assert r["total"] == len(q["expected_ids"])


def test_hits_facets_and_types(searcher):
    r = searcher.search(EXAMPLE_QUERY, limit=20)
    assert r["total"] == 8 and r["total_exact"] is True  # the golden answer (tests/golden)
    hit = r["hits"][0]
    assert hit["id"] == "lb-hezbollah-hermel-ru-2024-12-09" and hit["rank"] == 1
    assert isinstance(hit["score"], float) and isinstance(hit["duplicates"], int)
    assert set(hit) == {"duplicates", "events", "rank", "id", "date", "title", "source", "url", "score", "snippet",
                        "facets"}
    assert {"hezbollah"} <= {v["id"] for v in r["facets"]["actor"]}
    assert all(set(v) == {"id", "name", "count"} for values in r["facets"].values() for v in values)
    assert r["interpretation"]["query"] == EXAMPLE_QUERY
    assert r["interpretation"]["prefer_lang"]["how"] in {"detected", "asked", "undetected", "off"}
    # Drill-down as a list of "facet:id" strings or pairs, the same as a dict.
    a = searcher.search("Hezbollah", drill_down=["actor:hezbollah", ("country", "lb")])
    b = searcher.search("Hezbollah", drill_down={"actor": "hezbollah", "country": ["lb"]})
    assert a == b and a["total"] > 0


def test_like(searcher):
    r = searcher.search(like="lb-hezbollah-hermel-alqaa-2024-12-05", limit=5)
    assert r["interpretation"]["like"]["id"] == "lb-hezbollah-hermel-alqaa-2024-12-05"
    assert "lb-hezbollah-hermel-alqaa-2024-12-05" not in [h["id"] for h in r["hits"]]
    assert r["total"] > 0


def test_errors_carry_their_code(searcher, tmp_path):
    with pytest.raises(sitrep.InvalidArgumentError) as e:
        searcher.search("Hezbollah", sort="sideways")
    assert e.value.code == "invalid_argument" and "relevance" in e.value.message
    assert isinstance(e.value, sitrep.Error) and isinstance(e.value, ValueError)
    with pytest.raises(sitrep.InvalidArgumentError) as e:
        searcher.search("Hezbollah", drill_down={"colour": "red"})
    assert "unknown facet 'colour'" in str(e.value)
    with pytest.raises(sitrep.InvalidArgumentError, match="facets must be"):
        searcher.search("Hezbollah", facets=None)
    with pytest.raises(sitrep.InvalidArgumentError, match="drill_down items"):
        searcher.search("Hezbollah", drill_down=[1])
    with pytest.raises(sitrep.LimitExceededError) as e:
        searcher.search("x", limit=10**6)
    assert e.value.code == "limit_exceeded"
    with pytest.raises(sitrep.Error) as e:
        searcher.search("(" * 9 + "a" + ")" * 9)  # groups nest at most 8 deep
    assert e.value.code in {"invalid_argument", "limit_exceeded"}
    with pytest.raises(sitrep.NotFoundError) as e:
        searcher.document("no-such-article")
    assert e.value.code == "not_found" and isinstance(e.value, LookupError)
    with pytest.raises(sitrep.NotFoundError):
        searcher.search(like="no-such-article")
    with pytest.raises(sitrep.Error) as e:
        sitrep.Searcher(str(tmp_path / "missing"))
    assert e.value.code in {"not_found", "index_error", "io_error"}


def test_document(searcher):
    d = searcher.document("lb-hezbollah-hermel-alqaa-2024-12-05")
    assert d["id"] == "lb-hezbollah-hermel-alqaa-2024-12-05" and d["date"] == "2024-12-05"
    assert set(d) == {"id", "date", "title", "source", "url", "lang", "text", "events", "facets"}
    assert set(sitrep.HIT_FACETS) <= set(d["facets"])
    assert "hezbollah" in [a["id"] for a in d["facets"]["actor"]]
    assert d["lang"] == "en" and d["text"]


def test_histogram(searcher):
    h = searcher.histogram("actor:Hezbollah", interval="month")
    assert h == searcher.search("actor:Hezbollah", histogram="month")["histogram"]
    assert h["interval"] == "month" and h["field"] == "published"
    assert sum(b["count"] for b in h["buckets"]) == searcher.search("actor:Hezbollah")["total"]
    assert set(h["buckets"][0]) == {"key", "from", "to", "count"}
    with pytest.raises(sitrep.InvalidArgumentError):
        searcher.histogram("x", interval="fortnight")


def test_indexer_round_trip(tmp_path):
    path = tmp_path / "index"  # a pathlib.Path as well as a str
    article = {"id": "py-1", "date": "2024-12-07", "title": "Hezbollah fighters seen near Hermel",
               "text": "Hezbollah fighters moved towards Hermel near the Syrian border on Saturday.",
               "source": "Python Wire", "url": "https://example.org/py-1"}
    with sitrep.Indexer(path) as ix:
        assert ix.add(article) == "added"
        assert ix.add(dict(article, id="py-2", title="Second report",
                           text="Shelling was reported in Hermel and around Qusayr on Saturday night.")) == "added"
        ix.commit()
        with sitrep.Searcher(path) as s:
            assert s.document_count == 2
            assert s.search("Hermel")["total"] == 2
            # add() replaces an article with the same id, as the indexer does.
            assert ix.add(dict(article, title="Hezbollah convoy near Hermel", text="A convoy left Hermel.")) == \
                "replaced"
            ix.delete("py-2")
            ix.commit()
            assert s.document_count == 1
            assert s.document("py-1")["title"] == "Hezbollah convoy near Hermel"
            assert s.document("py-1")["lang"] == "en"  # detected, as for a JSON Lines record
            with pytest.raises(sitrep.NotFoundError):
                s.document("py-2")
        with pytest.raises(sitrep.NotFoundError) as e:
            ix.delete("py-2")
        assert e.value.code == "not_found"
        with pytest.raises(sitrep.ParseError) as e:
            ix.add({"id": "bad", "date": "not a date", "text": "x"})
        assert e.value.code == "parse_error" and "invalid date" in e.value.message
        with pytest.raises(sitrep.ParseError):
            ix.add({"id": "no-text", "date": "2024-12-07"})
        with pytest.raises(sitrep.ParseError):
            ix.add({"date": "2024-12-07", "text": "no id"})
        with pytest.raises(sitrep.ParseError, match="field 'title' must be a string"):
            ix.add({"id": "t", "date": "2024-12-07", "text": "x", "title": ["a"]})
        import datetime
        assert ix.add({"id": "py-3", "date": datetime.date(2024, 12, 8), "text": "Shelling near Khiam."}) == "added"
    # Leaving the with block committed and let the index go: another writer may open it.
    with sitrep.Indexer(path) as ix:
        assert ix.document_count == 2
    with pytest.raises(sitrep.InvalidArgumentError):
        ix.commit()  # closed


def test_threads_search_in_parallel(searcher):
    queries = ["Hezbollah", "Wagner near Malian border", "actor:Hezbollah place:Lebanon", "Kharkiv", EXAMPLE_QUERY]
    expected = {q: searcher.search(q) for q in queries}
    results, errors = [], []

    def worker(k):
        try:
            for i in range(10):
                q = queries[(k + i) % len(queries)]
                results.append(searcher.search(q) == expected[q])
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 60 and all(results)


def test_to_pandas(searcher):
    pd = pytest.importorskip("pandas", reason="pandas is not installed (Debian: python3-pandas)")
    r = searcher.search(EXAMPLE_QUERY, limit=20)
    df = r.to_pandas()
    assert isinstance(df, pd.DataFrame) and len(df) == len(r["hits"])
    assert list(df.columns[:4]) == ["rank", "id", "date", "title"]
    assert {"source", "url", "score", "snippet"} <= set(df.columns) and set(sitrep.HIT_FACETS) <= set(df.columns)
    assert str(df["date"].dtype).startswith("datetime64")
    assert df.iloc[0]["id"] == r["hits"][0]["id"]
    assert "Hezbollah" in df.iloc[0]["actor"]


def test_to_pandas_without_pandas(searcher, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match="needs pandas"):
        searcher.search("Hezbollah").to_pandas()


def test_notebook_example(index):
    example = os.path.join(SOURCE_DIR, "searcher", "examples", "notebook_example.py")
    out = subprocess.run([sys.executable, example, index], check=True, capture_output=True, text=True).stdout
    assert "Articles per month naming Hezbollah" in out
    assert "2024-12" in out
    assert "Places in articles near the Lebanese border" in out
