// crash_check: what must hold after Kith was killed with SIGKILL (crash_test.sh).
//   crash_check --db DB [--acked FILE] [--people A,B] [--key FILE]
// 1. the database opens (finishing any migration) and PRAGMA integrity_check
//    and foreign_key_check are clean;
// 2. every write the client saw acknowledged (one marker per line of FILE, a
//    visit's wishes_feelings text) is present exactly once, and every visit the
//    crash test wrote has its audit entry (the write and its audit commit together);
// 3. the person count is one of A,B (an import is all or nothing);
// 4. the audit chain verifies with the key (default DB.audit-key).
// Prints each problem; exit 0 when none, 1 otherwise, 2 on bad usage.
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "store/database.h"

namespace {

using kith::store::Database;

struct Args {
  std::string db, acked, people, key;
};

int problems = 0;

void problem(const std::string& what) {
  std::printf("PROBLEM: %s\n", what.c_str());
  ++problems;
}

void check_pragmas(Database& db) {
  std::vector<std::string> out;
  auto s = db.run("PRAGMA integrity_check", {}, [&](const kith::store::Statement& r) { out.push_back(r.text(0)); });
  if (!s || out != std::vector<std::string>{"ok"}) problem("integrity_check: " + (out.empty() ? s.message() : out.front()));
  int fk = 0;
  s = db.run("PRAGMA foreign_key_check", {}, [&](const kith::store::Statement&) { ++fk; });
  if (!s || fk) problem("foreign_key_check: " + std::to_string(fk) + " rows point at nothing");
}

// Where a visit keeps the child's words: child_voice (migration 0007) or, in
// older schemas, visit.wishes_feelings. Returns the query giving visit ids by words.
std::string marker_query(Database& db) {
  auto voice = db.has_table("child_voice");
  if (voice && *voice) return "SELECT source_id FROM child_voice WHERE source = 'visit' AND words ";
  return "SELECT id FROM visit WHERE wishes_feelings ";
}

void check_acked(Database& db, const std::string& file) {
  const std::string by_words = marker_query(db);
  std::set<std::string> audited;
  auto s = db.run("SELECT entity_id FROM audit_entry WHERE entity = 'visit' AND action = 'create'", {},
                  [&](const kith::store::Statement& r) { audited.insert(r.text(0)); });
  if (!s) problem("reading audit_entry: " + s.message());
  std::ifstream in(file);
  std::string marker;
  int acked = 0;
  while (std::getline(in, marker)) {
    if (marker.empty()) continue;
    ++acked;
    std::vector<std::int64_t> ids;
    s = db.run(by_words + "= ?", {marker}, [&](const kith::store::Statement& r) { ids.push_back(r.int64(0)); });
    if (!s) problem("looking for '" + marker + "': " + s.message());
    else if (ids.size() != 1) problem("acknowledged write '" + marker + "' is present " + std::to_string(ids.size()) + " times");
  }
  // Every crash-test visit in the database, acknowledged or not, must have its audit entry:
  // the record and its audit entry commit together or not at all.
  int unaudited = 0, written = 0;
  s = db.run(by_words + "LIKE 'crash %'", {}, [&](const kith::store::Statement& r) {
    ++written;
    if (!audited.count(std::to_string(r.int64(0)))) ++unaudited;
  });
  if (!s) problem("listing crash-test visits: " + s.message());
  if (unaudited) problem(std::to_string(unaudited) + " crash-test visits have no audit entry");
  if (written < acked) problem("fewer crash-test visits than acknowledged writes");
  std::printf("acknowledged %d, crash-test visits in the database %d\n", acked, written);
}

void check_people(Database& db, const std::string& allowed) {
  auto n = db.scalar("SELECT count(*) FROM person");
  if (!n) return problem("counting people: " + n.status().message());
  std::stringstream list(allowed);
  std::string item;
  while (std::getline(list, item, ','))
    if (std::to_string(*n) == item) return void(std::printf("people %lld (allowed %s)\n", static_cast<long long>(*n), allowed.c_str()));
  problem("person count " + std::to_string(*n) + " is not one of " + allowed + ": an import was half-written");
}

void check_audit(Database& db, const std::string& key) {
  auto log = kith::audit::AuditLog::open(key, false);
  if (!log) {
    // A database killed before its first audit entry may have no key yet; that is only fine when the log is empty.
    auto n = db.scalar("SELECT count(*) FROM audit_entry");
    if (n && *n == 0) return;
    return problem("audit key: " + log.status().message());
  }
  auto report = log->verify(db);
  if (!report) return problem("audit verify: " + report.status().message());
  for (const auto& p : report->problems) problem("audit chain: " + p);
  std::printf("audit chain: %lld entries%s\n", static_cast<long long>(report->entries), report->ok() ? ", verified" : "");
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--db") a.db = argv[i + 1];
    else if (k == "--acked") a.acked = argv[i + 1];
    else if (k == "--people") a.people = argv[i + 1];
    else if (k == "--key") a.key = argv[i + 1];
    else return std::fprintf(stderr, "unknown option %s\n", argv[i]), 2;
  }
  if (a.db.empty()) return std::fprintf(stderr, "usage: crash_check --db DB [--acked FILE] [--people A,B] [--key FILE]\n"), 2;
  auto db = Database::open(a.db, {.create = false});
  if (!db) {
    problem("the database does not open: " + db.status().message());
    return 1;
  }
  check_pragmas(**db);
  if (!a.acked.empty()) check_acked(**db, a.acked);
  if (!a.people.empty()) check_people(**db, a.people);
  check_audit(**db, a.key.empty() ? a.db + ".audit-key" : a.key);
  return problems == 0 ? 0 : 1;
}
