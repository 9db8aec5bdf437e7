// Small write steps shared by send.cpp, transition.cpp and care_plans.cpp:
// one transaction around a write, an audited INSERT with a new stable id,
// and a versioned UPDATE that turns "nobody matched" into a conflict.
// Internal to src/casework.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/records.h"
#include "store/audited_write.h"

namespace kith::casework::record_write {

// "field: message" as an invalid Status, the form's convention.
inline Status invalid(const std::string& field, const std::string& message) { return Status::invalid(field + ": " + message); }

inline Status audit(store::Database& db, const store::WriteContext& ctx, const std::string& action, const std::string& entity, Id id) {
  return ctx.audit.append(db, {ctx.actor, action, entity, std::to_string(id), ctx.reason});
}

// Runs body in one transaction; body audits what it writes. Any failure rolls back everything.
inline Result<Id> transact(store::Database& db, const std::function<Result<Id>()>& body) {
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  auto r = body();
  if (!r) return r.status();
  KITH_RETURN_IF_ERROR(tx.commit());
  return *r;
}

// INSERTs a row with a new stable id (columns after id) and audits it as "create".
inline Result<Id> create(store::Database& db, const store::WriteContext& ctx, const std::string& table, const std::string& columns,
                         std::vector<store::Value> values) {
  auto id = store::next_id(db, table);
  if (!id) return id.status();
  std::string marks = "?";
  for (std::size_t i = 0; i < values.size(); ++i) marks += ", ?";
  values.insert(values.begin(), store::Value(*id));
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO " + table + " (id, " + columns + ") VALUES (" + marks + ")", values));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", table, *id));
  return *id;
}

// Runs "UPDATE table SET <sets>, version = version + 1 WHERE id = ? AND
// version = ? RETURNING id" and audits it; conflict naming `what` when the
// row moved on since the user opened it (RETURNING, not changes(), so
// PostgreSQL runs the same SQL).
inline Status update_versioned(store::Database& db, const store::WriteContext& ctx, const std::string& table, const std::string& sets,
                               std::vector<store::Value> values, Id id, std::int64_t version, const std::string& what) {
  values.push_back(id);
  values.push_back(version);
  int changed = 0;
  KITH_RETURN_IF_ERROR(db.run("UPDATE " + table + " SET " + sets + ", version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                              values, [&](const store::Statement&) { ++changed; }));
  if (changed == 0)
    return Status::conflict("Someone else changed " + what + " while you were editing: your changes are below, check and save again");
  return audit(db, ctx, "update", table, id);
}

}  // namespace kith::casework::record_write
