#!/usr/bin/env python3
"""A notebook-style session with the Python module sitrep, cell by cell (# %% marks a cell, as
Jupyter, VS Code and Spyder read them): articles per month naming an actor, then the places most
named by articles near a border. Runs as a script against any sitrep index, e.g. the bundled
sample corpus:

    build/bin/sitrep-index --index /tmp/sample-index corpora/sample
    PYTHONPATH=build/python /usr/bin/python3 searcher/examples/notebook_example.py /tmp/sample-index

(After cmake --install, import sitrep works without PYTHONPATH.) pandas is used when installed."""

# %% Open the index.
import sys

import sitrep

index = sys.argv[1] if len(sys.argv) > 1 else "sitrep-index"
searcher = sitrep.Searcher(index)
print(f"{searcher.document_count} articles in {index}")

# %% Articles per month for an actor: the date histogram of every match (not only the page of hits).
months = searcher.histogram("actor:Hezbollah", interval="month")
print("\nArticles per month naming Hezbollah:")
for bucket in months["buckets"]:
    if bucket["count"]:
        print(f"  {bucket['key']}  {bucket['count']:3d}  {'#' * bucket['count']}")

# %% The same as a pandas Series, from the hits themselves (all of them: limit above the total).
try:
    import pandas  # noqa: F401 (to_pandas imports it; here only to know whether it is there)
except ImportError:
    pandas = None
if pandas is not None:
    result = searcher.search("actor:Hezbollah", limit=1000, facets=False)
    per_month = result.to_pandas().set_index("date").resample("MS").size()
    print("\nThe same from the hits with pandas (months with articles):")
    print(per_month[per_month > 0].to_string())

# %% Top places near a border: the place facet over every article near Lebanon's border with
# Israel and Syria (the query reads "near Lebanese border" as places within 50 km of it).
border = searcher.search("near Lebanese border", limit=0, facets=8)
print(f"\nPlaces in articles near the Lebanese border ({border['total']} articles):")
for place in border["facets"]["place"]:
    print(f"  {place['name']:<20} {place['count']:3d}")
print("Read as:", border["interpretation"]["summary"])

# %% Drill down: the articles near the border that name the first of those places, newest first.
top = border["facets"]["place"][0]
narrowed = searcher.search("near Lebanese border", drill_down={"place": top["id"]}, sort="newest", limit=3)
print(f"\nNewest of the {narrowed['total']} naming {top['name']}:")
for hit in narrowed["hits"]:
    print(f"  {hit['date']}  {hit['title']}")
searcher.close()
