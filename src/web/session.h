// Sessions in cookies, CSRF tokens and where each role lands after signing in.
//
// The session cookie holds a random token whose hash is the key of
// user_session (see access/users.h); the session's CSRF token must come back
// with every POST. Before sign-in there is no session, so the sign-in form
// uses a double-submit token: the same random value in a cookie and in the form.
//
// Thread-safety: free functions.
#pragma once

#include <optional>
#include <string>

#include "access/users.h"
#include "web/http.h"
#include "web/server.h"

namespace kith::web {

class App;

inline constexpr char kSessionCookie[] = "kith_session";
inline constexpr char kSignInCsrfCookie[] = "kith_sign_in";

// 32 random bytes as hex.
std::string random_token();

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure when the
// server is behind TLS. max_age 0 deletes the cookie; nullopt lasts until the
// browser closes (the server expires the session itself).
std::string cookie(const std::string& name, const std::string& value, const ServerOptions& options,
                   std::optional<int> max_age = std::nullopt);

// The live session named by the request's cookie, or nullopt.
Result<std::optional<access::Session>> current_session(store::Database& db, const Request& req);

// Checks the password and starts a new session, auditing the attempt
// (sign_in or sign_in_failed) in the same transaction. denied with a message
// for people when the username or password is wrong.
Result<access::Session> sign_in(App& app, store::Database& db, const std::string& username, const std::string& password,
                                const std::string& reason);

// Where a role starts: practitioners at their work, managers at their locality.
std::string home_for(const access::Viewer& viewer);

}  // namespace kith::web
