// kith serve --today: a fixed date for the whole server. A date that is not
// real is refused before anything starts (the browser journey,
// tests/browser/whole_journey.test.mjs, runs the server with good ones).
#include <gtest/gtest.h>

#include "fixtures/kith_cli.h"
#include "fixtures/tiny_council.h"

namespace kith {
namespace {

TEST(ServeToday, ADateThatIsNotRealIsRefusedWithExitTwo) {
  testing::TempDir dir;
  std::string db = dir.file("t.db");
  testing::make_tiny_council(db);
  for (const char* bad : {"2025-02-30", "19/12/2025", "2025-13-01", "tomorrow"}) {
    testing::CliRun r = testing::run_kith("serve --port 0 --db " + db + " --today " + bad);
    EXPECT_EQ(r.code, 2) << bad << ": " << r.output;
    EXPECT_NE(r.output.find("--today \"" + std::string(bad) + "\" is not a real date"), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find("Kith is running"), std::string::npos) << "nothing starts: " << r.output;
  }
}

}  // namespace
}  // namespace kith
