// One pattern for every store write: begin a transaction, do the write,
// append its audit entry, commit. Anything failing rolls everything back.
#pragma once

#include <functional>
#include <string>

#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::store {

// Runs write() and records (action, entity, entity_id()) in one transaction.
// entity_id is called after write() so that new records can report their id.
inline Status audited_write(Database& db, const WriteContext& ctx, const std::string& action, const std::string& entity,
                            const std::function<Status()>& write, const std::function<std::string()>& entity_id) {
  Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  KITH_RETURN_IF_ERROR(write());
  KITH_RETURN_IF_ERROR(ctx.audit.append(db, {ctx.actor, action, entity, entity_id(), ctx.reason}));
  return tx.commit();
}

// The next stable id for a table (ids are never reused). Call inside the
// write transaction, which serialises writers.
inline Result<std::int64_t> next_id(Database& db, const std::string& table) {
  auto max = db.scalar("SELECT coalesce(max(id), 0) FROM " + table);
  if (!max) return max.status();
  return *max + 1;
}

// Inserts one record with a new stable id into table, audited as "create",
// and returns the id. write(id) performs the INSERT.
inline Result<std::int64_t> audited_insert(Database& db, const WriteContext& ctx, const std::string& table,
                                           const std::function<Status(std::int64_t)>& write) {
  std::int64_t id = 0;
  Status s = audited_write(db, ctx, "create", table, [&]() -> Status {
    auto next = next_id(db, table);
    if (!next) return next.status();
    id = *next;
    return write(id);
  }, [&] { return std::to_string(id); });
  if (!s) return s;
  return id;
}

}  // namespace kith::store
