// Who may sign in, and their sessions. Passwords are stored only as
// argon2id hashes (libsodium crypto_pwhash_str); session tokens only as
// BLAKE2b hashes, so a copy of the database gives no working sign-in.
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::access {

// The signed-in person and the scope their role gives them.
struct Viewer {
  Id user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kPractitioner;
  std::optional<Id> worker_id;
  std::optional<Id> team_id;      // the worker's team
  std::optional<Id> locality_id;  // the team's locality
};

struct NewUser {
  std::string username;
  std::string password;
  Role role = Role::kPractitioner;
  std::optional<Id> worker_id;
  std::string display_name;
};

// Hashes a password with argon2id (interactive limits). Slow by design (~50 ms).
Result<std::string> hash_password(const std::string& password);
// True when password matches the stored argon2id hash.
bool password_matches(const std::string& stored_hash, const std::string& password);
// Explains why a password is not acceptable, or ok: at least 12 and at most
// 256 characters, not the username, not in data/common-passwords.txt (any
// case), and not all of one kind (letters only, digits only, ...).
Status check_password_policy(const std::string& password, const std::string& username = "");

// Creates a user; conflict if the username exists. Call inside a transaction.
Result<Id> create_user(store::Database& db, const NewUser& user);

// Checks a username and password. The same message for an unknown user and a
// wrong password, so sign-in does not reveal which usernames exist.
Result<Viewer> authenticate(store::Database& db, const std::string& username, const std::string& password);

// Loads a user's Viewer (role, team, locality) by id.
Result<Viewer> load_viewer(store::Database& db, Id user_id);

// How far a sign-in has got: fully signed in, or the password was right and
// a one-time code (kCode) or setting one up (kEnrol) is still due.
enum class SessionStage { kFull, kCode, kEnrol };

struct Session {
  std::string token;       // goes in the cookie; never stored
  std::string csrf_token;  // goes in every form
  Viewer viewer;
  SessionStage stage = SessionStage::kFull;
};

// Starts a session lasting ttl_minutes for the user, with a new random token
// (so a token planted before sign-in is worthless).
Result<Session> start_session(store::Database& db, const Viewer& viewer, int ttl_minutes,
                              SessionStage stage = SessionStage::kFull);
// Finds a live session by its cookie token; not_found when unknown, expired,
// or unused for idle_minutes (0: no idle limit). Marks it as used now.
Result<Session> find_session(store::Database& db, const std::string& token, int idle_minutes = 0);
struct TimedOutSession {
  Id user_id = 0;
  std::string csrf_token;
};
// A session row that exists but has timed out (expired or idle), so a form
// sent on it can be kept for its user; nullopt when there is none.
Result<std::optional<TimedOutSession>> timed_out_session(store::Database& db, const std::string& token);
// Ends a session (sign out). Unknown tokens are ignored.
Status end_session(store::Database& db, const std::string& token);

// True when both strings are equal, compared in constant time.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace kith::access
