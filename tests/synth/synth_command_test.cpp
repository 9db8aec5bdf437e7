// `kith synth` from the outside: bad input is refused with exit 2 and a
// message naming the option, nothing is left half-written, an existing
// database is kept unless --force, and a run prints its summary and sign-ins.


#include "fixtures/kith_cli.h"
#include "synth_fixture.h"

namespace kith::synth::testing {
namespace {

using Ran = ::kith::testing::CliRun;
Ran kith(const std::string& args) { return ::kith::testing::run_kith("synth " + args); }

bool exists(const std::string& path) { return std::filesystem::exists(path); }

const std::string kSmall = " --scale 0.02 --years 2 --until 2025-06-30 --data-dir " + data_dir();

TEST(SynthCommand, RefusesAnUnknownCouncil) {
  TempDir dir;
  Ran r = kith("--db " + dir.file("x.db") + " --councils 999" + kSmall);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--councils"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir.file("x.db")));
}

TEST(SynthCommand, RefusesAnErrorRateOutsideZeroToOne) {
  TempDir dir;
  Ran r = kith("--db " + dir.file("x.db") + " --errors 1.5" + kSmall);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--errors"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir.file("x.db")));
}

TEST(SynthCommand, RefusesAnUnwritablePath) {
  Ran r = kith("--db /nonexistent-folder/kith.db" + kSmall);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--db"), std::string::npos) << r.output;
}

TEST(SynthCommand, GeneratesPrintsSignInsAndKeepsExistingDataUnlessForced) {
  TempDir dir;
  std::string db = dir.file("kith.db");
  Ran first = kith("--seed 4 --db " + db + kSmall);
  ASSERT_EQ(first.code, 0) << first.output;
  EXPECT_NE(first.output.find("rows/s"), std::string::npos) << first.output;
  for (const char* text : {"practitioner", "team_manager", "locality_manager", "partner_practitioner", "performance_analyst",
                           "councillor", "administrator", "kith-demo-2026"})
    EXPECT_NE(first.output.find(text), std::string::npos) << text << " missing from:\n" << first.output;
  EXPECT_TRUE(exists(db));
  EXPECT_TRUE(exists(db + ".audit-key"));
  EXPECT_FALSE(exists(db + ".partial"));

  Ran again = kith("--seed 4 --db " + db + kSmall);
  EXPECT_EQ(again.code, 2) << again.output;
  EXPECT_NE(again.output.find("--force"), std::string::npos) << again.output;

  Ran forced = kith("--seed 4 --force --db " + db + kSmall);
  EXPECT_EQ(forced.code, 0) << forced.output;
  auto opened = store::Database::open(db, {});
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  EXPECT_EQ(count(**opened, "SELECT count(*) FROM council"), 1) << "--force replaces, it does not append";
  EXPECT_EQ(count(**opened, "SELECT count(*) FROM app_user"), 7);
}

}  // namespace
}  // namespace kith::synth::testing
