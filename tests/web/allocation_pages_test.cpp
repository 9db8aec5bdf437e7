// Who may open a child on the allocation page (/children/{id}/allocation,
// pages_allocation.cpp), through a real HTTP server on SQLite and PostgreSQL:
// a manager opens a child in their scope (the access matrix covers that) and,
// as the one exception, a child of their locality's allocation queue: an open
// referral, no allocated social worker, the family's latest routing to the
// manager's locality. Every open is audited with the reason "allocation", a
// refusal as read_denied. The children below sit just inside and just outside
// that queue; the expected statuses follow from the rule as written above.
#include <gtest/gtest.h>

#include "client.h"
#include "fixture.h"

namespace kith::web::testing {
namespace {

// Four children added to the web tests' council (North = locality 1, where the team and locality managers
// work; South = locality 2), each in a family of their own:
//   Gil  open referral, unallocated, routed to the North              -> in the North queue
//   Hal  open referral, unallocated, routed to the North then South   -> the latest routing decides: not North's
//   Ivy  open referral, routed to the North, allocated in the South   -> allocated: not in any queue
//   Jo   referral closed, unallocated, routed to the North            -> closed: not in any queue
constexpr const char* kQueueSql = R"sql(
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES
  (40, 'Gil', 'Waiting', 'M', '2014-03-01', 'WBRI', 1), (41, 'Hal', 'Rerouted', 'M', '2014-03-01', 'WBRI', 1),
  (42, 'Ivy', 'Allocated', 'F', '2014-03-01', 'WBRI', 1), (43, 'Jo', 'Closed', 'F', '2014-03-01', 'WBRI', 1);
INSERT INTO family (id, name, address_id, locality_id, family_hub_id) VALUES
  (40, 'Waiting family', 1, 1, 1), (41, 'Rerouted family', 1, 1, 1), (42, 'Allocated family', 1, 1, 1), (43, 'Closed family', 1, 1, 1);
INSERT INTO family_member VALUES (40, 40, 'child', '2014-03-01', NULL), (41, 41, 'child', '2014-03-01', NULL),
  (42, 42, 'child', '2014-03-01', NULL), (43, 43, 'child', '2014-03-01', NULL);
INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need, close_date, reason_for_closure) VALUES
  (40, 40, '2025-04-22', '2A', 'N1', NULL, NULL), (41, 41, '2025-04-22', '2A', 'N1', NULL, NULL),
  (42, 42, '2025-04-22', '2A', 'N1', NULL, NULL), (43, 43, '2025-04-01', '2A', 'N1', '2025-04-20', 'RC8');
INSERT INTO routing (id, family_id, contact_id, locality_id, family_hub_id, team_id, basis, recorded_on, recorded_by, reason) VALUES
  (40, 40, NULL, 1, 1, 1, 'postcode', '2025-04-22', 'test', NULL), (41, 41, NULL, 1, 1, 1, 'postcode', '2025-04-22', 'test', NULL),
  (42, 41, NULL, 2, 2, 3, 'manager', '2025-04-23', 'test', 'moved south'), (43, 42, NULL, 1, 1, 1, 'postcode', '2025-04-22', 'test', NULL),
  (44, 43, NULL, 1, 1, 1, 'postcode', '2025-04-01', 'test', NULL);
INSERT INTO involvement VALUES (40, 42, 5, 3, 'allocated_social_worker', '2025-04-23', NULL, NULL);
)sql";
enum QueueChild : Id { kGil = 40, kHal = 41, kIvy = 42, kJo = 43 };

class AllocationPages : public CouncilServerTest<AllocationPages> {
 public:  // prepare_council is called by CouncilServerTest
  static void prepare_council(const std::string& path) {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE(db.is_ok());
    Status s = (*db)->exec(kQueueSql);
    ASSERT_TRUE(s.is_ok()) << s.message();
  }
  static std::string page_of(Id child) { return "/children/" + std::to_string(child) + "/allocation"; }
  // Audit entries of actor's reads (action read or read_denied) of the child made by the allocation page.
  static std::int64_t audited(const std::string& actor, const std::string& action, Id child) {
    return count("SELECT count(*) FROM audit_entry WHERE actor = '" + actor + "' AND action = '" + action +
                 "' AND entity = 'person' AND reason = 'allocation' AND entity_id = '" + std::to_string(child) + "'");
  }
};

TEST_P(AllocationPages, AManagerOpensAChildWaitingInTheirLocalitysQueueAndTheReadIsAudited) {
  for (const std::string role : {"team_manager", "locality_manager"}) {
    SCOPED_TRACE(role);
    Browser b = signed_in(role);
    std::int64_t before = audited(role, "read", kGil);
    auto page = b.get(page_of(kGil));
    ASSERT_EQ(page->status, 200);
    EXPECT_TRUE(has(page, "Gil Waiting"));
    EXPECT_TRUE(has(page, "Nobody"));  // allocated now
    EXPECT_EQ(audited(role, "read", kGil), before + 1);
    EXPECT_EQ(audited(role, "read_denied", kGil), 0);
    // The queue page lists Gil and none of the others.
    auto queue = b.get("/allocations");
    ASSERT_EQ(queue->status, 200);
    EXPECT_TRUE(has(queue, "href=\"/children/40/allocation\""));
    for (Id other : {kHal, kIvy, kJo}) EXPECT_FALSE(has(queue, "href=\"" + page_of(other) + "\"")) << other;
  }
}

TEST_P(AllocationPages, ChildrenJustOutsideTheQueueAreRefusedAndTheRefusalIsAudited) {
  struct Case {
    Id child;
    const char* why;
  };
  for (const std::string role : {"team_manager", "locality_manager"}) {
    Browser b = signed_in(role);
    for (const Case& c : {Case{kHal, "routed on to the South"}, Case{kIvy, "allocated in the South"}, Case{kJo, "referral closed"},
                          Case{kDan, "the South's allocated case"}}) {
      SCOPED_TRACE(role + ": " + c.why);
      std::int64_t before = audited(role, "read_denied", c.child);
      auto page = b.get(page_of(c.child));
      ASSERT_EQ(page->status, 403);
      EXPECT_FALSE(has(page, "Allocate a social worker"));
      EXPECT_EQ(audited(role, "read_denied", c.child), before + 1);
      EXPECT_EQ(audited(role, "read", c.child), 0);
    }
  }
}

TEST_P(AllocationPages, NoSuchChildIsNotFoundAndANonManagerIsRefusedBeforeTheChildIsRead) {
  Browser manager = signed_in("team_manager");
  EXPECT_EQ(manager.get(page_of(999))->status, 404);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE entity = 'person' AND entity_id = '999'"), 0);
  // The practitioner is refused by role: the child is never opened, so nothing is audited for Gil.
  Browser practitioner = signed_in("practitioner");
  EXPECT_EQ(practitioner.get(page_of(kGil))->status, 403);
  EXPECT_EQ(count("SELECT count(*) FROM audit_entry WHERE actor = 'practitioner' AND entity = 'person' AND entity_id = '40'"), 0);
}

INSTANTIATE_TEST_SUITE_P(Web, AllocationPages, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
