// The synthetic council's family services directory (see directory.h).
#include "synth/directory.h"

#include <string>
#include <vector>

#include "model/random.h"
#include "store/audited_write.h"  // next_id
#include "synth/names.h"

namespace kith::synth {
namespace {

struct Entry {
  std::optional<Id> hub;
  std::string name, description, address, postcode;
  std::int32_t easting = 0, northing = 0;
  std::string opening, phone, email;
  std::vector<std::string> offers;
  struct Venue {
    std::string name, address, postcode, sessions;
  };
  std::vector<Venue> venues;
};

constexpr const char* kStreets[] = {"Road", "Street", "Lane", "Avenue", "Way", "Close"};
constexpr const char* kHubHours[] = {"Monday to Friday 9am to 5pm", "Monday to Friday 8:30am to 5pm, Saturday 10am to 1pm",
                                     "Monday to Thursday 9am to 6pm, Friday 9am to 4:30pm"};
constexpr const char* kSessions[] = {"Stay and play, Tuesdays 10am to 11:30am", "Baby clinic, Wednesdays 1:30pm to 3:30pm",
                                     "Parenting drop-in, Thursdays 9:30am to 11am", "Youth drop-in, Fridays 4pm to 6pm"};

struct CouncilService {
  const char* name;
  const char* description;
  const char* opening;
  std::vector<std::string> offers;
};

const CouncilService kCouncilServices[] = {
    {"Healthy Minds", "Emotional wellbeing and mental health support for children, young people and parents.",
     "Monday to Friday 9am to 5pm", {"mental_health", "youth"}},
    {"Safe at Home", "Confidential support for families affected by domestic abuse, including safety planning.",
     "Monday to Friday 9am to 5pm; helpline every day 8am to 8pm", {"domestic_abuse"}},
    {"Money and Housing Advice", "Help with debt, benefits, budgeting and keeping a home.", "Monday, Wednesday and Friday 10am to 4pm",
     {"money_housing"}},
    {"SEND Information, Advice and Support", "Impartial advice for families of children with special educational needs and disabilities.",
     "Monday to Friday 9:30am to 4:30pm", {"send", "parenting"}},
};

std::string street(Rng& rng) {
  return std::to_string(rng.between(1, 120)) + " " + std::string(place_word(rng)) + " " + kStreets[rng.between(0, 5)];
}

std::string slug(const std::string& name) {
  std::string s;
  for (char ch : name)
    if (std::isalnum(static_cast<unsigned char>(ch))) s += char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

const Postcode* find_postcode(const Council& c, const std::string& text) {
  for (const Postcode& p : c.postcodes)
    if (p.text() == text) return &p;
  return nullptr;
}

std::vector<Entry> hub_entries(const Council& c, Rng& rng) {
  std::vector<Entry> out;
  for (const LocalityArea& loc : c.localities)
    for (std::size_t h = 0; h < loc.hubs.size(); ++h) {
      Entry e;
      e.hub = loc.hubs[h];
      e.name = loc.hub_names[h];
      e.description = "Family hub for " + loc.name + ": support for families with children from pregnancy to 19 (25 with SEND).";
      e.postcode = loc.hub_postcodes[h];
      e.address = street(rng) + ", " + loc.name;
      if (const Postcode* p = find_postcode(c, e.postcode)) e.easting = p->easting, e.northing = p->northing;
      e.opening = kHubHours[rng.between(0, 2)];
      e.phone = "0300 555 " + std::to_string(rng.between(1000, 9999));
      e.email = slug(e.name) + "@familyhub.example";
      e.offers = {"parenting", "early_years", "health_visiting", "infant_feeding"};
      if (rng.chance(0.5)) e.offers.push_back("youth");
      // Outreach at two of the locality's schools, where there are schools.
      int venues = 0;
      for (const School& s : c.schools) {
        if (venues == 2) break;
        bool in_locality = false;
        for (const LearningCommunity& lc : c.learning_communities) in_locality |= lc.id == s.learning_community_id && lc.locality_id == loc.id;
        if (!in_locality || rng.chance(0.5)) continue;
        e.venues.push_back({s.name, street(rng) + ", " + loc.name, s.postcode, kSessions[rng.between(0, 3)]});
        ++venues;
      }
      out.push_back(std::move(e));
    }
  return out;
}

std::vector<Entry> council_entries(const Council& c, Rng& rng) {
  std::vector<Entry> out;
  if (c.postcodes.empty()) return out;
  for (const CouncilService& s : kCouncilServices) {
    const Postcode& p = c.postcodes[std::size_t(rng.between(0, int(c.postcodes.size()) - 1))];
    Entry e;
    e.name = s.name, e.description = s.description, e.opening = s.opening, e.offers = s.offers;
    e.postcode = p.text(), e.easting = p.easting, e.northing = p.northing;
    e.address = street(rng);
    e.phone = "0300 555 " + std::to_string(rng.between(1000, 9999));
    e.email = slug(e.name) + "@council.example";
    out.push_back(std::move(e));
  }
  return out;
}

Status insert(store::Database& db, const Entry& e) {
  auto id = store::next_id(db, "directory_service");
  if (!id) return id.status();
  KITH_RETURN_IF_ERROR(db.run(
      "INSERT INTO directory_service (id, family_hub_id, name, description, address, postcode, easting, northing, opening_times, phone, email, website) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,NULL)",
      {*id, store::opt(e.hub), e.name, e.description, e.address, e.postcode, std::int64_t(e.easting), std::int64_t(e.northing), e.opening,
       e.phone, e.email}));
  for (const std::string& o : e.offers) KITH_RETURN_IF_ERROR(db.run("INSERT INTO directory_offer (service_id, offer) VALUES (?,?)", {*id, o}));
  for (const Entry::Venue& v : e.venues) {
    auto vid = store::next_id(db, "outreach_venue");
    if (!vid) return vid.status();
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO outreach_venue (id, service_id, name, address, postcode, sessions) VALUES (?,?,?,?,?,?)",
                                {*vid, *id, v.name, v.address, v.postcode, v.sessions}));
  }
  return Status::ok();
}

}  // namespace

Status write_directory(store::Database& db, const Council& c, std::uint64_t seed) {
  Rng rng(seed, hash_text("directory:" + c.authority.la_code));
  std::vector<Entry> entries = hub_entries(c, rng);
  for (Entry& e : council_entries(c, rng)) entries.push_back(std::move(e));
  for (const Entry& e : entries) KITH_RETURN_IF_ERROR(insert(db, e));
  return Status::ok();
}

}  // namespace kith::synth
