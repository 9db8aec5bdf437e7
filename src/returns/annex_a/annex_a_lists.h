// Internal to src/returns/annex_a: the record facts every list shares (who the
// child is, who holds the case) and one builder per list.
//
// Thread-safety: as annex_a.h; a Record is read by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "returns/annex_a/annex_a.h"
#include "returns/projection/collection_year.h"

namespace kith::returns::annex_a::detail {

struct Person {
  std::string sex, ethnicity, disability;
  std::optional<Date> birth;
  bool uasc = false;
};

struct Allocation {
  std::string team, worker;
};

// What the list builders share: the council's people, their ids, the
// allocation open on the inspection date, and the windows.
struct Record {
  store::Database& db;
  Date inspection, from6, from12;
  projection::CouncilPeople council;
  projection::ChildIds ids;
  std::unordered_map<std::int64_t, Person> people;
  std::unordered_map<std::int64_t, Allocation> allocated;  // allocated social worker at the inspection date
  std::unordered_map<std::int64_t, std::string> worker_names;

  bool covers(std::int64_t person) const { return council.covers(person) && people.count(person) > 0; }
  // Child Unique ID, Gender, Ethnicity, Date of Birth, Age (the five leading columns).
  std::vector<Cell> leading(std::int64_t person) const;
  Cell disabled(std::int64_t person) const;
  void allocation(std::vector<Cell>& row, std::int64_t person) const;  // Allocated Team, Allocated Worker
};

Result<Record> load_record(store::Database& db, Date inspection, const std::string& la);

inline Cell yes_no(bool b) { return std::string(b ? "Y" : "N"); }
inline Cell opt_date(const std::optional<Date>& d) { return d ? Cell(*d) : Cell(); }
inline Cell opt_text(const std::optional<std::string>& s) { return s && !s->empty() ? Cell(*s) : Cell(); }

Result<List> contacts(Record& r);
Result<List> early_help(Record& r);
Result<List> referrals(Record& r);
Result<List> assessments(Record& r);
Result<List> section47s(Record& r);
Result<List> children_in_need(Record& r);
Result<List> child_protection(Record& r);
Result<List> children_in_care(Record& r);
Result<List> care_leavers(Record& r);
Result<List> adoption(Record& r);
Result<List> adopters(Record& r);

}  // namespace kith::returns::annex_a::detail
