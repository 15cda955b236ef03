#!/usr/bin/env bash
# First command of the README: install what is missing, build (Release), index the bundled
# sample corpus into the default index, and answer the example query.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"

inputs=(corpora/sample)
# The team's example article, when its data folder sits beside the project.
[ -f ../shared/seed/article-2024-12-07.txt ] && inputs+=(../shared/seed/article-2024-12-07.txt)
build/bin/sitrep-index "${inputs[@]}"
query="Hezbollah deployments near Lebanese border after 2024-11-27"
echo
echo "\$ sitrep-search --explain \"$query\""
build/bin/sitrep-search --explain "$query"
