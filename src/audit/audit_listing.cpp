#include "audit/audit_listing.h"

#include <set>
#include <utility>

namespace kith::audit {
namespace {

// For each kind of record, the ids (as text, as the log keeps them) of the
// records that belong to one child: their own, their episodes' and periods'
// records, and their family's early help. A new kind of record about a child
// needs its line here, or --person will not list it.
struct Belongs {
  std::string entity;
  std::string sql;  // one '?' parameter: the person id
};

std::vector<Belongs> belongs_to_child() {
  const std::string families = "(SELECT family_id FROM family_member WHERE person_id = ?)";
  std::vector<Belongs> out = {
      {"person", "SELECT CAST(id AS TEXT) FROM person WHERE id = ?"},
      {"family", "SELECT CAST(family_id AS TEXT) FROM family_member WHERE person_id = ?"},
      {"care_leaver_contact",
       "SELECT CAST(x.id AS TEXT) FROM care_leaver_contact x JOIN care_leaver c ON c.id = x.care_leaver_id WHERE c.person_id = ?"},
      {"conversation", "SELECT CAST(x.id AS TEXT) FROM conversation x JOIN contact c ON c.id = x.contact_id WHERE c.person_id = ?"},
  };
  for (const char* t : {"cin_episode", "cp_plan", "cla_period", "involvement", "visit", "health_check", "missing_episode", "care_leaver",
                        "contact", "authorisation", "child_voice", "service_feedback", "partner_note", "ehcp"})
    out.push_back({t, std::string("SELECT CAST(id AS TEXT) FROM ") + t + " WHERE person_id = ?"});
  for (const char* t : {"assessment", "cin_plan", "strategy_discussion", "section47", "conference"})
    out.push_back({t, std::string("SELECT CAST(x.id AS TEXT) FROM ") + t + " x JOIN cin_episode e ON e.id = x.cin_episode_id WHERE e.person_id = ?"});
  for (const char* t : {"placement", "legal_status", "cla_review"})
    out.push_back({t, std::string("SELECT CAST(x.id AS TEXT) FROM ") + t + " x JOIN cla_period p ON p.id = x.cla_period_id WHERE p.person_id = ?"});
  for (const char* t : {"early_help_episode", "taf_member", "lead_professional", "routing"})
    out.push_back({t, std::string("SELECT CAST(id AS TEXT) FROM ") + t + " WHERE family_id IN " + families});
  for (const char* t : {"early_help_plan_item", "early_help_review"})
    out.push_back({t, std::string("SELECT CAST(x.id AS TEXT) FROM ") + t +
                          " x JOIN early_help_episode e ON e.id = x.early_help_episode_id WHERE e.family_id IN " + families});
  return out;
}

Result<std::set<std::pair<std::string, std::string>>> records_of(store::Database& db, std::int64_t person) {
  std::set<std::pair<std::string, std::string>> out;
  for (const Belongs& b : belongs_to_child())
    KITH_RETURN_IF_ERROR(db.run(b.sql, {person}, [&](const store::Statement& s) { out.insert({b.entity, s.text(0)}); }));
  return out;
}

}  // namespace

std::string purpose_of(const std::string& reason) {
  std::string p = reason.substr(0, reason.find(':'));
  while (!p.empty() && p.back() == ' ') p.pop_back();
  return p;
}

Result<std::vector<ListedEntry>> list_entries(store::Database& db, const ListFilter& filter) {
  std::set<std::pair<std::string, std::string>> mine;
  if (filter.person_id) {
    auto r = records_of(db, *filter.person_id);
    if (!r) return r.status();
    mine = std::move(*r);
  }
  // ISO timestamps compare as text, so "since" is a string comparison in SQL.
  std::string since = filter.since ? filter.since->iso() + "T00:00:00Z" : "";
  std::vector<ListedEntry> out;
  KITH_RETURN_IF_ERROR(db.run("SELECT seq, at, actor, action, entity, entity_id, reason FROM audit_entry WHERE at >= ? ORDER BY seq", {since},
                              [&](const store::Statement& s) {
                                if (filter.person_id && !mine.count({s.text(4), s.text(5)})) return;
                                out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), purpose_of(s.text(6))});
                              }));
  return out;
}

}  // namespace kith::audit
