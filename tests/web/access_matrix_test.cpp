// The access matrix (issue 8): every route the server registers, for every
// role and the anonymous visitor, against tests/web/access_matrix.csv. A
// route without rows for every role fails, so the matrix grows with the pages.
// Also: reads of a child's record are audited, and the aggregate-only roles
// (councillor, analyst, administrator) never receive a child's name.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "client.h"
#include "matrix_server.h"

namespace kith::web::testing {
namespace {

const std::vector<std::string> kRoles = {"anonymous",           "practitioner", "team_manager", "locality_manager",
                                         "partner_practitioner", "performance_analyst", "councillor", "administrator"};

struct Row {
  int line = 0;
  std::string method, pattern, path, role, scope;
  int expected = 0;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

std::vector<Row> load_matrix() {
  std::string file = std::string(KITH_TEST_DATA_DIR) + "/web/access_matrix.csv";
  std::ifstream in(file);
  EXPECT_TRUE(in) << "cannot read " << file;
  std::vector<Row> rows;
  int line = 0;
  for (std::string text; std::getline(in, text);) {
    ++line;
    if (text.empty() || text[0] == '#') continue;
    auto cells = split(text, ',');
    if (cells.size() != 6) {
      ADD_FAILURE() << file << ":" << line << ": expected 6 fields, got " << cells.size();
      continue;
    }
    for (const std::string& role : split(cells[3], ' ')) {
      if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end())
        ADD_FAILURE() << file << ":" << line << ": unknown role '" << role << "'";
      rows.push_back({line, cells[0], cells[1], cells[2], role, cells[4], std::stoi(cells[5])});
    }
  }
  return rows;
}

// The whole matrix on SQLite and on PostgreSQL (Web/AccessMatrix.Test/sqlite,
// .../postgres): every route's queries run for every role on both.
class AccessMatrix : public kith::testing::BackendTest {
 protected:
  void SetUp() override {
    ScopedAuditKey key(backend() == kith::testing::Backend::kPostgres ? dir_.file("audit-key") : "");
    make_council(path_);
    ASSERT_NO_FATAL_FAILURE(add_team_case(path_));
    server_ = std::make_unique<SecurityServer>(path_, generous_rules());
  }

  // A browser signed in as role (or not signed in), with its session's CSRF token.
  struct Visitor {
    std::unique_ptr<Browser> browser;
    std::string csrf;
  };
  Visitor visitor(const std::string& role) {
    Visitor v{std::make_unique<Browser>(server_->port()), ""};
    if (role == "anonymous") return v;
    auto r = v.browser->sign_in(role, kTinyPassword);
    EXPECT_TRUE(r && r->status == 303) << role << " could not sign in";
    auto me = v.browser->get("/api/v1/me");
    if (me && me->status == 200) v.csrf = nlohmann::json::parse(me->body).value("csrf_token", "");
    return v;
  }

  httplib::Result send(Visitor& v, const Row& row) {
    if (row.method == "GET") return v.browser->get(row.path);
    if (row.method == "DELETE") return v.browser->del(row.path, {{"X-CSRF-Token", v.csrf}});
    return v.browser->post_form(row.path, {{"csrf_token", v.csrf}});
  }

  TempDir dir_;
  std::string path_ = council_location(backend(), dir_);
  std::unique_ptr<SecurityServer> server_;
};

TEST_P(AccessMatrix, CoversEveryRouteForEveryRole) {
  auto rows = load_matrix();
  ASSERT_FALSE(rows.empty());
  auto routes = server_->server().routes();
  ASSERT_GT(routes.size(), 20u) << "the server should register all its routes";
  std::set<std::pair<std::string, std::string>> registered(routes.begin(), routes.end());
  std::set<std::tuple<std::string, std::string, std::string>> covered;
  for (const Row& r : rows) {
    covered.insert({r.method, r.pattern, r.role});
    EXPECT_TRUE(registered.count({r.method, r.pattern})) << "access_matrix.csv:" << r.line << ": no route " << r.method << " "
                                                         << r.pattern << " (renamed or removed?)";
    EXPECT_TRUE(std::regex_match(r.path, std::regex(r.pattern)))
        << "access_matrix.csv:" << r.line << ": " << r.path << " does not match " << r.pattern;
  }
  std::string missing;
  for (const auto& [method, pattern] : routes)
    for (const std::string& role : kRoles)
      if (!covered.count({method, pattern, role})) missing += "\n  " + method + " " + pattern + " for " + role;
  EXPECT_TRUE(missing.empty()) << "routes without a row in tests/web/access_matrix.csv:" << missing;
}

TEST_P(AccessMatrix, EveryRoleGetsTheExpectedStatusOnEveryRoute) {
  auto rows = load_matrix();
  std::map<std::string, Visitor> visitors;
  for (const std::string& role : kRoles) visitors.emplace(role, visitor(role));
  std::string wrong;
  int checked = 0;
  for (const Row& row : rows) {
    Visitor& v = visitors.at(row.role);
    auto res = send(v, row);
    if (!res) {
      wrong += "\n  line " + std::to_string(row.line) + ": " + row.method + " " + row.path + " as " + row.role + ": no answer";
      continue;
    }
    ++checked;
    if (res->status != row.expected)
      wrong += "\n  line " + std::to_string(row.line) + ": " + row.method + " " + row.path + " as " + row.role + " (" +
               row.scope + "): expected " + std::to_string(row.expected) + ", got " + std::to_string(res->status);
    // Signing out ends the visitor's session: sign in again for the rows after.
    if (row.role != "anonymous" && (row.path == "/sign-out" || row.path == "/api/v1/session") && res->status < 400)
      v = visitor(row.role);
  }
  EXPECT_EQ(checked, int(rows.size()));
  EXPECT_TRUE(wrong.empty()) << wrong;
}

TEST_P(AccessMatrix, AggregateRolesNeverReceiveAChildsName) {
  // The names of every child in the council, as pages and the API would print them.
  const std::vector<std::string> names = {"Ada Test", "Ben Test", "Cara Other", "Dan South", "Fin Teamcase", "&lt;script&gt;",
                                          "<script>alert"};
  auto rows = load_matrix();
  for (std::string role : {"performance_analyst", "councillor", "administrator"}) {
    Visitor v = visitor(role);
    std::set<std::string> seen;
    for (const Row& row : rows) {
      if (row.method != "GET" || row.role != role || !seen.insert(row.path).second) continue;
      auto res = send(v, row);
      ASSERT_TRUE(res) << row.path;
      for (const std::string& name : names)
        EXPECT_EQ(res->body.find(name), std::string::npos) << role << " saw '" << name << "' on " << row.path;
    }
  }
}

TEST_P(AccessMatrix, ReadingAChildsRecordIsAuditedAndSoIsARefusal) {
  auto count = [&](const std::string& actor, const std::string& action, const std::string& id) {
    auto db = store::Database::open(path_, {});
    EXPECT_TRUE(db.is_ok());
    return *(*db)->scalar("SELECT count(*) FROM audit_entry WHERE actor = ? AND action = ? AND entity = 'person' AND entity_id = ?",
                          {actor, action, id});
  };
  Visitor p = visitor("practitioner");
  std::int64_t before = count("practitioner", "read", "1");
  ASSERT_EQ(p.browser->get("/children/1")->status, 200);
  EXPECT_EQ(count("practitioner", "read", "1"), before + 1) << "the page read";
  ASSERT_EQ(p.browser->get("/api/v1/children/1")->status, 200);
  EXPECT_EQ(count("practitioner", "read", "1"), before + 2) << "the API read";
  std::int64_t denied_before = count("practitioner", "read_denied", "4");
  ASSERT_EQ(p.browser->get("/children/4")->status, 403);
  EXPECT_EQ(count("practitioner", "read_denied", "4"), denied_before + 1) << "a refused read of Dan's record";
}

INSTANTIATE_TEST_SUITE_P(Web, AccessMatrix, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
