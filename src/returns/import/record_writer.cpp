#include "returns/import/record_writer.h"

#include "store/audited_write.h"

namespace kith::returns::import {

Result<store::Statement*> RecordWriter::statement(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second.get();
  auto st = db_.prepare(sql);
  if (!st) return st.status();
  store::Statement* raw = st->get();
  statements_[sql] = std::move(*st);
  return raw;
}

Status RecordWriter::insert_row(const std::string& table, const std::vector<std::string>& columns,
                                const std::vector<store::Value>& values) {
  std::string sql = "INSERT INTO " + table + " (";
  std::string marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sql += (i ? ", " : "") + columns[i];
    marks += i ? ", ?" : "?";
  }
  sql += ") VALUES (" + marks + ")";
  auto st = statement(sql);
  if (!st) return st.status();
  KITH_RETURN_IF_ERROR((*st)->bind_all(values));
  auto stepped = (*st)->step();
  if (!stepped) return Status::invalid(table + ": " + stepped.status().message());  // e.g. a NOT NULL or key violation
  ++rows_;
  return Status::ok();
}

Result<std::int64_t> RecordWriter::insert(const std::string& table, const std::vector<std::string>& columns,
                                          std::vector<store::Value> values) {
  auto next = next_.find(table);
  if (next == next_.end()) {
    auto first = store::next_id(db_, table);
    if (!first) return first.status();
    next = next_.emplace(table, *first).first;
  }
  std::int64_t id = next->second++;
  std::vector<std::string> all = {"id"};
  all.insert(all.end(), columns.begin(), columns.end());
  values.insert(values.begin(), store::Value(id));
  KITH_RETURN_IF_ERROR(insert_row(table, all, values));
  return id;
}

Status RecordWriter::field(const std::string& entity, std::int64_t id, const std::string& name, const std::string& value) {
  auto st = statement("DELETE FROM return_field WHERE entity = ? AND entity_id = ? AND field = ?");
  if (!st) return st.status();
  KITH_RETURN_IF_ERROR((*st)->bind_all({entity, id, name}));
  auto done = (*st)->step();
  if (!done) return done.status();
  return insert_row("return_field", {"entity", "entity_id", "field", "value"}, {entity, id, name, value});
}

Result<std::unordered_map<std::string, std::int64_t>> RecordWriter::known_children() {
  std::unordered_map<std::string, std::int64_t> out;
  Status s = db_.run("SELECT value, entity_id FROM return_field WHERE entity = 'person' AND field = 'LAchildID'", {},
                     [&](const store::Statement& st) { out[st.text(0)] = st.int64(1); });
  if (!s) return s;
  return out;
}

}  // namespace kith::returns::import
