#include "audit/audit_log.h"

#include <sodium.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kith::audit {
namespace {

constexpr size_t kKeyBytes = crypto_generichash_KEYBYTES;
constexpr const char* kGenesis = "genesis";

std::string to_hex(const unsigned char* p, size_t n) {
  std::string out(n * 2, '\0');
  sodium_bin2hex(out.data(), out.size() + 1, p, n);
  return out;
}

std::string now_utc() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Fields are length-prefixed so that no two different events hash alike.
void absorb(crypto_generichash_state& st, const std::string& s) {
  std::uint64_t n = s.size();
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(&n), sizeof n);
  crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

Status init_sodium() {
  if (sodium_init() < 0) return Status::io("libsodium could not be initialised");
  return Status::ok();
}

}  // namespace

// KITH_AUDIT_KEY names the key file explicitly: a PostgreSQL URL has no
// folder to keep the key beside (kith serve/synth --audit-key set it).
std::string AuditLog::key_path_for(const std::string& db_location) {
  if (const char* env = std::getenv("KITH_AUDIT_KEY"); env && *env) return env;
  return db_location + ".audit-key";
}

Result<AuditLog> AuditLog::open(const std::string& key_path, bool create_key) {
  KITH_RETURN_IF_ERROR(init_sodium());
  std::ifstream in(key_path, std::ios::binary);
  if (in) {
    std::string key((std::istreambuf_iterator<char>(in)), {});
    if (key.size() != kKeyBytes)
      return Status::corrupt("audit key file '" + key_path + "' has " + std::to_string(key.size()) + " bytes, expected " +
                             std::to_string(kKeyBytes));
    return AuditLog(std::move(key));
  }
  if (!create_key) return Status::not_found("audit key file '" + key_path + "' not found; the audit chain cannot be checked without it");
  std::string key(kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  mode_t old = umask(077);
  std::ofstream out(key_path, std::ios::binary | std::ios::trunc);
  out.write(key.data(), std::streamsize(key.size()));
  out.close();
  umask(old);
  if (!out) return Status::io("cannot write audit key file '" + key_path + "'");
  return AuditLog(std::move(key));
}

std::string AuditLog::chain_hash(const std::string& prev, std::int64_t seq, const std::string& at, const Event& e) const {
  crypto_generichash_state st;
  crypto_generichash_init(&st, reinterpret_cast<const unsigned char*>(key_.data()), key_.size(), 32);
  for (const std::string* f : {&prev, &at, &e.actor, &e.action, &e.entity, &e.entity_id, &e.reason}) absorb(st, *f);
  absorb(st, std::to_string(seq));
  unsigned char out[32];
  crypto_generichash_final(&st, out, sizeof out);
  return to_hex(out, sizeof out);
}

std::string AuditLog::head_mac(std::int64_t seq, const std::string& hash) const {
  std::string msg = "head|" + std::to_string(seq) + "|" + hash;
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(msg.data()), msg.size(),
                     reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  return to_hex(out, sizeof out);
}

// A read's audit entry is the only thing its transaction writes (every caller
// appends it in a transaction of its own). On PostgreSQL that commit need not
// wait for the WAL flush: with synchronous_commit off for this transaction only,
// a crash of the database server or machine (not of Kith) can lose the read
// entries of the last moments (at most 3 x wal_writer_delay, 600 ms by
// default), never a write, and never a gap: the chain head is in the same
// transaction, and any later durable commit flushes the WAL up to it. That is
// what SQLite's synchronous=NORMAL in WAL mode already gives every commit.
static bool is_read(const Event& e) { return e.action == "read" || e.action == "read_denied"; }

// The head is read, the entry hashed here (the key never reaches the
// database), then the entry and the new head written: the head cannot move on
// in one UPDATE ... RETURNING, since its new hash is computed from the old one
// with the key. On PostgreSQL, where each statement is a round trip, a read's
// SET LOCAL rides on the head read (set_config(..., true) is SET LOCAL) and the
// entry and head are one statement (a data-modifying WITH): with BEGIN and
// COMMIT, a read's audit costs 4 round trips instead of 6, a write's 2 instead of 3.
namespace {

constexpr const char* kReadHead = "SELECT seq, hash FROM audit_head WHERE id = 1";
// One row always: the head's columns are NULL before the first entry.
constexpr const char* kReadHeadNoFlushWait =
    "SELECT h.seq, h.hash FROM (SELECT set_config('synchronous_commit', 'off', true) AS c) s LEFT JOIN audit_head h ON h.id = 1";
constexpr const char* kInsertEntry =
    "INSERT INTO audit_entry (seq, at, actor, action, entity, entity_id, reason, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)";
constexpr const char* kMoveHead =
    "INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac";

}  // namespace

Status AuditLog::append(store::Database& db, const Event& e) const {
  bool postgres = db.dialect() == store::Database::Dialect::kPostgres;
  std::int64_t seq = 0;
  std::string prev = kGenesis;
  KITH_RETURN_IF_ERROR(db.run(postgres && is_read(e) ? kReadHeadNoFlushWait : kReadHead, {}, [&](const store::Statement& s) {
    if (s.is_null(0)) return;
    seq = s.int64(0);
    prev = s.text(1);
  }));
  ++seq;
  std::string at = now_utc();
  std::string hash = chain_hash(prev, seq, at, e);
  std::vector<store::Value> entry = {seq, at, e.actor, e.action, e.entity, e.entity_id, e.reason, prev, hash};
  std::vector<store::Value> head = {seq, hash, head_mac(seq, hash)};
  if (postgres) {
    entry.insert(entry.end(), head.begin(), head.end());
    return db.run(std::string("WITH entry AS (") + kInsertEntry + ") " + kMoveHead, entry);
  }
  KITH_RETURN_IF_ERROR(db.run(kInsertEntry, entry));
  return db.run(kMoveHead, head);
}

Result<VerifyReport> AuditLog::verify(store::Database& db) const {
  VerifyReport report;
  std::string prev = kGenesis;
  std::int64_t expected = 1;
  auto problem = [&](std::string msg) {
    if (report.problems.size() < 20) report.problems.push_back(std::move(msg));
  };
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT seq, at, actor, action, entity, entity_id, reason, prev_hash, hash FROM audit_entry ORDER BY seq", {},
      [&](const store::Statement& s) {
        std::int64_t seq = s.int64(0);
        Event e{s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)};
        if (seq != expected) problem("entries " + std::to_string(expected) + " to " + std::to_string(seq - 1) + " are missing (deleted)");
        if (s.text(7) != prev) problem("entry " + std::to_string(seq) + ": does not follow the entry before it");
        std::string h = chain_hash(s.text(7), seq, s.text(1), e);
        if (h != s.text(8)) problem("entry " + std::to_string(seq) + ": content does not match its hash (altered)");
        prev = s.text(8);
        expected = seq + 1;
        ++report.entries;
      }));
  std::int64_t head_seq = 0;
  std::string head_hash = kGenesis, mac;
  KITH_RETURN_IF_ERROR(db.run("SELECT seq, hash, mac FROM audit_head WHERE id = 1", {}, [&](const store::Statement& s) {
    head_seq = s.int64(0);
    head_hash = s.text(1);
    mac = s.text(2);
  }));
  if (head_seq != 0 && mac != head_mac(head_seq, head_hash)) problem("the chain head was altered");
  if (head_seq != expected - 1 || head_hash != prev)
    problem("the log ends at entry " + std::to_string(expected - 1) + " but the head records entry " + std::to_string(head_seq) +
            " (entries deleted from the end)");
  return report;
}

Result<std::vector<Entry>> AuditLog::history(store::Database& db, const std::string& entity, const std::string& entity_id,
                                             int limit) const {
  std::vector<Entry> out;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT seq, at, actor, action, entity, entity_id, reason, prev_hash, hash FROM audit_entry "
      "WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?",
      {entity, entity_id, std::int64_t(limit)}, [&](const store::Statement& s) {
        out.push_back({s.int64(0), s.text(1), {s.text(2), s.text(3), s.text(4), s.text(5), s.text(6)}, s.text(7), s.text(8)});
      }));
  return out;
}

}  // namespace kith::audit
