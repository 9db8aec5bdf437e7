// The collection year of a statutory return (1 April to 31 March) and the
// identifiers every projection shares: the council's child id for a person.
//
// Thread-safety: plain values; load_child_ids reads the Database it is given.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "model/date.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::returns::projection {

struct CollectionYear {
  int end_year = 0;  // 2026 for 2025/26
  Date start() const { return Date::ymd(end_year - 1, 4, 1); }
  Date end() const { return Date::ymd(end_year, 3, 31); }
  bool contains(Date d) const { return d >= start() && d <= end(); }
  // A span [from, to] (to open when nullopt) that touches the year.
  bool touches(Date from, std::optional<Date> to) const { return from <= end() && (!to || *to >= start()); }
  std::string label() const;  // "2025/26"
  // "2025/26" -> 2026; nullopt unless the two years follow each other.
  static std::optional<CollectionYear> parse(const std::string& text);
};

// The id a return carries for each person: the LAchildID kept from the
// council's previous system (return_field), else the Kith person id.
// Only persons with a kept id are in the map; use child_id() to read it.
using ChildIds = std::unordered_map<std::int64_t, std::string>;
Result<ChildIds> load_child_ids(store::Database& db);
std::string child_id(const ChildIds& ids, std::int64_t person_id);

// The people a council's return covers. A database may hold several councils
// (kith synth --councils): then people are the council's by their address's
// locality. With one council (or an imported record, whose people have no
// address) every person is covered: all = true. la is the E-code or the 3-digit
// code; "" is allowed, and la is not checked, when the database holds at most
// one council (an imported record may hold its previous system's codes only).
struct CouncilPeople {
  bool all = false;
  std::unordered_set<std::int64_t> ids;
  std::string la_code, ons_code;  // of the council, when the database has one
  bool covers(std::int64_t person) const { return all || ids.count(person) > 0; }
  // For a short list of people (one child, a team: at most kInSql), " AND column
  // IN (ids)", so that a projection's queries read only their rows; "" for a
  // council, whose rows covers() picks in memory. Ids are numbers, never text.
  static constexpr std::size_t kInSql = 2000;
  std::string only(std::string_view column) const;
};
Result<CouncilPeople> council_people(store::Database& db, const std::string& la);

}  // namespace kith::returns::projection
