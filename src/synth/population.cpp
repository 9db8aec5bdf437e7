// Families, their members and their addresses.
#include <algorithm>
#include <array>
#include <cmath>

#include "synth/build.h"
#include "synth/names.h"

namespace kith::synth {
namespace {

constexpr int kDaysPerYear = 365;

// England's school-age population by ethnicity, roughly (SSDA903 codes).
constexpr std::array<std::string_view, 18> kEthnicities = {"WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH",
                                                           "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH"};
constexpr std::array<double, 18> kEthnicityWeights = {70, 0.3, 6, 0.1, 0.5, 1.5, 0.8, 1.5, 1.7, 2.7, 3.5, 1.5, 1.5, 0.8, 3.5, 0.6, 0.5, 2};

constexpr std::array<std::string_view, 8> kDisabilities = {"AUT", "LD", "COMM", "BEH", "MOB", "HEAR", "VIS", "PC"};
constexpr std::array<double, 8> kDisabilityWeights = {35, 20, 15, 12, 8, 4, 3, 3};

// Children per family: most families have one or two.
constexpr std::array<double, 5> kFamilySize = {42, 38, 14, 5, 1};

void assign_postcode_localities(Council& c) {
  c.postcode_locality.assign(c.postcodes.size(), 0);
  for (int l = 0; l < int(c.localities.size()); ++l)
    for (int p : c.localities[std::size_t(l)].postcodes) c.postcode_locality[std::size_t(p)] = l;
}

// The school a child attends on the last day of the data: a primary of the
// locality at 4-10, a secondary at 11-17.
std::optional<Id> school_for(const LocalityArea& loc, int age, Rng& rng) {
  const auto& list = age >= 11 ? loc.secondaries : loc.primaries;
  if (age < 4 || age > 17 || list.empty()) return std::nullopt;
  return list[std::size_t(rng.between(0, int(list.size()) - 1))];
}

Person make_person(Council& c, IdSequences& ids, Rng& rng, char sex, std::string_view surname_, Date birth, int family) {
  Person p;
  p.id = ids.person++;
  p.sex = sex;
  p.forename = forename(rng, sex);
  p.surname = surname_;
  p.birth = birth;
  p.family = family;
  return p;
}

void add_children(Council& c, IdSequences& ids, Rng& rng, Family& f, int family_index, Date first_birth, Date from,
                  std::string_view ethnicity, std::string_view surname_) {
  int count = int(rng.pick(kFamilySize)) + 1;
  Date birth = first_birth;
  const auto& loc = c.localities[std::size_t(f.locality)];
  for (int i = 0; i < count && birth <= c.window.until; ++i) {
    if (birth >= from) {
      Person child = make_person(c, ids, rng, rng.chance(0.512) ? 'M' : 'F', surname_, birth, family_index);
      child.child = true;
      child.ethnicity = ethnicity;
      if (rng.chance(0.03)) child.disability = kDisabilities[rng.pick(kDisabilityWeights)];
      child.address_id = f.address_id;
      int age = c.window.until.years_since(birth);
      child.school_id = school_for(loc, age, rng);
      child.has_upn = child.school_id.has_value();
      f.children.push_back(int(c.people.size()));
      c.people.push_back(child);
    }
    birth = birth.plus_days(int(rng.lognormal(2.6, 0.35) * kDaysPerYear));
  }
}

}  // namespace

void build_population(Council& c, IdSequences& ids, std::int64_t children, Rng& rng) {
  assign_postcode_localities(c);
  // Born evenly from 21 years before the window (care leavers are followed
  // to 21) to its end: `children` of them aged 0-17 on any day.
  Date from = c.window.window_start.plus_days(-21 * kDaysPerYear);
  double span_years = double(c.window.until - from) / kDaysPerYear;
  auto target = std::int64_t(std::llround(double(children) * span_years / 18.0));
  std::int64_t made = 0;
  // First-borns start 15 years early so that, after later siblings, births
  // are as frequent at the start of the span as at its end.
  int first_span = (c.window.until - from) + 15 * kDaysPerYear;
  while (made < target) {
    Family f;
    f.id = ids.family++;
    int postcode = rng.between(0, int(c.postcodes.size()) - 1);
    f.locality = c.postcode_locality[std::size_t(postcode)];
    const auto& loc = c.localities[std::size_t(f.locality)];
    f.hub_id = loc.hubs[std::size_t(rng.between(0, int(loc.hubs.size()) - 1))];
    f.risk = rng.chance(0.72) ? 0.3 : rng.chance(0.75) ? 1.8 : 5.5;
    c.addresses.push_back({ids.address++, postcode, f.locality});
    f.address_id = c.addresses.back().id;
    int family_index = int(c.families.size());
    std::string_view family_surname = surname(rng);
    f.name = std::string(family_surname) + " family";
    auto ethnicity = kEthnicities[rng.pick(kEthnicityWeights)];
    Date first_birth = from.plus_days(-15 * kDaysPerYear + rng.between(0, first_span));
    add_children(c, ids, rng, f, family_index, first_birth, from, ethnicity, family_surname);
    if (f.children.empty()) {  // every child born outside the span: no family to keep
      ids.family--, ids.address--, c.addresses.pop_back();
      continue;
    }
    made += std::int64_t(f.children.size());
    bool lone_parent = rng.chance(0.25);
    Date mother_birth = first_birth.plus_days(-int(rng.between(19, 40) * kDaysPerYear + rng.between(0, 364)));
    Person mother = make_person(c, ids, rng, 'F', family_surname, mother_birth, family_index);
    mother.ethnicity = ethnicity, mother.address_id = f.address_id;
    f.parents.push_back(int(c.people.size()));
    c.people.push_back(mother);
    if (!lone_parent) {
      Person father = make_person(c, ids, rng, 'M', rng.chance(0.8) ? family_surname : surname(rng),
                                  mother_birth.plus_days(rng.between(-6, 2) * kDaysPerYear), family_index);
      father.ethnicity = ethnicity, father.address_id = f.address_id;
      f.parents.push_back(int(c.people.size()));
      c.people.push_back(father);
    }
    c.families.push_back(std::move(f));
  }
}

}  // namespace kith::synth
