// The child scope of the projections (CouncilPeople::scoped, used by the
// return checks of a child's record): the SSDA903 and CIN census projected for
// one child are exactly that child's part of the whole council's returns, row
// for row and element for element, although every read of the scoped
// projection names the child in its WHERE.
//
// Two stores: a generated council (Telford and Wrekin at scale 0.3, the
// smallest whose returns have adoptions in both years), and that council's
// returns imported into an empty record, whose children carry their previous
// system's LAchildID and kept return fields (return_field), which the scoped
// reads narrow by child as well. The generated council is read on SQLite (on
// PostgreSQL it would take minutes to load), the imported one on SQLite and on
// PostgreSQL. The children compared are, for each return table, the first child
// with a row in it (adopted, placed for adoption, care leaver, OC2, missing,
// previous permanence, social worker episodes; CIN: protection plans, section
// 47, assessment factors, disabilities, several episodes), every 10th child of
// each return, and a person in neither return. Both collection years.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "returns/import/import.h"
#include "returns/projection/project_903.h"
#include "returns/projection/project_cin.h"

namespace kith::returns::projection {
namespace {

using kith::testing::Backend;
using kith::testing::TempDir;
using Rows = std::vector<std::vector<std::string>>;

const std::string kSchema = std::string(KITH_SOURCE_DIR) + "/data/spec/cin/CIN_schema_2025_26.xsd";
constexpr int kYears[] = {2025, 2026};  // 2024/25 and 2025/26; the council is generated to 2026-06-30

enum class Kind { kGenerated, kImported };

struct Store {
  std::unique_ptr<store::Database> db;
  CouncilPeople council;  // of the whole store (one council: all)
};

// The census's <Child> elements by LAchildID, as the XML text of each.
std::map<std::string, std::string> children_of(const std::string& xml) {
  std::map<std::string, std::string> out;
  for (std::size_t at = xml.find("<Child>"); at != std::string::npos; at = xml.find("<Child>", at + 1)) {
    std::size_t end = xml.find("</Child>", at);
    if (end == std::string::npos) break;
    std::string block = xml.substr(at, end - at);
    std::size_t id = block.find("<LAchildID>"), id_end = block.find("</LAchildID>");
    if (id == std::string::npos || id_end == std::string::npos) continue;
    out[block.substr(id + 11, id_end - id - 11)] = block;
  }
  return out;
}

// Each store is made once and shared by the tests.
class ProjectionScope : public ::testing::TestWithParam<std::tuple<Backend, Kind>> {
 protected:
  static Store& store() {
    static std::map<std::tuple<Backend, Kind>, Store> made;
    auto key = GetParam();
    auto it = made.find(key);
    if (it == made.end()) it = made.emplace(key, make(std::get<0>(key), std::get<1>(key))).first;
    return it->second;
  }

  static TempDir& dir() {
    static TempDir d;
    return d;
  }

  static Store make(Backend backend, Kind kind) {
    Store s;
    std::string name = std::string(kind == Kind::kGenerated ? "generated" : "imported") + "-" + kith::testing::backend_name(backend);
    std::string at = kith::testing::new_database(backend, dir(), name + ".db");
    if (kind == Kind::kGenerated) {
      auto r = kith::testing::run_kith("synth --seed 1 --scale 0.3 --until 2026-06-30 --no-demo-users --db '" + at + "'");
      EXPECT_EQ(r.code, 0) << r.output;
      auto db = store::Database::open(at, {});
      EXPECT_TRUE(db) << db.status().message();
      if (db) s.db = std::move(*db);
    } else {
      s.db = imported(at, name);
    }
    if (s.db) {
      auto c = council_people(*s.db, "");
      EXPECT_TRUE(c) << c.status().message();
      if (c) s.council = *c;
    }
    return s;
  }

  // The generated council's returns (903 of both years, CIN of 2025/26) loaded into an empty record.
  static std::unique_ptr<store::Database> imported(const std::string& at, const std::string& name) {
    std::string source = dir().file("source.db");
    if (!std::ifstream(source)) {
      auto r = kith::testing::run_kith("synth --seed 1 --scale 0.3 --until 2026-06-30 --no-demo-users --db " + source);
      EXPECT_EQ(r.code, 0) << r.output;
    }
    auto src = store::Database::open(source, {});
    EXPECT_TRUE(src);
    if (!src) return nullptr;
    for (int year : kYears) {
      auto files = project_903(**src, CollectionYear{year}, "");
      EXPECT_TRUE(files) << files.status().message();
      if (files) {
        EXPECT_TRUE(write_903(*files, dir().file("903_" + std::to_string(year))));
      }
    }
    auto census = project_cin(**src, CollectionYear{2026}, "");
    EXPECT_TRUE(census);
    if (!census) return nullptr;
    std::ofstream(dir().file("census.xml")) << census->xml;
    auto db = store::Database::open(at, {.create = true});
    EXPECT_TRUE(db) << db.status().message();
    auto log = audit::AuditLog::open(dir().file(name + ".audit-key"), true);
    EXPECT_TRUE(log);
    if (!db || !log) return nullptr;
    store::WriteContext ctx{*log, "system:test", "projection scope test"};
    auto cin = import::import_cin(**db, ctx, dir().file("census.xml"), kSchema);
    EXPECT_TRUE(cin) << cin.status().message();
    import::Import903Options both_years;
    both_years.dir = dir().file("903_2026"), both_years.previous_dir = dir().file("903_2025"), both_years.year = CollectionYear{2026};
    auto s903 = import::import_903(**db, ctx, both_years);
    EXPECT_TRUE(s903) << s903.status().message();
    return std::move(*db);
  }

  CouncilPeople one(std::int64_t person) {
    CouncilPeople p = store().council;
    p.all = false;
    p.ids = {person};
    return p;
  }
};

// Who is who: the child id each person carries in the returns, both ways.
struct Ids {
  ChildIds by_person;
  std::map<std::string, std::int64_t> by_child;
};

Ids ids_of(store::Database& db) {
  Ids out;
  std::vector<std::int64_t> people;
  EXPECT_TRUE(db.run("SELECT id FROM person", {}, [&](const store::Statement& s) { people.push_back(s.int64(0)); }));
  auto kept = load_child_ids(db);
  EXPECT_TRUE(kept);
  if (kept) out.by_person = *kept;
  for (std::int64_t p : people) out.by_child[child_id(out.by_person, p)] = p;
  return out;
}

// The scope's SQL: placeholders in text, the ids (ascending) as values, so the
// text is the same for any one child.
TEST(ChildScope, OnlyAShortListOfPeopleIsScoped) {
  CouncilPeople p;
  p.ids = {42, 7};
  const std::vector<store::Value> ids = {std::int64_t(7), std::int64_t(42)};
  EXPECT_TRUE(p.scoped());
  EXPECT_EQ(p.only("x.person_id").text, " AND x.person_id IN (?,?)");
  EXPECT_EQ(p.only("x.person_id").params, ids);
  EXPECT_EQ(p.where("person_id").text, " WHERE person_id IN (?,?)");
  Sql fields = p.records_of("l.id", "placement l JOIN cla_period p ON p.id = l.cla_period_id", "p.person_id");
  EXPECT_EQ(fields.text, " AND entity_id IN (SELECT l.id FROM placement l JOIN cla_period p ON p.id = l.cla_period_id WHERE p.person_id IN (?,?))");
  EXPECT_EQ(fields.params, ids);
  // Pieces join in order, text and values alike.
  Sql q = Sql{"SELECT id FROM cla_period WHERE start_date <= ?", {std::string("2026-03-31")}} + p.only("person_id") + " ORDER BY id";
  EXPECT_EQ(q.text, "SELECT id FROM cla_period WHERE start_date <= ? AND person_id IN (?,?) ORDER BY id");
  EXPECT_EQ(q.params, (std::vector<store::Value>{std::string("2026-03-31"), std::int64_t(7), std::int64_t(42)}));
  CouncilPeople one;
  one.ids = {123456};
  EXPECT_EQ(one.only("person_id").text, " AND person_id IN (?)");
  p.all = true;  // a council of one: whole tables, no filter
  EXPECT_FALSE(p.scoped());
  EXPECT_EQ(p.only("person_id").text, "");
  EXPECT_TRUE(p.where("person_id").params.empty());
  p.all = false;
  for (std::int64_t i = 0; i <= std::int64_t(CouncilPeople::kInSql); ++i) p.ids.insert(1000 + i);  // more than kInSql people
  EXPECT_FALSE(p.scoped());
  EXPECT_EQ(p.records_of("id", "cla_period", "person_id").text, "");
}

TEST_P(ProjectionScope, OneChildsSsda903IsThatChildsRowsOfTheCouncils) {
  Store& s = store();
  ASSERT_NE(s.db, nullptr);
  Ids ids = ids_of(*s.db);
  for (int year : kYears) {
    auto whole = project_903(*s.db, CollectionYear{year}, "");
    ASSERT_TRUE(whole) << whole.status().message();
    // The children to compare: the first of each table with rows, every 15th of the Header.
    std::set<std::string> chosen;
    for (const auto& t : whole->tables)
      if (!t.rows.empty()) chosen.insert(t.rows.front()[0]);
    const auto& header = whole->table("Header")->rows;
    for (std::size_t i = 0; i < header.size(); i += 10) chosen.insert(header[i][0]);
    // The fixture must exercise the tables a child's record fills (DoLo starts in 2026/27; UASC is rare).
    if (year == 2026) {
      for (const char* name : {"Episodes", "Reviews", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing", "SWEpisodes"}) {
        EXPECT_FALSE(whole->table(name)->rows.empty()) << name << " of " << year << " is empty: the comparison would not cover it";
      }
    }
    for (const std::string& child : chosen) {
      ASSERT_TRUE(ids.by_child.count(child)) << child;
      auto alone = project_903_people(*s.db, CollectionYear{year}, one(ids.by_child[child]));
      ASSERT_TRUE(alone) << alone.status().message();
      ASSERT_EQ(alone->tables.size(), whole->tables.size());
      for (std::size_t t = 0; t < whole->tables.size(); ++t) {
        Rows mine;
        for (const auto& row : whole->tables[t].rows)
          if (row[0] == child) mine.push_back(row);
        EXPECT_EQ(alone->tables[t].rows, mine) << whole->tables[t].name << " of " << year << ", child " << child;
      }
    }
    std::printf("%s: %zu children compared in the 903 of %d\n", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                chosen.size(), year);
  }
}

TEST_P(ProjectionScope, OneChildsCinCensusIsThatChildsElementOfTheCouncils) {
  Store& s = store();
  ASSERT_NE(s.db, nullptr);
  Ids ids = ids_of(*s.db);
  for (int year : kYears) {
    auto whole = project_cin(*s.db, CollectionYear{year}, "");
    ASSERT_TRUE(whole) << whole.status().message();
    auto children = children_of(whole->xml);
    ASSERT_EQ(children.size(), std::size_t(whole->children));
    std::set<std::string> chosen;
    // The first child showing each part of the census, and every 10th.
    for (const char* part : {"<ChildProtectionPlans>", "<Section47>", "<FactorsIdentifiedAtAssessment>", "<Disabilities>",
                             "<CINPlanDates>", "<Reviews>", "<CINclosureDate>", "<DateOfInitialCPC>"}) {
      auto it = std::find_if(children.begin(), children.end(), [&](const auto& c) { return c.second.find(part) != std::string::npos; });
      if (year == 2026) {  // the imported census's year
        EXPECT_NE(it, children.end()) << part << " is in no child's census of " << year;
      }
      if (it != children.end()) chosen.insert(it->first);
    }
    auto several = std::find_if(children.begin(), children.end(), [](const auto& c) {
      return c.second.find("<CINdetails>") != c.second.rfind("<CINdetails>");
    });
    if (several != children.end()) chosen.insert(several->first);
    std::size_t i = 0;
    for (const auto& c : children)
      if (i++ % 10 == 0) chosen.insert(c.first);
    for (const std::string& child : chosen) {
      ASSERT_TRUE(ids.by_child.count(child)) << child;
      auto alone = project_cin_people(*s.db, CollectionYear{year}, one(ids.by_child[child]));
      ASSERT_TRUE(alone) << alone.status().message();
      EXPECT_EQ(alone->children, 1) << child;
      auto mine = children_of(alone->xml);
      ASSERT_EQ(mine.size(), 1u) << child;
      EXPECT_EQ(mine.begin()->first, child);
      EXPECT_EQ(mine.begin()->second, children.at(child)) << "child " << child << " in " << year;
    }
    std::printf("%s: %zu children compared in the census of %d\n", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                chosen.size(), year);
  }
}

// A person in neither return (in the generated council, a parent) has an empty
// projection, not an error, and takes nobody else's rows with them.
TEST_P(ProjectionScope, APersonInNeitherReturnGetsEmptyTables) {
  Store& s = store();
  ASSERT_NE(s.db, nullptr);
  if (std::get<1>(GetParam()) == Kind::kImported) GTEST_SKIP() << "an imported record holds only the returns' children";
  std::int64_t parent = 0;
  ASSERT_TRUE(s.db->run("SELECT min(m.person_id) FROM family_member m WHERE m.role = 'parent' "
                        "AND NOT EXISTS (SELECT 1 FROM cla_period p WHERE p.person_id = m.person_id) "
                        "AND NOT EXISTS (SELECT 1 FROM cin_episode e WHERE e.person_id = m.person_id) "
                        "AND NOT EXISTS (SELECT 1 FROM care_leaver c WHERE c.person_id = m.person_id)",
                        {}, [&](const store::Statement& st) { parent = st.int64(0); }));
  ASSERT_GT(parent, 0);
  for (int year : kYears) {
    auto files = project_903_people(*s.db, CollectionYear{year}, one(parent));
    ASSERT_TRUE(files) << files.status().message();
    for (const auto& t : files->tables) EXPECT_TRUE(t.rows.empty()) << t.name;
    auto census = project_cin_people(*s.db, CollectionYear{year}, one(parent));
    ASSERT_TRUE(census);
    EXPECT_EQ(census->children, 0);
    EXPECT_TRUE(children_of(census->xml).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Returns, ProjectionScope,
                         ::testing::Values(std::tuple{Backend::kSqlite, Kind::kGenerated}, std::tuple{Backend::kSqlite, Kind::kImported},
                                           std::tuple{Backend::kPostgres, Kind::kImported}),
                         [](const auto& info) {
                           return std::string(kith::testing::backend_name(std::get<0>(info.param))) +
                                  (std::get<1>(info.param) == Kind::kGenerated ? "_generated" : "_imported");
                         });

}  // namespace
}  // namespace kith::returns::projection
