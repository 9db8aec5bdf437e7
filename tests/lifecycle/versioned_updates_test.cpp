// Optimistic concurrency rule (docs/ARCHITECTURE.md, "Writing to the record"):
// a record that practitioners edit carries a version, and every UPDATE of a
// versioned table moves the version on, so that a save that started from an
// older version is refused as a conflict instead of losing someone's update.
//
// This test enumerates the UPDATE statements in src/ and the migrated schema:
// a table updated in code must have a version column, or be listed below with
// the reason it needs none; and every UPDATE of a versioned table must bump
// the version. A new table or a new UPDATE that breaks the rule fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "fixtures/tiny_council.h"
#include "store/database.h"

namespace {

namespace fs = std::filesystem;

// Tables updated without a version, and why that is safe. Keep this list short.
const std::map<std::string, std::string> kNoVersionNeeded = {
    {"user_session", "a session's own last-seen time; no practitioner edits it"},
    {"totp_credential", "set once by its owner while signing in"},
    {"taf_consent", "consent withdrawn once, by date; a second withdrawal changes nothing that matters"},
    {"involvement", "allocation history: ends the open row and adds a new one (history, not an edit)"},
    {"lead_professional", "history: ends the open row and adds a new one"},
    {"worker", "leaving date set by an administrator, from the workforce import"},
    {"placement_provider", "edited only with its provider_registration.version checked first (casework/placements.cpp)"},
};

// Tables updated without a version today, to be fixed (issue 8 part 2): listed so
// that the gap is visible and nothing new joins it. Remove a line when it is fixed.
const std::map<std::string, std::string> kKnownGaps = {
    {"early_help_episode", "end and step-up/down transitions (casework/early_help.cpp)"},
    {"assessment", "completion and authorisation (casework/statutory.cpp)"},
    {"cp_plan", "category change and end (casework/statutory.cpp)"},
    {"placement", "ended when a new placement starts (casework/statutory.cpp)"},
    {"care_leaver", "pathway details (casework/statutory.cpp)"},
    {"authorisation", "a manager's decision (casework/statutory.cpp)"},
    {"contact", "the front-door decision (casework/front_door.cpp)"},
};

struct Update {
  std::string table, file, statement;
};

std::vector<Update> updates_in_source() {
  std::vector<Update> out;
  std::regex update(R"(UPDATE\s+([a-z_]+)\s+SET\s)");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(KITH_SOURCE_DIR) / "src")) {
    if (e.path().extension() != ".cpp") continue;
    std::ifstream in(e.path());
    std::stringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    // The statement runs to the parameter list or the end of the call; it may span several string literals.
    for (auto it = std::sregex_iterator(text.begin(), text.end(), update); it != std::sregex_iterator(); ++it) {
      std::size_t from = static_cast<std::size_t>(it->position(0));
      std::size_t to = std::min(text.find('{', from), text.find(';', from));
      out.push_back({(*it)[1], e.path().filename().string(), text.substr(from, to - from)});
    }
  }
  return out;
}

std::set<std::string> versioned_tables(kith::store::Database& db) {
  std::set<std::string> out;
  EXPECT_TRUE(db.run("SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'version'", {},
                     [&](const kith::store::Statement& r) { out.insert(r.text(0)); })
                  .is_ok());
  return out;
}

TEST(VersionedUpdates, EveryUpdatedTableHasAVersionOrAReason) {
  kith::testing::TempDir dir;
  auto db = kith::store::Database::open(dir.file("schema.db"), {.create = true});
  ASSERT_TRUE(db.is_ok());
  auto versioned = versioned_tables(**db);
  EXPECT_TRUE(versioned.count("person") && versioned.count("cin_episode") && versioned.count("cla_period"));  // the enumeration works
  auto updates = updates_in_source();
  EXPECT_GT(updates.size(), 10u);  // the scan found the stores' updates
  for (const Update& u : updates) {
    if (versioned.count(u.table) || kNoVersionNeeded.count(u.table) || kKnownGaps.count(u.table)) continue;
    ADD_FAILURE() << u.file << " updates '" << u.table << "', which has no version column: add one (a migration) and check it "
                  << "(UPDATE ... WHERE id = ? AND version = ?), or list the table in kNoVersionNeeded with the reason";
  }
}

TEST(VersionedUpdates, EveryUpdateOfAVersionedTableMovesTheVersionOn) {
  kith::testing::TempDir dir;
  auto db = kith::store::Database::open(dir.file("schema.db"), {.create = true});
  ASSERT_TRUE(db.is_ok());
  auto versioned = versioned_tables(**db);
  // Known exceptions, to be fixed: the CIN import refreshes person details without a version bump.
  const std::set<std::string> known = {"import_cin.cpp:person"};
  for (const Update& u : updates_in_source()) {
    if (!versioned.count(u.table) || known.count(u.file + ":" + u.table)) continue;
    EXPECT_NE(u.statement.find("version"), std::string::npos)
        << u.file << ": " << u.statement << " changes a versioned record without moving its version on";
  }
}

}  // namespace
