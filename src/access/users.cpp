#include "access/users.h"

#include <sodium.h>

#include <chrono>
#include <ctime>

namespace kith::access {
namespace {

std::string random_token() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char out[sizeof raw * 2 + 1];
  sodium_bin2hex(out, sizeof out, raw, sizeof raw);
  return out;
}

std::string token_hash(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char out[65];
  sodium_bin2hex(out, sizeof out, h, sizeof h);
  return out;
}

std::string utc_after(int minutes) {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + std::chrono::minutes(minutes));
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

constexpr const char* kViewerSql =
    "SELECT u.id, u.username, u.display_name, u.role, u.worker_id, w.team_id, t.locality_id "
    "FROM app_user u LEFT JOIN worker w ON w.id = u.worker_id LEFT JOIN team t ON t.id = w.team_id ";

Viewer read_viewer(const store::Statement& s) {
  Viewer v;
  v.user_id = s.int64(0);
  v.username = s.text(1);
  v.display_name = s.text(2);
  v.role = role_from_name(s.text(3)).value_or(Role::kPractitioner);
  v.worker_id = s.opt_int64(4);
  v.team_id = s.opt_int64(5);
  v.locality_id = s.opt_int64(6);
  return v;
}

}  // namespace

Result<std::string> hash_password(const std::string& password) {
  if (sodium_init() < 0) return Status::io("libsodium could not be initialised");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::io("out of memory while hashing a password");
  return std::string(out);
}

bool password_matches(const std::string& stored_hash, const std::string& password) {
  if (sodium_init() < 0) return false;
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

Status check_password_policy(const std::string& password) {
  if (password.size() < 12) return Status::invalid("password: use at least 12 characters");
  if (password.size() > 256) return Status::invalid("password: use at most 256 characters");
  return Status::ok();
}

Result<Id> create_user(store::Database& db, const NewUser& u) {
  KITH_RETURN_IF_ERROR(check_password_policy(u.password));
  auto hash = hash_password(u.password);
  if (!hash) return hash.status();
  auto next = db.scalar("SELECT coalesce(max(id), 0) + 1 FROM app_user");
  if (!next) return next.status();
  Status s = db.run("INSERT INTO app_user (id, username, password_hash, role, worker_id, display_name) VALUES (?,?,?,?,?,?)",
                    {*next, u.username, *hash, std::string(role_name(u.role)), store::opt(u.worker_id), u.display_name});
  if (s.code() == Status::Code::kConflict) return Status::conflict("username '" + u.username + "' is already taken");
  KITH_RETURN_IF_ERROR(s);
  return *next;
}

Result<Viewer> authenticate(store::Database& db, const std::string& username, const std::string& password) {
  std::optional<Viewer> viewer;
  std::string stored;
  KITH_RETURN_IF_ERROR(db.run(std::string(kViewerSql) + "WHERE u.username = ?", {username}, [&](const store::Statement& s) {
    viewer = read_viewer(s);
  }));
  KITH_RETURN_IF_ERROR(db.run("SELECT password_hash FROM app_user WHERE username = ?", {username},
                              [&](const store::Statement& s) { stored = s.text(0); }));
  static const std::string kDummy = hash_password("kith-timing-equaliser").value();
  // Verify against a dummy hash for unknown users so timing does not tell.
  bool ok = password_matches(viewer ? stored : kDummy, password);
  if (!viewer || !ok) return Status::denied("The username or password is not right");
  return *viewer;
}

Result<Viewer> load_viewer(store::Database& db, Id user_id) {
  std::optional<Viewer> viewer;
  KITH_RETURN_IF_ERROR(db.run(std::string(kViewerSql) + "WHERE u.id = ?", {user_id},
                              [&](const store::Statement& s) { viewer = read_viewer(s); }));
  if (!viewer) return Status::not_found("user " + std::to_string(user_id) + " not found");
  return *viewer;
}

Result<Session> start_session(store::Database& db, const Viewer& viewer, int ttl_minutes) {
  Session session{random_token(), random_token(), viewer};
  KITH_RETURN_IF_ERROR(db.run(
      "INSERT INTO user_session (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)",
      {token_hash(session.token), viewer.user_id, session.csrf_token, utc_after(0), utc_after(ttl_minutes)}));
  return session;
}

Result<Session> find_session(store::Database& db, const std::string& token) {
  std::optional<Id> user;
  std::string csrf;
  KITH_RETURN_IF_ERROR(db.run("SELECT user_id, csrf_token FROM user_session WHERE token_hash = ? AND expires_at > ?",
                              {token_hash(token), utc_after(0)}, [&](const store::Statement& s) {
                                user = s.int64(0);
                                csrf = s.text(1);
                              }));
  if (!user) return Status::not_found("session expired or unknown");
  auto viewer = load_viewer(db, *user);
  if (!viewer) return viewer.status();
  return Session{token, csrf, *viewer};
}

Status end_session(store::Database& db, const std::string& token) {
  return db.run("DELETE FROM user_session WHERE token_hash = ?", {token_hash(token)});
}

bool same_secret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace kith::access
