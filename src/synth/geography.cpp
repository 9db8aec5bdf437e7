// Localities, family hubs, learning communities and schools on the
// council's real postcodes.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>

#include "synth/build.h"
#include "synth/names.h"

namespace kith::synth {
namespace {

struct Point {
  double e, n;
};

double distance2(const Postcode& p, const Point& c) {
  double de = p.easting - c.e, dn = p.northing - c.n;
  return de * de + dn * dn;
}

int nearest(const std::vector<Point>& centres, const Postcode& p) {
  int best = 0;
  for (int i = 1; i < int(centres.size()); ++i)
    if (distance2(p, centres[std::size_t(i)]) < distance2(p, centres[std::size_t(best)])) best = i;
  return best;
}

// k-means over a fixed sample of postcodes (postcodes stand in for
// households, so clusters come out of similar population), seeded k-means++
// style from the council's own random stream.
std::vector<Point> cluster_centres(const std::vector<Postcode>& pcs, int k, Rng& rng) {
  std::vector<const Postcode*> sample;
  std::size_t step = std::max<std::size_t>(1, pcs.size() / 20000);
  for (std::size_t i = 0; i < pcs.size(); i += step) sample.push_back(&pcs[i]);
  std::vector<Point> centres;
  const Postcode* first = sample[std::size_t(rng.between(0, int(sample.size()) - 1))];
  centres.push_back({double(first->easting), double(first->northing)});
  std::vector<double> weights(sample.size());
  while (int(centres.size()) < k) {
    for (std::size_t i = 0; i < sample.size(); ++i) weights[i] = distance2(*sample[i], centres[std::size_t(nearest(centres, *sample[i]))]);
    const Postcode* next = sample[rng.pick(weights)];
    centres.push_back({double(next->easting), double(next->northing)});
  }
  for (int iter = 0; iter < 12; ++iter) {
    std::vector<Point> sum(std::size_t(k), {0, 0});
    std::vector<int> count(std::size_t(k), 0);
    for (const Postcode* p : sample) {
      auto c = std::size_t(nearest(centres, *p));
      sum[c].e += p->easting, sum[c].n += p->northing, ++count[c];
    }
    for (std::size_t c = 0; c < centres.size(); ++c)
      if (count[c]) centres[c] = {sum[c].e / count[c], sum[c].n / count[c]};
  }
  return centres;
}

// "North", "South East", "Central": where the locality lies in the council.
std::string compass_name(const Point& c, const Point& middle, double spread) {
  double de = c.e - middle.e, dn = c.n - middle.n;
  if (std::hypot(de, dn) < 0.3 * spread) return "Central";
  static constexpr const char* kNames[] = {"East", "North East", "North", "North West", "West", "South West", "South", "South East"};
  double angle = std::atan2(dn, de);
  int sector = int(std::lround(angle / (std::numbers::pi / 4))) & 7;
  return kNames[sector];
}

void name_localities(Council& c, const std::vector<Point>& centres) {
  Point middle{0, 0};
  for (const auto& p : centres) middle.e += p.e / double(centres.size()), middle.n += p.n / double(centres.size());
  double spread = 0;
  for (const auto& p : centres) spread += std::hypot(p.e - middle.e, p.n - middle.n) / double(centres.size());
  std::set<std::string> used;
  for (std::size_t i = 0; i < centres.size(); ++i) {
    std::string name = compass_name(centres[i], middle, spread);
    for (int n = 2; used.count(name); ++n) name = compass_name(centres[i], middle, spread) + " " + std::to_string(n);
    used.insert(name);
    c.localities[i].name = name;
  }
}

int closest_postcode(const Council& c, const LocalityArea& loc, Point at) {
  int best = loc.postcodes.front();
  for (int i : loc.postcodes)
    if (distance2(c.postcodes[std::size_t(i)], at) < distance2(c.postcodes[std::size_t(best)], at)) best = i;
  return best;
}

// One hub at the middle of the locality; a second, in the far half, for
// localities larger than average (hubs are placed by population).
void place_hubs(Council& c, LocalityArea& loc, IdSequences& ids, Rng& rng, bool large) {
  Point centre{loc.easting, loc.northing};
  std::vector<Point> sites{centre};
  if (large) {
    Point far{0, 0};
    int n = 0;
    for (int i : loc.postcodes) {
      const auto& p = c.postcodes[std::size_t(i)];
      if (distance2(p, centre) > 4e6) far.e += p.easting, far.n += p.northing, ++n;
    }
    if (n > 0) sites.push_back({far.e / n, far.n / n});
  }
  for (const auto& site : sites) {
    loc.hubs.push_back(ids.hub++);
    loc.hub_names.push_back(std::string(place_word(rng)) + " Family Hub");
    loc.hub_postcodes.push_back(c.postcode_text(closest_postcode(c, loc, site)));
  }
}

// Primary schools of about 280 pupils and secondaries of about 900, grouped
// into learning communities around each secondary (1 to 3 per locality).
void place_schools(Council& c, LocalityArea& loc, IdSequences& ids, Rng& rng) {
  double pupils_per_phase = double(loc.children) * 7.0 / 18.0;
  int primaries = std::max(1, int(std::lround(pupils_per_phase / 280))),
      secondaries = std::max(1, int(std::lround(pupils_per_phase / 900)));
  int communities = std::clamp(secondaries, 1, 3);
  std::vector<Id> lc_ids;
  for (int i = 0; i < communities; ++i) {
    LearningCommunity lc{ids.learning_community++, loc.id, std::string(place_word(rng)) + " Learning Community"};
    lc_ids.push_back(lc.id);
    c.learning_communities.push_back(lc);
  }
  auto add_school = [&](int n, bool secondary) {
    School s{ids.school++, lc_ids[std::size_t(n % communities)], school_name(rng, secondary),
             secondary ? "secondary" : "primary",
             c.postcode_text(loc.postcodes[std::size_t(rng.between(0, int(loc.postcodes.size()) - 1))])};
    (secondary ? loc.secondaries : loc.primaries).push_back(s.id);
    c.schools.push_back(std::move(s));
  };
  for (int i = 0; i < secondaries; ++i) add_school(i, true);
  for (int i = 0; i < primaries; ++i) add_school(i, false);
}

}  // namespace

void build_geography(Council& c, IdSequences& ids, std::int64_t children, Rng& rng) {
  int k = int(std::clamp<std::int64_t>(4 + children / 60000, 4, 8));
  k = std::min<int>(k, int(c.postcodes.size()));
  auto centres = cluster_centres(c.postcodes, k, rng);
  c.localities.resize(std::size_t(k));
  for (int i = 0; i < int(c.postcodes.size()); ++i) c.localities[std::size_t(nearest(centres, c.postcodes[std::size_t(i)]))].postcodes.push_back(i);
  // A k-means cluster can end up empty on tiny councils; drop it.
  std::vector<Point> kept;
  std::vector<LocalityArea> areas;
  for (std::size_t i = 0; i < c.localities.size(); ++i)
    if (!c.localities[i].postcodes.empty()) kept.push_back(centres[i]), areas.push_back(std::move(c.localities[i]));
  c.localities = std::move(areas);
  name_localities(c, kept);
  double average = double(c.postcodes.size()) / double(c.localities.size());
  for (std::size_t i = 0; i < c.localities.size(); ++i) {
    auto& loc = c.localities[i];
    loc.id = ids.locality++;
    loc.easting = kept[i].e, loc.northing = kept[i].n;
    loc.children = children * std::int64_t(loc.postcodes.size()) / std::int64_t(c.postcodes.size());
    place_hubs(c, loc, ids, rng, double(loc.postcodes.size()) > 1.2 * average);
    place_schools(c, loc, ids, rng);
  }
}

}  // namespace kith::synth
