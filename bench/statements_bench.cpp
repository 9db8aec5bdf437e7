// Per-statement cost of the store on either backend, for the load test's
// question "where do a page's milliseconds go": a point read by primary key
// (the shape of most of a page's statements) and an audited read (the
// transaction every child record read commits: head, entry, head update).
//
//   KITH_BENCH_DB=postgresql://... build/bench/statements_bench   (bench/statements_bench.sh starts a server)
//   build/bench/statements_bench                                  (an SQLite file in /tmp)
//
// The audited read also runs with 8 threads, each on its own connection as the
// web server's pool threads are, to show how writers queue on one database.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unistd.h>

#include "audit/audit_log.h"
#include "store/database.h"

namespace {

using kith::store::Database;

constexpr std::int64_t kPeople = 1000;

// The database every benchmark opens its connections to, set up once.
struct Target {
  std::string location;
  std::unique_ptr<kith::audit::AuditLog> log;
};

Target& target() {
  static Target t = [] {
    Target out;
    const char* env = std::getenv("KITH_BENCH_DB");
    if (env && *env) {
      out.location = env;
    } else {
      auto dir = std::filesystem::temp_directory_path() / ("kith_statements_bench." + std::to_string(getpid()));
      std::filesystem::create_directories(dir);
      out.location = (dir / "bench.db").string();
    }
    auto db = Database::open(out.location, {.create = true});
    if (!db) std::abort();
    auto people = (*db)->scalar("SELECT count(*) FROM person");
    if (people && *people == 0) {
      kith::store::Transaction tx(**db);
      for (std::int64_t id = 1; id <= kPeople; ++id)
        (void)(*db)->run("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity) VALUES (?, ?, ?, 'F', '2015-04-01', 'WBRI')",
                         {id, std::string("Test"), "Person" + std::to_string(id)});
      (void)tx.commit();
    }
    std::string key = std::getenv("KITH_AUDIT_KEY") ? std::getenv("KITH_AUDIT_KEY") : out.location + ".audit-key";
    auto log = kith::audit::AuditLog::open(key, true);
    if (!log) std::abort();
    out.log = std::make_unique<kith::audit::AuditLog>(std::move(*log));
    return out;
  }();
  return t;
}

std::unique_ptr<Database> connect(benchmark::State& state) {
  auto db = Database::open(target().location, {});
  if (!db) {
    state.SkipWithError(db.status().message().c_str());
    return nullptr;
  }
  return std::move(*db);
}

// One SELECT by primary key, as Database::run does it for a page (prepare, bind, step).
void BM_PointRead(benchmark::State& state) {
  auto db = connect(state);
  if (!db) return;
  std::int64_t id = 0;
  for (auto _ : state) {
    std::string name;
    auto s = db->run("SELECT forename, surname, birth_date FROM person WHERE id = ?", {id % kPeople + 1},
                     [&](const kith::store::Statement& st) { name = st.text(1); });
    if (!s) state.SkipWithError(s.message().c_str());
    benchmark::DoNotOptimize(name);
    ++id;
  }
}
BENCHMARK(BM_PointRead)->UseRealTime();

// The same read with a new statement text every time (a comment with a counter), so nothing can be
// reused: the server parses and plans it each time, as every statement was before the per-connection
// plan cache (and SQLite compiles it each time, as before its statement cache).
void BM_PointReadNewText(benchmark::State& state) {
  auto db = connect(state);
  if (!db) return;
  std::int64_t id = 0;
  for (auto _ : state) {
    std::string name;
    auto s = db->run("SELECT forename, surname, birth_date FROM person WHERE id = ? /* " + std::to_string(id) + " */",
                     {id % kPeople + 1}, [&](const kith::store::Statement& st) { name = st.text(1); });
    if (!s) state.SkipWithError(s.message().c_str());
    benchmark::DoNotOptimize(name);
    ++id;
  }
}
BENCHMARK(BM_PointReadNewText)->UseRealTime();

// The audited read of a child's record: begin, append the audit entry, commit.
// Argument durable:0: a read entry (on PostgreSQL committed without waiting for
// the WAL flush); durable:1: the same entry as an update, committed durably as every write is.
void BM_AuditedRead(benchmark::State& state) {
  auto db = connect(state);
  if (!db) return;
  std::int64_t id = state.thread_index();
  const char* action = state.range(0) == 0 ? "read" : "update";
  for (auto _ : state) {
    kith::store::Transaction tx(*db);
    kith::Status s = tx.begin_status();
    if (s) s = target().log->append(*db, {"bench", action, "person", std::to_string(id % kPeople + 1), "casework"});
    if (s) s = tx.commit();
    if (!s) {
      state.SkipWithError(s.message().c_str());
      break;
    }
    ++id;
  }
}
BENCHMARK(BM_AuditedRead)->ArgName("durable")->Arg(0)->Arg(1)->UseRealTime()->Threads(1)->Threads(8);

}  // namespace

BENCHMARK_MAIN();
