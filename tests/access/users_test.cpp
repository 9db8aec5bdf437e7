#include <gtest/gtest.h>

#include "access/users.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::access {
namespace {

using testing::TempDir;

TEST(Passwords, AreHashedWithArgon2idAndVerify) {
  auto h = hash_password("correct horse battery");
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(password_matches(*h, "correct horse battery"));
  EXPECT_FALSE(password_matches(*h, "correct horse batterY"));
  EXPECT_NE(*h, *hash_password("correct horse battery")) << "each hash must have its own salt";
}

TEST(Passwords, PolicyNeedsTwelveCharacters) {
  EXPECT_FALSE(check_password_policy("short-pass1").is_ok());
  EXPECT_TRUE(check_password_policy("twelve chars").is_ok());
}

// Users and sessions stored in the database: on SQLite and on PostgreSQL.
class SignIn : public testing::BackendTest {
 protected:
  TempDir dir_;
  std::unique_ptr<store::Database> db_ = testing::make_tiny_council(testing::new_database(backend(), dir_));
};

TEST_P(SignIn, RightPasswordGivesTheViewerWithTeamAndLocality) {
  auto v = authenticate(*db_, "practitioner", testing::kTinyPassword);
  ASSERT_TRUE(v.is_ok()) << v.status().message();
  EXPECT_EQ(v->role, Role::kPractitioner);
  EXPECT_EQ(v->worker_id, 1);
  EXPECT_EQ(v->team_id, 1);
  EXPECT_EQ(v->locality_id, 1);
}

TEST_P(SignIn, WrongPasswordAndUnknownUserGetTheSameMessage) {
  auto wrong = authenticate(*db_, "practitioner", "not the password");
  auto unknown = authenticate(*db_, "nobody", "not the password");
  ASSERT_FALSE(wrong.is_ok());
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(wrong.status().code(), Status::Code::kDenied);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_P(SignIn, DuplicateUsernameIsAConflict) {
  auto id = create_user(*db_, {"practitioner", "another long password", Role::kPractitioner, std::nullopt, "X"});
  EXPECT_EQ(id.status().code(), Status::Code::kConflict);
}

TEST_P(SignIn, SessionsAreFoundByTokenAndEnd) {
  auto v = authenticate(*db_, "councillor", testing::kTinyPassword);
  auto s = start_session(*db_, *v, 30);
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(s->token.size(), 64u);
  EXPECT_NE(s->token, s->csrf_token);
  auto found = find_session(*db_, s->token);
  ASSERT_TRUE(found.is_ok());
  EXPECT_EQ(found->viewer.role, Role::kCouncillor);
  EXPECT_EQ(found->csrf_token, s->csrf_token);
  EXPECT_EQ(*db_->scalar("SELECT count(*) FROM user_session WHERE token_hash = ?", {s->token}), 0) << "token stored in clear";
  ASSERT_TRUE(end_session(*db_, s->token).is_ok());
  EXPECT_FALSE(find_session(*db_, s->token).is_ok());
}

TEST_P(SignIn, ExpiredSessionsAreNotFound) {
  auto v = authenticate(*db_, "councillor", testing::kTinyPassword);
  auto s = start_session(*db_, *v, -1);
  EXPECT_FALSE(find_session(*db_, s->token).is_ok());
}

TEST(Secrets, CompareInConstantTimeButCorrectly) {
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "abcd"));
}

INSTANTIATE_TEST_SUITE_P(Access, SignIn, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::access
