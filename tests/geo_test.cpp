// geo.h: distances, a border line, the places near a point or a line and the parts of an area,
// on hand-made places (no gazetteer).
#include "sitrep/geo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sitrep {
namespace {

Place place(std::string id, double lat, double lon, std::string kind = "town") {
  Place p;
  p.id = std::move(id);
  p.lat = lat;
  p.lon = lon;
  p.kind = std::move(kind);
  return p;
}

// "p" and a number (built by appending: GCC 12 warns wrongly about "p" + std::to_string(n)).
std::string numbered(int n) {
  std::string id = "p";
  id += std::to_string(n);
  return id;
}

std::vector<std::string> ids(const std::vector<PlaceDistance>& found) {
  std::vector<std::string> out;
  for (const auto& f : found) out.push_back(f.place->id);
  return out;
}

TEST(Geo, HaversineKnownDistances) {
  // One degree of the equator on the mean earth radius (6371.0088 km), and a quarter of it.
  EXPECT_NEAR(haversine_km(0, 0, 0, 1), 111.195, 0.001);
  EXPECT_NEAR(haversine_km(0, 0, 0, 90), 10007.557, 0.001);
  // Beirut to Damascus.
  EXPECT_NEAR(haversine_km(33.8938, 35.5018, 33.5138, 36.2765), 83.19, 0.01);
  EXPECT_DOUBLE_EQ(haversine_km(12.5, 40, 12.5, 40), 0.0);
}

TEST(Geo, PointToSegment) {
  // Straight below the middle of an east-west segment one degree north: 110.574 km per degree.
  EXPECT_NEAR(point_segment_km({0, 0}, {1, -1}, {1, 1}), 110.574, 1e-9);
  // Past the segment's end: the distance to that end (111.320 km per degree of longitude here).
  EXPECT_NEAR(point_segment_km({0, 0}, {0, 1}, {0, 2}), 111.320, 1e-9);
  // On the segment.
  EXPECT_NEAR(point_segment_km({1, 0}, {1, -1}, {1, 1}), 0.0, 1e-9);
}

TEST(Geo, KmToLines) {
  const std::vector<GeoLine> border = {{{1, -1}, {1, 1}}, {{0, 3}}};
  EXPECT_NEAR(km_to_lines(border, {0, 0}), 110.574, 1e-9);
  // A line of one point is that point (great-circle distance).
  EXPECT_NEAR(km_to_lines(border, {0, 2.5}), haversine_km(0, 2.5, 0, 3), 1e-9);
  EXPECT_NEAR(haversine_km(0, 2.5, 0, 3), 55.598, 0.001);
  EXPECT_EQ(km_to_lines({}, {0, 0}), 1e18);
}

TEST(Geo, PlacesNearALineNearestFirstWithoutRegions) {
  const std::vector<Place> places = {place("far", -5, 0), place("b", 0.2, 0), place("a", 0.5, 0),
                                     place("r", 1, 0, "region"), place("east", 1, 3)};
  const std::vector<GeoLine> border = {{{1, -1}, {1, 1}}};
  const auto near = places_near_lines(places, border, 100);
  EXPECT_EQ(ids(near), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(near.size(), 2u);
  EXPECT_NEAR(near[0].km, 0.5 * 110.574, 1e-9);
  EXPECT_NEAR(near[1].km, 0.8 * 110.574, 1e-9);
  EXPECT_TRUE(places_near_lines(places, border, 50).empty());
  EXPECT_TRUE(places_near_lines(places, {}, 1000).empty());
}

TEST(Geo, PlacesNearAPoint) {
  const std::vector<Place> places = {place("a", 0.5, 0), place("b", 0.2, 0), place("r", 0, 0, "region"),
                                     place("far", 3, 0)};
  const auto near = places_near_point(places, {0, 0}, 60);
  EXPECT_EQ(ids(near), (std::vector<std::string>{"b", "a"}));
  ASSERT_EQ(near.size(), 2u);
  EXPECT_NEAR(near[0].km, 22.239, 0.001);
  EXPECT_NEAR(near[1].km, 55.598, 0.001);
}

// The box that spares most places the haversine leaves out no place within the distance: the
// same places as every place's haversine, near the equator, at high latitudes, across the 180th
// meridian, near a pole, for small and large distances.
TEST(Geo, PlacesNearAPointAsEveryPlacesDistance) {
  std::vector<Place> places;
  unsigned seed = 4242;
  auto uniform = [&seed](double lo, double hi) {
    seed = seed * 1103515245u + 12345u;
    return lo + (hi - lo) * ((seed >> 8) & 0xFFFF) / 65535.0;
  };
  for (int k = 0; k < 4000; ++k) places.push_back(place(numbered(k), uniform(-90, 90), uniform(-180, 180)));
  for (int k = 0; k < 2000; ++k) places.push_back(place(numbered(10000 + k), uniform(-5, 5), uniform(-5, 5)));
  for (int k = 0; k < 1000; ++k) places.push_back(place(numbered(20000 + k), uniform(60, 89.9), uniform(170, 180)));
  for (int k = 0; k < 1000; ++k) places.push_back(place(numbered(30000 + k), uniform(60, 89.9), uniform(-180, -170)));
  const LatLon points[] = {{0, 0}, {1.5, -2}, {75, 179.5}, {75, -179.9}, {88.5, 10}, {-89, 0}, {33.9, 35.5}};
  std::size_t found = 0;
  for (const LatLon& pt : points)
    for (double km : {5.0, 40.0, 150.0, 600.0, 2500.0}) {
      SCOPED_TRACE(std::to_string(pt.lat) + "," + std::to_string(pt.lon) + " within " + std::to_string(km));
      std::vector<std::string> every;
      for (const auto& p : places)
        if (haversine_km(pt.lat, pt.lon, p.lat, p.lon) <= km) every.push_back(p.id);
      auto near = ids(places_near_point(places, pt, km));
      std::sort(every.begin(), every.end());
      std::sort(near.begin(), near.end());
      EXPECT_EQ(near, every);
      found += near.size();
    }
  EXPECT_GT(found, 1000u);  // the comparison is not over empty answers
}

TEST(Geo, PartsOfAnAreaByLatitude) {
  // Eleven places from latitude 0 to 10: the extent runs from the 5th percentile (0) to the 95th
  // (9); north is at or above 0 + 0.6 * 9 = 5.4, south at or below 9 - 5.4 = 3.6.
  std::vector<Place> places;
  for (int lat = 0; lat <= 10; ++lat) places.push_back(place(numbered(lat), lat, 0));
  std::vector<const Place*> inside;
  for (const auto& p : places) inside.push_back(&p);
  const auto north = places_in_part(inside, {5, 0}, "north");
  EXPECT_EQ(ids(north), (std::vector<std::string>{"p6", "p7", "p8", "p9", "p10"}));
  EXPECT_NEAR(north.front().km, 111.195, 0.001);
  EXPECT_EQ(ids(places_in_part(inside, {5, 0}, "south")), (std::vector<std::string>{"p3", "p2", "p1", "p0"}));
  EXPECT_TRUE(places_in_part(inside, {5, 0}, "centre").empty());
  EXPECT_TRUE(places_in_part({}, {5, 0}, "north").empty());
}

TEST(Geo, PartsOfAnAreaIgnoreAnOutlyingIsland) {
  // Latitudes 0 to 19 and an island at 80: the 95th percentile is 19, so the north starts at
  // 1 + 0.6 * 18 = 11.8, not at the island.
  std::vector<Place> places;
  for (int lat = 0; lat < 20; ++lat) places.push_back(place(numbered(lat), lat, 0));
  places.push_back(place("island", 80, 0));
  std::vector<const Place*> inside;
  for (const auto& p : places) inside.push_back(&p);
  const auto north = places_in_part(inside, {10, 0}, "north");
  ASSERT_EQ(north.size(), 9u);
  EXPECT_EQ(north.front().place->id, "p12");
  EXPECT_EQ(north.back().place->id, "island");
}

TEST(Geo, NortheastIsNorthAndEast) {
  // A five by five grid: the north and the east each keep the two outer rows (cut at 2.4).
  std::vector<Place> places;
  for (int lat = 0; lat < 5; ++lat)
    for (int lon = 0; lon < 5; ++lon)
      places.push_back(place(std::to_string(lat).append(",").append(std::to_string(lon)), lat, lon));
  std::vector<const Place*> inside;
  for (const auto& p : places) inside.push_back(&p);
  const auto ne = places_in_part(inside, {2, 2}, "northeast");
  EXPECT_EQ(ids(ne), (std::vector<std::string>{"3,3", "3,4", "4,3", "4,4"}));
  EXPECT_EQ(places_in_part(inside, {2, 2}, "west").size(), 10u);
}

}  // namespace
}  // namespace sitrep
