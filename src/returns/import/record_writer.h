// Writing imported rows into the case record inside the importer's
// transaction: ids from store::next_id once per table, then counted on;
// one prepared statement per (table, columns), reused for every row.
//
// Thread-safety: belongs to one import on one thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/result.h"
#include "store/database.h"

namespace kith::returns::import {

class RecordWriter {
 public:
  explicit RecordWriter(store::Database& db) : db_(db) {}

  // Inserts a row with a new id (the table's first column is id); returns the id.
  Result<std::int64_t> insert(const std::string& table, const std::vector<std::string>& columns, std::vector<store::Value> values);
  // Inserts a row as given (tables without an id column).
  Status insert_row(const std::string& table, const std::vector<std::string>& columns, const std::vector<store::Value>& values);
  // Keeps a return field of a record (return_field), replacing an earlier value.
  Status field(const std::string& entity, std::int64_t id, const std::string& name, const std::string& value);
  // Persons already in the record, by the LAchildID kept for them.
  Result<std::unordered_map<std::string, std::int64_t>> known_children();

  std::int64_t rows() const { return rows_; }

 private:
  Result<store::Statement*> statement(const std::string& sql);
  store::Database& db_;
  std::map<std::string, std::unique_ptr<store::Statement>> statements_;
  std::map<std::string, std::int64_t> next_;
  std::int64_t rows_ = 0;
};

}  // namespace kith::returns::import
