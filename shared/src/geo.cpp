#include "sitrep/geo.h"

#include <algorithm>
#include <cmath>

namespace sitrep {
namespace {

constexpr double kPi = 3.14159265358979323846;

void sort_nearest_first(std::vector<PlaceDistance>& out) {
  std::sort(out.begin(), out.end(), [](const PlaceDistance& a, const PlaceDistance& b) { return a.km < b.km; });
}

}  // namespace

double haversine_km(double lat1, double lon1, double lat2, double lon2) noexcept {
  const double r = 6371.0088;
  const double p1 = lat1 * kPi / 180, p2 = lat2 * kPi / 180;
  const double dp = (lat2 - lat1) * kPi / 180, dl = (lon2 - lon1) * kPi / 180;
  const double a =
      std::sin(dp / 2) * std::sin(dp / 2) + std::cos(p1) * std::cos(p2) * std::sin(dl / 2) * std::sin(dl / 2);
  return 2 * r * std::asin(std::min(1.0, std::sqrt(a)));
}

double point_segment_km(const LatLon& p, const LatLon& a, const LatLon& b) noexcept {
  const double kx = 111.320 * std::cos(p.lat * kPi / 180.0), ky = 110.574;
  const double ax = (a.lon - p.lon) * kx, ay = (a.lat - p.lat) * ky;
  const double bx = (b.lon - p.lon) * kx, by = (b.lat - p.lat) * ky;
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double x = ax + t * dx, y = ay + t * dy;
  return std::sqrt(x * x + y * y);
}

double km_to_lines(const std::vector<GeoLine>& lines, const LatLon& p) noexcept {
  double best = 1e18;
  for (const auto& line : lines) {
    if (line.size() == 1) best = std::min(best, haversine_km(p.lat, p.lon, line[0].lat, line[0].lon));
    for (std::size_t k = 1; k < line.size(); ++k) best = std::min(best, point_segment_km(p, line[k - 1], line[k]));
  }
  return best;
}

std::vector<PlaceDistance> places_near_lines(const std::vector<Place>& places, const std::vector<GeoLine>& lines,
                                             double km) {
  std::vector<PlaceDistance> out;
  if (lines.empty()) return out;
  double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
  for (const auto& line : lines)
    for (const auto& pt : line) {
      lat_lo = std::min(lat_lo, pt.lat);
      lat_hi = std::max(lat_hi, pt.lat);
      lon_lo = std::min(lon_lo, pt.lon);
      lon_hi = std::max(lon_hi, pt.lon);
    }
  const double dlat = km / 110.0;
  const double cos_lat = std::max(0.05, std::cos(std::max(std::abs(lat_lo), std::abs(lat_hi)) * kPi / 180.0));
  const double dlon = km / (111.0 * cos_lat);
  for (const auto& p : places) {
    if (p.kind == "region") continue;
    if (p.lat < lat_lo - dlat || p.lat > lat_hi + dlat || p.lon < lon_lo - dlon || p.lon > lon_hi + dlon) continue;
    const double d = km_to_lines(lines, {p.lat, p.lon});
    if (d >= 0 && d <= km) out.push_back({&p, d});
  }
  sort_nearest_first(out);
  return out;
}

std::vector<PlaceDistance> places_near_point(const std::vector<Place>& places, const LatLon& point, double km) {
  std::vector<PlaceDistance> out;
  // A box no place within km lies outside, so that most places cost two comparisons instead of a
  // haversine: the latitude differs by at most km / r radians (the distance is at least r times
  // the latitude's difference), and the longitude by at most 2 asin(sin(km / 2r) / cos(lat_max))
  // (the haversine's second term alone, both latitudes within lat_max of the equator).
  constexpr double r = 6371.0088, deg = 180.0 / kPi;
  const double dlat = km / r * deg * 1.000001 + 1e-9;
  const double lat_max = std::abs(point.lat) + dlat;
  double dlon = 360;
  if (lat_max < 89.0) {
    const double s = std::sin(km / (2 * r)) / std::cos(lat_max / deg);
    if (s < 1.0) dlon = 2 * std::asin(s) * deg * 1.000001 + 1e-9;
  }
  for (const auto& p : places) {
    if (std::abs(p.lat - point.lat) > dlat) continue;
    double dl = std::abs(p.lon - point.lon);
    if (dl > 180) dl = 360 - dl;
    if (dl > dlon) continue;
    if (p.kind == "region") continue;
    const double d = haversine_km(point.lat, point.lon, p.lat, p.lon);
    if (d <= km) out.push_back({&p, d});
  }
  sort_nearest_first(out);
  return out;
}

std::vector<PlaceDistance> places_in_part(const std::vector<const Place*>& inside, const LatLon& centre,
                                          std::string_view direction) {
  std::vector<PlaceDistance> out;
  if (inside.empty()) return out;
  // The 5th and 95th percentiles of a coordinate, and the cut 60% of the way from one to the other.
  auto cut = [&](double Place::*coord, bool high) {
    std::vector<double> v;
    for (const Place* p : inside) v.push_back(p->*coord);
    std::sort(v.begin(), v.end());
    const double lo = v[static_cast<std::size_t>(0.05 * static_cast<double>(v.size() - 1))];
    const double hi = v[static_cast<std::size_t>(0.95 * static_cast<double>(v.size() - 1))];
    return high ? lo + 0.6 * (hi - lo) : hi - 0.6 * (hi - lo);
  };
  const bool north = direction.find("north") != std::string_view::npos;
  const bool south = direction.find("south") != std::string_view::npos;
  const bool east = direction.find("east") != std::string_view::npos;
  const bool west = direction.find("west") != std::string_view::npos;
  if (!north && !south && !east && !west) return out;
  const double lat_cut = north ? cut(&Place::lat, true) : south ? cut(&Place::lat, false) : 0;
  const double lon_cut = east ? cut(&Place::lon, true) : west ? cut(&Place::lon, false) : 0;
  for (const Place* p : inside) {
    if ((north && p->lat < lat_cut) || (south && p->lat > lat_cut)) continue;
    if ((east && p->lon < lon_cut) || (west && p->lon > lon_cut)) continue;
    out.push_back({p, haversine_km(centre.lat, centre.lon, p->lat, p->lon)});
  }
  sort_nearest_first(out);
  return out;
}

}  // namespace sitrep
