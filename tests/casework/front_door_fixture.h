// The tiny council (tests/fixtures/tiny_council.sql) plus what the front door
// tests need and the shared fixture lacks, each fact small enough to check by hand:
//   team 4  North Early Help       (locality 1, hub 1)
//   hub 3   North East Family Hub  (locality 1, postcode AB1 5QA, directory grid 402000,300000)
//   team 5  North East Early Help  (locality 1, hub 3)
//   address 3  AB1 5QQ at 403000,300000 in North: 3 km east of hub 1, 1 km east of hub 3
//   directory: 1 North Family Hub (hub 1, 400000,300000, parenting + early_years)
//              2 North East Family Hub (hub 3, 402000,300000, parenting)
//              3 Money Advice (no hub, 410000,290000 = address 2's grid, money_housing)
#pragma once

#include <gtest/gtest.h>

#include <optional>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {

inline constexpr const char* kFrontDoorExtras = R"sql(
INSERT INTO team VALUES (4, 1, 1, 'North Early Help', 'early_help');
INSERT INTO family_hub VALUES (3, 1, 'North East Family Hub', 'AB1 5QA');
INSERT INTO team VALUES (5, 1, 3, 'North East Early Help', 'early_help');
INSERT INTO address VALUES (3, 'AB1 5QQ', 403000, 300000, 1);
INSERT INTO directory_service (id, family_hub_id, name, description, address, postcode, easting, northing, opening_times) VALUES
  (1, 1, 'North Family Hub', 'Hub', '1 High Street', 'AB1 2CD', 400000, 300000, 'Monday to Friday 9am to 5pm'),
  (2, 3, 'North East Family Hub', 'Hub', '2 East Road', 'AB1 5QA', 402000, 300000, 'Monday to Friday 9am to 5pm'),
  (3, NULL, 'Money Advice', 'Debt and housing', '3 South Street', 'AB9 9ZZ', 410000, 290000, 'Mondays 10am to 4pm');
INSERT INTO directory_offer VALUES (1, 'parenting'), (1, 'early_years'), (2, 'parenting'), (3, 'money_housing');
INSERT INTO outreach_venue VALUES (1, 1, 'Oakfield Primary School', '4 School Lane', 'AB1 2CE', 'Stay and play, Tuesdays 10am');
)sql";

// On both backends where the suite is instantiated over them (TEST_P), on
// SQLite under a plain TEST_F.
class FrontDoorTest : public testing::BackendTest {
 protected:
  void SetUp() override {
    location_ = testing::new_database(backend(), dir_);
    db_ = testing::make_tiny_council(location_);
    ASSERT_NE(db_, nullptr);
    Status s = db_->exec(kFrontDoorExtras);
    ASSERT_TRUE(s.is_ok()) << s.message();
    log_.emplace(std::move(*audit::AuditLog::open(dir_.file("k.key"), true)));
  }
  store::WriteContext ctx() { return {*log_, "practitioner", "front door"}; }
  access::Viewer as(Role r) { return testing::viewer_for(*db_, r); }
  std::int64_t n(const std::string& sql, const std::vector<store::Value>& params = {}) { return testing::scalar_of(*db_, sql, params); }
  std::string text(const std::string& sql, const std::vector<store::Value>& params = {}) { return testing::text_of(*db_, sql, params); }

  testing::TempDir dir_;
  std::string location_;  // the database's file or URL, for a second connection
  std::unique_ptr<store::Database> db_;
  std::optional<audit::AuditLog> log_;
};

}  // namespace kith::casework
