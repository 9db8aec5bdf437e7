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
inline constexpr char kKeptFormCookie[] = "kith_kept_form";  // a form kept across a session time-out

// 32 random bytes as hex.
std::string random_token();

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure when the
// server is behind TLS. max_age 0 deletes the cookie; nullopt lasts until the
// browser closes (the server expires the session itself).
std::string cookie(const std::string& name, const std::string& value, const ServerOptions& options,
                   std::optional<int> max_age = std::nullopt);

// The live session named by the request's cookie, or nullopt (also when it
// has been unused for idle_minutes; 0 means no idle limit).
Result<std::optional<access::Session>> current_session(store::Database& db, const Request& req, int idle_minutes = 0);

// Checks the password and starts a new session, auditing the attempt
// (sign_in, sign_in_failed or sign_in_locked) in the same transaction.
// denied, with one message for people whatever the cause (wrong username,
// wrong password, account locked), so no answer tells which usernames exist.
// The session is at stage kCode when the user has a one-time code set up,
// kEnrol when their role must have one and they have not, else kFull.
Result<access::Session> sign_in(App& app, store::Database& db, const std::string& username, const std::string& password,
                                const std::string& reason);

// Ends the stage-kCode/kEnrol session and starts a full one with a new token
// (so the token of the unfinished sign-in is worthless), audited as
// sign_in_completed. Call after the one-time code was accepted.
Result<access::Session> finish_sign_in(App& app, store::Database& db, const access::Session& unfinished);

// After a full sign-in: the kept form's page when the browser holds one,
// else the role's home; clears the sign-in cookies.
Response signed_in_redirect(App& app, const Request& req, const access::Session& session);

// Where a role starts: practitioners at their work, managers at their locality.
std::string home_for(const access::Viewer& viewer);

}  // namespace kith::web
