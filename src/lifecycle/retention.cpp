#include "lifecycle/retention.h"

#include <fmt/core.h>

#include <algorithm>
#include <set>


namespace kith::lifecycle {
namespace {

using store::Database;
using store::Value;

struct ForeignKey {
  std::string table;   // the referencing table
  std::string column;  // its column
  std::string target;  // the referenced table (its id)
  bool nullable = true;
};

struct Schema {
  std::set<std::string> with_id;  // tables that have an id column
  std::vector<ForeignKey> keys;
};

// Nullable links that still belong to the child: a partner's note about them.
bool owned_even_if_nullable(const ForeignKey& k) { return k.table == "partner_note" && k.column == "person_id"; }

Result<Schema> read_schema_sqlite(Database& db) {
  Schema s;
  std::vector<std::string> tables;
  KITH_RETURN_IF_ERROR(db.run("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", {},
                              [&](const store::Statement& r) { tables.push_back(r.text(0)); }));
  for (const std::string& t : tables) {
    std::map<std::string, bool> notnull;
    KITH_RETURN_IF_ERROR(db.run("SELECT name, \"notnull\" FROM pragma_table_info(?)", {t}, [&](const store::Statement& r) {
      notnull[r.text(0)] = r.int64(1) != 0;
    }));
    if (notnull.count("id")) s.with_id.insert(t);
    KITH_RETURN_IF_ERROR(db.run("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?)", {t}, [&](const store::Statement& r) {
      s.keys.push_back({t, r.text(0), r.text(1), !notnull[r.text(0)]});
    }));
  }
  return s;
}

Result<Schema> read_schema_postgres(Database& db) {
  Schema s;
  KITH_RETURN_IF_ERROR(db.run("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id'",
                              {}, [&](const store::Statement& r) { s.with_id.insert(r.text(0)); }));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT kcu.table_name, kcu.column_name, ccu.table_name, c.is_nullable "
      "FROM information_schema.table_constraints tc "
      "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema "
      "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema "
      "JOIN information_schema.columns c ON c.table_schema = kcu.table_schema AND c.table_name = kcu.table_name AND c.column_name = kcu.column_name "
      "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()",
      {}, [&](const store::Statement& r) { s.keys.push_back({r.text(0), r.text(1), r.text(2), r.text(3) == "YES"}); }));
  return s;
}

std::string placeholders(std::size_t n) {
  std::string p;
  for (std::size_t i = 0; i < n; ++i) p += i ? ",?" : "?";
  return p;
}

constexpr std::size_t kBatch = 400;

// Runs sql (with one "%IN%" for an id list) over ids in batches.
Status for_batches(Database& db, const std::string& sql, const std::vector<std::int64_t>& ids,
                   const std::function<void(const store::Statement&)>& on_row) {
  for (std::size_t at = 0; at < ids.size(); at += kBatch) {
    std::size_t n = std::min(kBatch, ids.size() - at);
    std::string q = sql;
    q.replace(q.find("%IN%"), 4, placeholders(n));
    std::vector<Value> params(ids.begin() + at, ids.begin() + at + n);
    KITH_RETURN_IF_ERROR(db.run(q, params, on_row));
  }
  return Status::ok();
}

Result<std::int64_t> count_in(Database& db, const std::string& sql, const std::vector<std::int64_t>& ids) {
  std::int64_t total = 0;
  KITH_RETURN_IF_ERROR(for_batches(db, sql, ids, [&](const store::Statement& r) { total += r.int64(0); }));
  return total;
}

Result<std::vector<std::int64_t>> candidates(Database& db, const RetentionRequest& req) {
  Date cutoff = req.today.plus_months(-12 * req.older_than_years);
  std::string sql =
      "SELECT p.id FROM person p WHERE p.birth_date IS NOT NULL AND p.birth_date <= ? "
      "AND (EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id) "
      "  OR EXISTS (SELECT 1 FROM contact k WHERE k.person_id = p.id) "
      "  OR EXISTS (SELECT 1 FROM cla_period l WHERE l.person_id = p.id) "
      "  OR EXISTS (SELECT 1 FROM family_member m WHERE m.person_id = p.id AND m.role = 'child')) "
      "AND NOT EXISTS (SELECT 1 FROM family_member m WHERE m.person_id = p.id AND m.role <> 'child') "
      "AND NOT EXISTS (SELECT 1 FROM cin_episode c WHERE c.person_id = p.id AND c.close_date IS NULL) "
      "AND NOT EXISTS (SELECT 1 FROM cp_plan c WHERE c.person_id = p.id AND c.end_date IS NULL) ";
  sql += req.rule == RetentionRule::kNeverLookedAfter
             ? "AND NOT EXISTS (SELECT 1 FROM cla_period l WHERE l.person_id = p.id) "
             : "AND EXISTS (SELECT 1 FROM cla_period l WHERE l.person_id = p.id) "
               "AND NOT EXISTS (SELECT 1 FROM cla_period l WHERE l.person_id = p.id AND l.end_date IS NULL) ";
  sql += "ORDER BY p.id";
  std::vector<std::int64_t> ids;
  KITH_RETURN_IF_ERROR(db.run(sql, {store::date(cutoff)}, [&](const store::Statement& r) { ids.push_back(r.int64(0)); }));
  return ids;
}

// The closure of rows owned by the children: table -> ids (tables with an id),
// plus the links to unlink and id-less rows to delete by their key.
struct Closure {
  std::map<std::string, std::vector<std::int64_t>> ids;
  std::vector<std::pair<ForeignKey, std::vector<std::int64_t>>> by_key;  // id-less tables: delete where column in ids
  std::vector<std::pair<ForeignKey, std::vector<std::int64_t>>> unlink;  // set column NULL where column in ids
};

Result<Closure> close_over(Database& db, const Schema& schema, const std::vector<std::int64_t>& children) {
  Closure c;
  c.ids["person"] = children;
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> work{{"person", children}};
  while (!work.empty()) {
    auto [target, ids] = std::move(work.back());
    work.pop_back();
    if (ids.empty()) continue;
    for (const ForeignKey& k : schema.keys) {
      if (k.target != target) continue;
      if (k.nullable && !owned_even_if_nullable(k)) {
        c.unlink.push_back({k, ids});
      } else if (!schema.with_id.count(k.table)) {
        c.by_key.push_back({k, ids});
      } else {
        std::vector<std::int64_t> found;
        KITH_RETURN_IF_ERROR(for_batches(db, "SELECT id FROM " + k.table + " WHERE " + k.column + " IN (%IN%)", ids,
                                         [&](const store::Statement& r) { found.push_back(r.int64(0)); }));
        auto& known = c.ids[k.table];
        std::set<std::int64_t> seen(known.begin(), known.end());
        std::vector<std::int64_t> fresh;
        for (auto id : found)
          if (seen.insert(id).second) fresh.push_back(id);
        known.insert(known.end(), fresh.begin(), fresh.end());
        if (!fresh.empty()) work.push_back({k.table, fresh});
      }
    }
  }
  return c;
}

// Tables in an order where each is deleted before the tables it references.
Result<std::vector<std::string>> deletion_order(const Schema& schema, const Closure& c) {
  std::set<std::string> tables;
  for (const auto& [t, ids] : c.ids)
    if (!ids.empty()) tables.insert(t);
  for (const auto& [k, ids] : c.by_key) tables.insert(k.table);
  std::vector<std::string> order;
  while (!tables.empty()) {
    bool progressed = false;
    for (auto it = tables.begin(); it != tables.end();) {
      bool referenced = std::any_of(schema.keys.begin(), schema.keys.end(), [&](const ForeignKey& k) {
        return k.target == *it && k.table != *it && tables.count(k.table) && !(k.nullable && !owned_even_if_nullable(k));
      });
      if (referenced) {
        ++it;
      } else {
        order.push_back(*it);
        it = tables.erase(it);
        progressed = true;
      }
    }
    if (!progressed) return Status::invalid("the schema's foreign keys form a cycle; retention cannot order its deletions");
  }
  return order;
}

Result<std::pair<RetentionPlan, Closure>> build(Database& db, const RetentionRequest& req, Schema& schema) {
  auto s = db.dialect() == Database::Dialect::kSqlite ? read_schema_sqlite(db) : read_schema_postgres(db);
  if (!s) return s.status();
  schema = std::move(*s);
  auto children = candidates(db, req);
  if (!children) return children.status();
  auto closure = close_over(db, schema, *children);
  if (!closure) return closure.status();
  RetentionPlan plan;
  plan.children = *children;
  for (const auto& [t, ids] : closure->ids)
    if (!ids.empty()) plan.deletions[t] += static_cast<std::int64_t>(ids.size());
  for (const auto& [k, ids] : closure->by_key) {
    auto n = count_in(db, "SELECT count(*) FROM " + k.table + " WHERE " + k.column + " IN (%IN%)", ids);
    if (!n) return n.status();
    if (*n) plan.deletions[k.table] += *n;
  }
  for (const auto& [k, ids] : closure->unlink) {
    // Rows that are being deleted anyway are not "unlinked".
    auto n = count_in(db, "SELECT count(*) FROM " + k.table + " WHERE " + k.column + " IN (%IN%)", ids);
    if (!n) return n.status();
    std::int64_t deleted_too = 0;
    if (schema.with_id.count(k.table) && closure->ids.count(k.table)) {
      std::set<std::int64_t> del(closure->ids[k.table].begin(), closure->ids[k.table].end());
      KITH_RETURN_IF_ERROR(for_batches(db, "SELECT id FROM " + k.table + " WHERE " + k.column + " IN (%IN%)", ids,
                                       [&](const store::Statement& r) { deleted_too += del.count(r.int64(0)); }));
    }
    if (*n - deleted_too > 0) plan.unlinks[k.table + "." + k.column] += *n - deleted_too;
  }
  return std::make_pair(std::move(plan), std::move(*closure));
}

}  // namespace

std::int64_t RetentionPlan::total_rows() const {
  std::int64_t n = 0;
  for (const auto& [t, c] : deletions) n += c;
  return n;
}

Result<RetentionRule> parse_rule(const std::string& name) {
  if (name == "never-looked-after") return RetentionRule::kNeverLookedAfter;
  if (name == "looked-after") return RetentionRule::kLookedAfter;
  return Status::invalid("unknown retention rule '" + name + "': use never-looked-after or looked-after");
}

std::string rule_name(RetentionRule rule) {
  return rule == RetentionRule::kNeverLookedAfter ? "never-looked-after" : "looked-after";
}

Result<int> parse_years(const std::string& text) {
  if (text.size() < 2 || text.back() != 'y' || text.size() > 4 ||
      !std::all_of(text.begin(), text.end() - 1, [](char c) { return c >= '0' && c <= '9'; }))
    return Status::invalid("--older-than '" + text + "': give whole years, e.g. 25y");
  int years = std::stoi(text.substr(0, text.size() - 1));
  if (years < 18) return Status::invalid("--older-than " + text + ": retention rules start at the 18th birthday at the earliest");
  return years;
}

Result<RetentionPlan> plan_retention(Database& db, const RetentionRequest& request) {
  Schema schema;
  auto built = build(db, request, schema);
  if (!built) return built.status();
  return std::move(built->first);
}

Result<RetentionPlan> apply_retention(Database& db, const store::WriteContext& ctx, const RetentionRequest& request) {
  // Planned, applied and audited in one transaction: the rows removed are
  // exactly the rows counted, and never removed without their audit entry.
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  Schema schema;
  auto built = build(db, request, schema);
  if (!built) return built.status();
  auto& [plan, closure] = *built;
  for (const auto& [k, ids] : closure.unlink)
    KITH_RETURN_IF_ERROR(
        for_batches(db, "UPDATE " + k.table + " SET " + k.column + " = NULL WHERE " + k.column + " IN (%IN%)", ids, nullptr));
  auto order = deletion_order(schema, closure);
  if (!order) return order.status();
  for (const std::string& t : *order) {
    for (const auto& [k, ids] : closure.by_key)
      if (k.table == t) KITH_RETURN_IF_ERROR(for_batches(db, "DELETE FROM " + t + " WHERE " + k.column + " IN (%IN%)", ids, nullptr));
    if (closure.ids.count(t)) KITH_RETURN_IF_ERROR(for_batches(db, "DELETE FROM " + t + " WHERE id IN (%IN%)", closure.ids[t], nullptr));
  }
  // The audit entry records the rule and the counts, never who was removed.
  std::string reason = fmt::format("{}; retention rule {} older than {}y removed {} children:", ctx.reason, rule_name(request.rule),
                                   request.older_than_years, plan.children.size());
  for (const auto& [t, n] : plan.deletions) reason += fmt::format(" {} {}", t, n);
  KITH_RETURN_IF_ERROR(ctx.audit.append(db, {ctx.actor, "delete", "retention", rule_name(request.rule), reason}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return std::move(plan);
}

}  // namespace kith::lifecycle
