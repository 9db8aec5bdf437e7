// Starting the server: clear errors for a missing or damaged database, and
// `kith serve` running, answering and stopping cleanly on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "client.h"
#include "fixtures/kith_cli.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

ServerOptions options_for(const std::string& db) {
  return {.db = db, .port = 0, .assets_dir = std::string(KITH_SOURCE_DIR) + "/web"};
}

TEST(Serve, AMissingDatabaseIsNamed) {
  TempDir dir;
  WebServer server(options_for(dir.file("missing.db")));
  Status s = server.start();
  EXPECT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find(dir.file("missing.db")), std::string::npos) << s.message();
}

TEST(Serve, ADamagedDatabaseIsNamed) {
  TempDir dir;
  std::ofstream(dir.file("junk.db")) << "this is not a database, just some text that is long enough to look like a header";
  WebServer server(options_for(dir.file("junk.db")));
  Status s = server.start();
  EXPECT_EQ(s.code(), Status::Code::kCorrupt) << s.message();
  EXPECT_NE(s.message().find(dir.file("junk.db")), std::string::npos) << s.message();
}

TEST(Serve, MissingAssetsAreExplained) {
  TempDir dir;
  make_council(dir.file("kith.db"));
  WebServer server({.db = dir.file("kith.db"), .port = 0, .assets_dir = dir.file("nowhere")});
  Status s = server.start();
  EXPECT_NE(s.message().find("npm install"), std::string::npos) << s.message();
}

// Runs a command, returning its exit code and everything it printed.
std::pair<int, std::string> run(const std::string& command) {
  auto r = kith::testing::run_command(command);
  return {r.code, r.output};
}

TEST(Serve, TheCommandExitsWith3ForAMissingDatabase) {
  TempDir dir;
  auto [code, out] = run(std::string(KITH_BINARY) + " serve --port 0 --db " + dir.file("missing.db"));
  EXPECT_EQ(code, 3) << out;
  EXPECT_NE(out.find(dir.file("missing.db")), std::string::npos) << out;
}

TEST(Serve, TheCommandServesAndStopsOnSigterm) {
  TempDir dir;
  make_council(dir.file("kith.db"));
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    execl(KITH_BINARY, KITH_BINARY, "serve", "--port", "0", "--db", dir.file("kith.db").c_str(), nullptr);
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

}  // namespace
}  // namespace kith::web::testing
