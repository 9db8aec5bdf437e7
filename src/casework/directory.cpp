#include "casework/directory.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "casework/routing.h"

namespace kith::casework {
namespace {

struct OfferLabel {
  std::string_view key, label;
};
constexpr OfferLabel kOfferLabels[] = {{"parenting", "Parenting support"},
                                       {"early_years", "Early years and stay and play"},
                                       {"health_visiting", "Health visiting and child health clinics"},
                                       {"infant_feeding", "Infant feeding support"},
                                       {"send", "Special educational needs and disabilities (SEND)"},
                                       {"mental_health", "Emotional wellbeing and mental health"},
                                       {"domestic_abuse", "Domestic abuse support"},
                                       {"money_housing", "Money, debt and housing advice"},
                                       {"youth", "Youth services"}};

constexpr const char* kColumns =
    "SELECT s.id, s.family_hub_id, s.name, s.description, s.address, s.postcode, s.opening_times, coalesce(s.phone, ''), "
    "coalesce(s.email, ''), coalesce(s.website, ''), s.easting, s.northing FROM directory_service s ";

DirectoryService read(const store::Statement& s) {
  DirectoryService d;
  d.id = s.int64(0), d.family_hub_id = s.opt_int64(1), d.name = s.text(2), d.description = s.text(3), d.address = s.text(4);
  d.postcode = s.text(5), d.opening_times = s.text(6), d.phone = s.text(7), d.email = s.text(8), d.website = s.text(9);
  if (!s.is_null(10) && !s.is_null(11)) d.easting = long(s.int64(10)), d.northing = long(s.int64(11));
  return d;
}

// Offers and outreach venues for the listed services, two queries in all.
Status add_details(store::Database& db, std::vector<DirectoryService>& services) {
  std::map<Id, DirectoryService*> by_id;
  for (auto& s : services) by_id[s.id] = &s;
  KITH_RETURN_IF_ERROR(db.run("SELECT service_id, offer FROM directory_offer ORDER BY service_id, offer", {}, [&](const store::Statement& s) {
    if (auto it = by_id.find(s.int64(0)); it != by_id.end()) it->second->offers.push_back(s.text(1));
  }));
  return db.run("SELECT service_id, name, address, postcode, sessions FROM outreach_venue ORDER BY service_id, id", {},
                [&](const store::Statement& s) {
                  if (auto it = by_id.find(s.int64(0)); it != by_id.end())
                    it->second->outreach.push_back({s.text(1), s.text(2), s.text(3), s.text(4)});
                });
}

constexpr double kMetresPerMile = 1609.344;

}  // namespace

std::string_view offer_label(std::string_view offer) {
  for (const OfferLabel& o : kOfferLabels)
    if (o.key == offer) return o.label;
  return {};
}

Result<DirectoryResult> search_directory(store::Database& db, const DirectoryQuery& q) {
  DirectoryResult out;
  std::string sql = kColumns;
  std::vector<store::Value> params;
  if (!q.offer.empty()) {
    sql += "WHERE s.id IN (SELECT service_id FROM directory_offer WHERE offer = ?) ";
    params.push_back(q.offer);
  }
  sql += "ORDER BY s.name, s.id";
  KITH_RETURN_IF_ERROR(db.run(sql, params, [&](const store::Statement& s) { out.services.push_back(read(s)); }));
  KITH_RETURN_IF_ERROR(add_details(db, out.services));
  if (q.postcode.empty()) return out;
  auto home = locate_postcode(db, q.postcode);
  if (!home) return home.status();
  if (!*home) return out;
  out.postcode_found = true;
  for (auto& s : out.services)
    if (s.easting && s.northing)
      s.distance_miles = std::hypot(double(*s.easting - (*home)->easting), double(*s.northing - (*home)->northing)) / kMetresPerMile;
  // Services with no grid reference go last; ties keep the order by name.
  std::stable_sort(out.services.begin(), out.services.end(), [](const DirectoryService& a, const DirectoryService& b) {
    if (a.distance_miles.has_value() != b.distance_miles.has_value()) return a.distance_miles.has_value();
    return a.distance_miles && *a.distance_miles < *b.distance_miles;
  });
  return out;
}

Result<DirectoryService> directory_service(store::Database& db, Id id) {
  std::vector<DirectoryService> found;
  KITH_RETURN_IF_ERROR(db.run(std::string(kColumns) + "WHERE s.id = ?", {id}, [&](const store::Statement& s) { found.push_back(read(s)); }));
  if (found.empty()) return Status::not_found("no directory service with id " + std::to_string(id));
  KITH_RETURN_IF_ERROR(add_details(db, found));
  return found.front();
}

}  // namespace kith::casework
