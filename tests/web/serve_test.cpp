// Starting the server: clear errors for a missing or damaged database, and
// `kith serve` running, answering and stopping cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "client.h"
#include "fixtures/kith_cli.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

ServerOptions options_for(const std::string& db) {
  return {.db = db, .port = 0, .assets_dir = std::string(KITH_SOURCE_DIR) + "/web"};
}

// The tests that need a council run on both backends (TEST_P); those about a
// missing or damaged database file are about files, so SQLite only (TEST_F).
class Serve : public kith::testing::BackendTest {
 protected:
  // The council's audit key: a named file for a URL, none (beside the file) for SQLite.
  std::string audit_key(const TempDir& dir) const {
    return backend() == kith::testing::Backend::kPostgres ? dir.file("audit-key") : "";
  }
};

TEST_F(Serve, AMissingDatabaseIsNamed) {  // a file
  TempDir dir;
  WebServer server(options_for(dir.file("missing.db")));
  Status s = server.start();
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find(dir.file("missing.db")), std::string::npos) << s.message();
}

TEST_F(Serve, ADamagedDatabaseIsNamed) {  // a file
  TempDir dir;
  std::ofstream(dir.file("junk.db")) << "this is not a database, just some text that is long enough to look like a header";
  WebServer server(options_for(dir.file("junk.db")));
  Status s = server.start();
  EXPECT_EQ(s.code(), Status::Code::kCorrupt) << s.message();
  EXPECT_NE(s.message().find(dir.file("junk.db")), std::string::npos) << s.message();
}

TEST_P(Serve, MissingAssetsAreExplained) {
  TempDir dir;
  std::string db = council_location(backend(), dir);
  ScopedAuditKey key(audit_key(dir));
  make_council(db);
  WebServer server({.db = db, .port = 0, .assets_dir = dir.file("nowhere")});
  Status s = server.start();
  EXPECT_NE(s.message().find("npm install"), std::string::npos) << s.message();
}

// Runs a command, returning its exit code and everything it printed.
std::pair<int, std::string> run(const std::string& command) {
  auto r = kith::testing::run_command(command);
  return {r.code, r.output};
}

TEST_F(Serve, TheCommandExitsWith3ForAMissingDatabase) {  // a file
  TempDir dir;
  auto [code, out] = run(std::string(KITH_BINARY) + " serve --port 0 --db " + dir.file("missing.db"));
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find(dir.file("missing.db")), std::string::npos) << out;
}

TEST_P(Serve, TheCommandServesAndStopsOnSigterm) {
  TempDir dir;
  std::string db = council_location(backend(), dir), key_file = audit_key(dir);
  {
    ScopedAuditKey key(key_file);
    make_council(db);
  }
  // A URL's audit key is named on the command line, as in production.
  std::vector<std::string> args = {KITH_BINARY, "serve", "--port", "0", "--db", db};
  if (!key_file.empty()) args.insert(args.end(), {"--audit-key", key_file});
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execv(KITH_BINARY, argv.data());
    _exit(127);
  }
  close(out[1]);
  FILE* stream = fdopen(out[0], "r");
  char line[256] = {};
  ASSERT_TRUE(fgets(line, sizeof line, stream)) << "kith serve printed nothing";
  std::cmatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex(R"(Kith is running on http://127\.0\.0\.1:(\d+))"))) << line;
  Browser b(std::stoi(m[1].str()));
  EXPECT_EQ(b.get("/sign-in")->status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  fclose(stream);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// The council tests on SQLite and on PostgreSQL (Web/Serve.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, Serve, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
