// Retention: removing the records of children the council no longer needs to
// keep, by a named rule, after showing what would go.
//
// Rules (docs/OPERATIONS.md, "Retention"):
//   never-looked-after  a child never looked after, with no open CIN episode or
//                       CP plan, whose Nth birthday has passed (council policy:
//                       25 years, i.e. --older-than 25y)
//   looked-after        a child who was looked after, every period ended, whose
//                       Nth birthday has passed (statutory: 75 years)
// A person who is also a parent or carer in a family is never removed.
// Everything that belongs to a removed child goes with them: rows whose
// NOT NULL foreign key leads to a removed row (found from the schema's
// foreign keys, so new tables are covered); rows that only point at them
// through a nullable key are kept and unlinked (set to NULL), except notes
// about the child (partner_note).
//
// Thread-safety: stateless; each call uses the Database it is given.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::lifecycle {

enum class RetentionRule { kNeverLookedAfter, kLookedAfter };

struct RetentionRequest {
  RetentionRule rule = RetentionRule::kNeverLookedAfter;
  int older_than_years = 25;  // the birthday after which the record may go
  Date today;
};

struct RetentionPlan {
  std::vector<std::int64_t> children;             // person ids: for the terminal only, never logged
  std::map<std::string, std::int64_t> deletions;  // table -> rows to delete
  std::map<std::string, std::int64_t> unlinks;    // "table.column" -> rows whose link is set to NULL
  std::int64_t total_rows() const;
};

// Parses "never-looked-after" / "looked-after"; the error lists the rules.
Result<RetentionRule> parse_rule(const std::string& name);
std::string rule_name(RetentionRule rule);
// Parses "25y" (years); the error says what is expected.
Result<int> parse_years(const std::string& text);

// What the rule would remove today. Reads only.
Result<RetentionPlan> plan_retention(store::Database& db, const RetentionRequest& request);

// Removes what plan_retention finds, in one transaction with one audit entry
// (action "delete", entity "retention", the rule and counts as the reason;
// no child ids). Returns the plan that was applied.
Result<RetentionPlan> apply_retention(store::Database& db, const store::WriteContext& ctx, const RetentionRequest& request);

}  // namespace kith::lifecycle
