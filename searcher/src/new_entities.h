// New names across the archive (sitrep-search --new-entities): the candidate terms (XU, names
// found by rule that no gazetteer list holds) in enough articles, with their first and latest
// dates, example articles and most frequent country.
#pragma once

#include <xapian.h>

#include <vector>

#include "sitrep/gazetteer.h"
#include "sitrep/searcher.h"
#include "sitrep/status.h"

namespace sitrep {

// Checks the options' bounds (kInvalidArgument naming the option).
Status check_new_entities_options(const NewEntitiesOptions& options);

// The listing over db (one index or a stub of shards: docids as db numbers them).
std::vector<NewEntity> list_new_entities(Xapian::Database& db, const Gazetteer& gazetteer,
                                         const NewEntitiesOptions& options);

}  // namespace sitrep
