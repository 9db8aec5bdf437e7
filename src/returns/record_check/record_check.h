// Validate as you record (issue 5 item 6): the DfE rules that concern one
// child, run over that child's part of the current collection year's SSDA903
// and CIN census, as projected from the case record, with each finding mapped
// to the form and field where a practitioner records the value at fault.
//
// One child (on every save: the child record page) or many at once (a team's
// data-quality page: one projection for all of them, not one per child).
// Rules that compare children with each other (duplicate ids or UPNs,
// whole-return counts) say nothing about one child and are left out; see
// one_child_rule() and docs/RETURNS_903.md, "Checks as you record".
//
// Thread-safety: a ReturnChecks is immutable once loaded and may be shared by
// every thread; each call reads only the Database it is given (one thread at a
// time, as every Database).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "returns/finding.h"
#include "returns/projection/collection_year.h"
#include "store/database.h"

namespace kith::returns::record_check {

using PersonId = std::int64_t;

// Where a practitioner records the value a rule is about: a statutory form of
// the child (src/web/pages_statutory.cpp) and the id of its field, which is the
// link's anchor. No form (Header details, referral) means the child's record.
struct FixAt {
  std::string form;   // the form's slug, e.g. "placement"; empty: the child's record
  std::string field;  // the field's id on that form, e.g. "placement_start"; or a record section id
  std::string label;  // what the field is called there, e.g. "Date the new placement started"
};

// The link for a child: "/children/3/statutory/placement#placement_start", or
// "/children/3#summary" when no form records the value.
std::string fix_href(PersonId person, const FixAt& at);

// Where the value at fault is recorded, from the return's table and column
// (903 column names, CIN element names); the child's summary when Kith has no form for it.
FixAt fix_for(ReturnKind kind, std::string_view table, std::string_view column);

// One rule a child's record breaks, once per rule and field however many rows show it.
struct RecordFinding {
  ReturnKind kind = ReturnKind::kSsda903;
  std::string rule;     // the DfE code, e.g. "8736", "103"
  Severity severity = Severity::kError;  // kQuery: the DfE asks the council to check, not an error
  std::string message;  // the DfE's message from the rule catalogue
  std::string table;    // e.g. "Assessments", "Episodes"
  std::string column;   // the field at fault when known
  FixAt fix;
};

// "SSDA903" or "CIN census".
std::string_view collection_name(ReturnKind kind);

// The collection year whose returns a save is checked against: the one (1 April
// to 31 March) that contains today.
projection::CollectionYear collection_year_of(Date today);

// True unless the rule's verdict on a child depends on other children (a
// duplicate id or UPN, a whole-return count or mix): those are not run per
// child. Rules that need the previous year's return (*_last tables) find no
// such tables here and flag nothing; docs/RETURNS_903.md lists both.
bool one_child_rule(ReturnKind kind, std::string_view rule);

class ReturnChecks {
 public:
  // Loads the 903 and CIN rule catalogues, code lists and the postcode index
  // (mapped from its cache) from Kith's data folder. Errors name the missing file.
  static Result<ReturnChecks> load(const std::string& data_dir);

  // The one-child rules the child's record breaks in the year containing today,
  // errors first, then by return and rule. Empty when the child is in neither return.
  Result<std::vector<RecordFinding>> check_child(store::Database& db, PersonId person, Date today) const;

  // The same for many children with one projection of them all; children with
  // no finding are absent from the map.
  Result<std::map<PersonId, std::vector<RecordFinding>>> check_children(store::Database& db, const std::vector<PersonId>& people,
                                                                        Date today) const;

  ReturnChecks(ReturnChecks&&) noexcept;
  ReturnChecks& operator=(ReturnChecks&&) noexcept;
  ~ReturnChecks();

 private:
  struct Loaded;
  explicit ReturnChecks(std::unique_ptr<Loaded> loaded);
  std::unique_ptr<Loaded> loaded_;
};

}  // namespace kith::returns::record_check
