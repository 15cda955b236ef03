// sitrep: the geometry of places, over plain Place records: great-circle distances, the distance
// to a border line, the places near a point or a line, and the places in one part of an area.
// The Gazetteer answers its geographic questions with these over its own lists.
#pragma once

#include <string_view>
#include <vector>

#include "sitrep/place.h"

namespace sitrep {

struct LatLon {
  double lat = 0, lon = 0;
};
// A polyline (one land border between two countries, or a piece of it); a line of one point is
// that point.
using GeoLine = std::vector<LatLon>;

// Great-circle distance in km.
double haversine_km(double lat1, double lon1, double lat2, double lon2) noexcept;
// Distance from p to the segment ab in km, on a local equirectangular projection around p.
double point_segment_km(const LatLon& p, const LatLon& a, const LatLon& b) noexcept;
// Distance in km from p to the nearest of the lines; 1e18 when there are none.
double km_to_lines(const std::vector<GeoLine>& lines, const LatLon& p) noexcept;

// Places within km of any of the lines, nearest first (regions excluded: a region's centre says
// little about its extent). Only places inside the lines' bounding box widened by km are measured.
std::vector<PlaceDistance> places_near_lines(const std::vector<Place>& places, const std::vector<GeoLine>& lines,
                                             double km);
// Places within km of a point, nearest first (regions excluded).
std::vector<PlaceDistance> places_near_point(const std::vector<Place>& places, const LatLon& p, double km);
// The places of an area (inside) that lie in one part of it: north means the northern 40% of its
// extent, where the extent runs between the 5th and the 95th percentile of the places' latitudes
// (longitudes for east and west); northeast means north and east. direction: north, south, east,
// west, northeast, northwest, southeast, southwest (anything else: none). km: the distance from
// centre. Nearest first.
std::vector<PlaceDistance> places_in_part(const std::vector<const Place*>& inside, const LatLon& centre,
                                          std::string_view direction);

}  // namespace sitrep
