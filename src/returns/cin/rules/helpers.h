// Small tools the rule families share: keys that link the tables (child,
// CIN episode, plan), grouping rows by key, and value tests.
//
// Thread-safety: pure functions.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "returns/cin/rule.h"

namespace kith::returns::cin::rules {

// The cells of the columns, joined: the key a row links by. A missing
// column contributes an empty part, so tables without CINdetailsID link by child.
std::string key(const Table& t, std::size_t row, std::initializer_list<std::string_view> columns);
inline std::string child_key(const Table& t, std::size_t row) { return key(t, row, {"LAchildID"}); }
inline std::string episode_key(const Table& t, std::size_t row) { return key(t, row, {"LAchildID", "CINdetailsID"}); }

// Row positions by key, in row order.
using Groups = std::unordered_map<std::string, std::vector<std::size_t>>;
Groups group_rows(const Table& t, std::initializer_list<std::string_view> columns);

// ReferralNFA: the schema's 1/0, and the true/false spellings files still carry.
inline bool is_yes(std::optional<std::string_view> v) { return v == "1" || v == "true" || v == "True" || v == "TRUE"; }
inline bool is_no(std::optional<std::string_view> v) { return v == "0" || v == "false" || v == "False" || v == "FALSE"; }

// The ChildIdentifiers row of each LA child id.
std::unordered_map<std::string_view, std::size_t> child_rows(const Census& c);

// How a family's spans meet: whether an open span runs on (else it is not
// compared) and whether a span starting on another's last day overlaps it.
struct SpanRules {
  bool open_runs_on = false;
  bool touching_overlaps = false;
};

// Flags pairs of rows in a group (same key) where B starts while A runs
// (A.start <= B.start < A.end, or <= with touching_overlaps). Flags A's start
// and end and B's start.
void flag_overlaps(const Table& t, std::string_view table, std::initializer_list<std::string_view> group_by,
                   std::string_view start, std::string_view end, Flags& flags, SpanRules spans = {});

// The rows of a table for each CIN episode (LAchildID, CINdetailsID).
inline Groups by_episode(const Table& t) { return group_rows(t, {"LAchildID", "CINdetailsID"}); }

// Flags each row of `table` whose `date` is before its episode's
// CINreferralDate, with that referral date (e.g. an assessment starting
// before the referral).
void flag_before_referral(const Census& c, std::string_view table, std::string_view date, Flags& flags);

}  // namespace kith::returns::cin::rules
