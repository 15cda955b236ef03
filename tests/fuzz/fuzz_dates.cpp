// libFuzzer target: dates. The first line is a publication date (sitrep::parse_publication_date, in
// every numeric order); the whole input is a query's date expression (parse_date_expression) and an
// article's text whose event dates are found (extract_event_dates), both against the publication
// date when the first line is one (as the indexer does), else against 2024-12-07.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sitrep/date_parse.h"
#include "sitrep/event_dates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string_view first_line = input.substr(0, input.find('\n'));
  sitrep::Date reference{2024, 12, 7};
  for (auto order : {sitrep::DateOrder::kUnspecified, sitrep::DateOrder::kDMY, sitrep::DateOrder::kMDY,
                     sitrep::DateOrder::kYMD}) {
    auto published = sitrep::parse_publication_date(first_line, sitrep::DateParseOptions{order});
    if (published) {
      (void)published->iso();
      (void)published->local_date.iso();
      if (published->time) (void)published->time->iso();
      reference = published->date;
    } else {
      (void)published.status().to_string();
    }
  }
  (void)sitrep::weekday(reference);
  (void)sitrep::weekday_from_name(first_line);
  for (auto future : {sitrep::FutureDates::kResolve, sitrep::FutureDates::kSkip}) {
    const sitrep::EventDateOptions options{sitrep::DateOrder::kUnspecified, future};
    if (auto e = sitrep::parse_date_expression(input, reference, options)) (void)e->iso();
    for (const auto& e : sitrep::extract_event_dates(input, reference, options)) (void)e.iso();
  }
  const sitrep::EventDateOptions dmy{sitrep::DateOrder::kDMY, sitrep::FutureDates::kResolve};
  for (const auto& e : sitrep::extract_event_dates(input, reference, dmy)) (void)e.iso();
  return 0;
}
