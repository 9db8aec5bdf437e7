// SSDA903 postcodes beyond England (data/postcodes/other_uk_postcodes.csv.gz) and
// the binary postcode cache: building it, reading it, and loading without it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include <unistd.h>

#include "returns/ssda903/derived.h"
#include "returns/ssda903/postcodes.h"
#include "returns/ssda903/reader.h"

namespace kith::returns::ssda903 {
namespace {

namespace fs = std::filesystem;

const std::string kData = std::string(KITH_SOURCE_DIR) + "/data";
const std::string kEpisodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

// Points XDG_CACHE_HOME at a folder for one test and restores it afterwards.
class CacheHome {
 public:
  explicit CacheHome(const std::string& dir) {
    if (const char* old = std::getenv("XDG_CACHE_HOME")) old_ = old;
    setenv("XDG_CACHE_HOME", dir.c_str(), 1);
  }
  ~CacheHome() {
    if (old_) setenv("XDG_CACHE_HOME", old_->c_str(), 1);
    else unsetenv("XDG_CACHE_HOME");
  }

 private:
  std::optional<std::string> old_;
};

Return903 episodes(const std::string& rows) {
  Return903 r;
  r.metadata = metadata_for_year(2026, "E08000003");  // Manchester
  std::vector<std::string> warnings;
  EXPECT_TRUE(add_csv(kEpisodes + rows, "Episodes.csv", 2026, "", r, warnings));
  return r;
}

TEST(Ssda903Postcodes, WelshScottishAndNorthernIrishPlacements) {
  Return903 r = episodes(
      "1,01/05/2025,S,C2,N1,U1,PR1,,,,M1 1AE,cf10 1ep,\n"  // Cardiff (W06000015)
      "2,01/05/2025,S,C2,N1,U1,PR1,,,,M1 1AE,EH1 1YZ,\n"   // Edinburgh (S12000036)
      "3,01/05/2025,S,C2,N1,U1,PR1,,,,M1 1AE,BT1 1AA,\n"   // Belfast (N09000003)
      "4,01/05/2025,S,C2,N1,U1,PR1,,,,M1 1AE,JE2 4WE,\n"   // Jersey (L99999999, no grid reference)
      "5,01/05/2025,S,C2,N1,U1,PR1,,,,IM1 1AA,M1 1AE,\n"); // Isle of Man home (M99999999)
  auto keys = postcodes_in(r);
  auto postcodes = PostcodeIndex::load(kData, [&](std::uint64_t k) { return keys.count(k) > 0; });
  ASSERT_TRUE(postcodes) << postcodes.status().message();
  EXPECT_EQ(postcodes->size(), 6u);
  add_derived_fields(r, *postcodes);
  const Table& e = *r.table("Episodes");
  const Column &la = *e.column("PL_LA"), &loc = *e.column("PL_LOCATION"), &dist = *e.column("PL_DISTANCE");

  // other_uk_postcodes.csv.gz: CF101EP,318200,175860,W06000015; england_postcodes.csv.gz:
  // M1  1AE,384756,398553,E08000003. With the formula of shared/data/postcodes/README.md:
  //   dE = 384756 - 318200 = 66556          dE^2 =  4,429,701,136
  //   dN = 398553 - 175860 = 222693         dN^2 = 49,592,172,249
  //   sqrt(54,021,873,385) = 232,426.06 m;  232.42606 km / 1.6093 = 144.4268 -> 144.4 miles
  EXPECT_EQ(la[0], "WAL");
  EXPECT_EQ(loc[0], "OUT");
  EXPECT_EQ(dist[0], "144.4");
  // EH1 1YZ (325597, 673676): dE = 59159, dN = -275123 -> 281,411.5 m = 174.9 miles.
  EXPECT_EQ(la[1], "SCO");
  EXPECT_EQ(dist[1], "174.9");
  // BT1 1AA (334316, 374675) is on the Irish Grid, as every Northern Irish ONSPD grid reference;
  // the reference formula mixes the grids all the same: dE = 50440, dN = 23878 -> 34.7 "miles".
  EXPECT_EQ(la[2], "NIR");
  EXPECT_EQ(dist[2], "34.7");
  // Channel Islands and Isle of Man: known postcodes with no PL_LA and no grid reference.
  EXPECT_TRUE(la.null(3));
  EXPECT_EQ(loc[3], "OUT");
  EXPECT_TRUE(dist.null(3));
  EXPECT_EQ(la[4], "E08000003");
  EXPECT_EQ(loc[4], "IN");
  EXPECT_TRUE(dist.null(4));
}

TEST(Ssda903Postcodes, CacheIsBuiltThenMappedAndRebuiltWhenDamaged) {
  fs::path dir = fs::temp_directory_path() / ("kith_pc_cache_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  CacheHome home(dir.string());
  std::string cache = postcode_cache_path(kData);
  ASSERT_EQ(cache.rfind(dir.string() + "/kith/postcodes-", 0), 0u) << cache;

  auto first = PostcodeIndex::load(kData);
  ASSERT_TRUE(first) << first.status().message();
  EXPECT_FALSE(first->from_cache());
  EXPECT_EQ(first->size(), 2'264'892u + 444'657u);  // the rows of both extracts
  ASSERT_TRUE(fs::exists(cache));
  EXPECT_EQ(fs::file_size(cache), 56u + 16u * 364u + 16u * first->size());  // header, districts ("" and 363 laua codes), entries

  auto mapped = PostcodeIndex::load(kData);
  ASSERT_TRUE(mapped) << mapped.status().message();
  EXPECT_TRUE(mapped->from_cache());
  EXPECT_EQ(mapped->size(), first->size());
  for (const char* pc : {"SW1A 1AA", "M1 1AE", "CF10 1EP", "BT1 1AA", "JE2 4WE", "ZE1 0AA", "AB1 0AA"}) {
    auto a = first->find(pc), b = mapped->find(pc);
    ASSERT_EQ(a.has_value(), b.has_value()) << pc;
    if (!a) continue;
    EXPECT_EQ(a->easting, b->easting) << pc;
    EXPECT_EQ(a->northing, b->northing) << pc;
    EXPECT_EQ(a->pl_la, b->pl_la) << pc;
    EXPECT_EQ(a->has_grid, b->has_grid) << pc;
  }
  EXPECT_EQ(mapped->find("SW1A1AA")->pl_la, "E09000033");
  EXPECT_FALSE(mapped->find("ZZ9 9ZZ"));

  auto filtered = PostcodeIndex::load(kData, [](std::uint64_t k) { return k == *postcode_key("CF101EP"); });
  ASSERT_TRUE(filtered);
  EXPECT_TRUE(filtered->from_cache());
  EXPECT_EQ(filtered->size(), 1u);
  EXPECT_EQ(filtered->find("CF10 1EP")->pl_la, "WAL");

  // A damaged (here: truncated) cache is not used; the next load parses and rewrites it.
  fs::resize_file(cache, fs::file_size(cache) - 16);
  auto rebuilt = PostcodeIndex::load(kData);
  ASSERT_TRUE(rebuilt);
  EXPECT_FALSE(rebuilt->from_cache());
  EXPECT_EQ(rebuilt->size(), first->size());
  EXPECT_TRUE(PostcodeIndex::load(kData)->from_cache());
  fs::remove_all(dir);
}

TEST(Ssda903Postcodes, LoadsWithoutACacheWhenNoneCanBeWritten) {
  CacheHome home("/dev/null");  // a file: no folder can be made under it
  auto postcodes = PostcodeIndex::load(kData, [](std::uint64_t k) { return k == *postcode_key("EH11YZ") || k == *postcode_key("M11AE"); });
  ASSERT_TRUE(postcodes) << postcodes.status().message();
  EXPECT_FALSE(postcodes->from_cache());
  EXPECT_EQ(postcodes->size(), 2u);
  EXPECT_EQ(postcodes->find("EH1 1YZ")->pl_la, "SCO");
  EXPECT_EQ(*placement_distance(*postcodes->find("M1 1AE"), *postcodes->find("EH1 1YZ")), 174.9);
}

}  // namespace
}  // namespace kith::returns::ssda903
