// The collection year of a statutory return (1 April to 31 March) and the
// identifiers every projection shares: the council's child id for a person.
//
// Thread-safety: plain values; load_child_ids reads the Database it is given.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::returns::projection {

struct Query;  // reader.h
class Reader;

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

// SQL text with the values of its '?' placeholders, in order, so that a
// query's pieces (a filter, a child scope) carry their own values; + joins
// pieces, text and values alike.
struct Sql {
  std::string text;
  std::vector<store::Value> params;
};
Sql operator+(Sql a, const Sql& b);
Sql operator+(Sql a, std::string_view b);
Sql operator+(std::string_view a, Sql b);

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
  // The child scope. A short list of people (one child, a team: at most kInSql)
  // is scoped: every read of a projection names them in its WHERE, so one
  // child's projection reads that child's rows only (through the person_id
  // indexes, migrations 0001, 0012 and 0016) whatever the size of the store. A
  // council is not scoped: its reads take whole tables and covers() picks the
  // rows in memory. The ids are bound to '?' placeholders, ascending, so the
  // SQL text depends only on how many people there are (one child's page runs
  // the same statements whatever the child: a statement cache keeps them).
  static constexpr std::size_t kInSql = 2000;
  bool scoped() const { return !all && !ids.empty() && ids.size() <= kInSql; }
  // Scoped: " AND column IN (?, ...)" with the ids; else nothing.
  Sql only(std::string_view column) const;
  // Scoped: " WHERE column IN (?, ...)", for a query with no WHERE of its own; else nothing.
  Sql where(std::string_view column) const;
  // Scoped: " AND entity_id IN (SELECT <id> FROM <from> WHERE <person> IN (?, ...))",
  // a return_field read narrowed to the records (periods, placements, episodes
  // ...) of the people; else nothing. from holds the joins, e.g. "placement l JOIN
  // cla_period p ON p.id = l.cla_period_id" with id "l.id" and person "p.person_id".
  Sql records_of(std::string_view id, std::string_view from, std::string_view person) const;
};
Result<CouncilPeople> council_people(store::Database& db, const std::string& la);

// The id a return carries for each person: the LAchildID kept from the
// council's previous system (return_field), else the Kith person id.
// Only persons with a kept id are in the map; use child_id() to read it.
// With people given, only their ids are read (a scoped projection, above).
using ChildIds = std::unordered_map<std::int64_t, std::string>;
Result<ChildIds> load_child_ids(store::Database& db);
Result<ChildIds> load_child_ids(store::Database& db, const CouncilPeople& people);
Result<ChildIds> load_child_ids(const Reader& reads, const CouncilPeople& people);
// That query (entity_id, value), for reading ahead (reader.h).
Query child_ids_query(const CouncilPeople& people);
std::string child_id(const ChildIds& ids, std::int64_t person_id);

// What a previous system reported and the case record keeps as it was
// (return_field): entity id -> field -> value, for one kind of record.
using KeptFields = std::unordered_map<std::int64_t, std::map<std::string, std::string>>;

// One kind of record whose kept fields a projection reads: the entity
// ("person", "placement" ...), the narrowing to the people's records
// (CouncilPeople::only or records_of; nothing for a council) and where they go.
struct KeptFieldsOf {
  std::string entity;
  Sql records;
  KeptFields* into;
};

// Reads the kept fields of every kind given in one query: one round trip
// however many kinds (none when the reader read the query ahead). Errors: the database's.
Status load_kept_fields(store::Database& db, const std::vector<KeptFieldsOf>& kinds);
Status load_kept_fields(const Reader& reads, const std::vector<KeptFieldsOf>& kinds);
// That query (entity, entity_id, field, value), for reading ahead; kinds must not be empty.
Query kept_fields_query(const std::vector<KeptFieldsOf>& kinds);

// The child ids among a projection's person fields (their LAchildID): what
// load_child_ids reads, without reading it again.
ChildIds child_ids_of(const KeptFields& person_fields);

}  // namespace kith::returns::projection
