// Forms that arrive on a timed-out session, kept so the person does not lose
// what they typed: the fields are stored for the session's own user, the
// browser gets a token in a cookie, and after signing in again the same
// user is shown the form filled in (never submitted for them).
//
// Thread-safety: free functions using only the Database passed.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::access {

struct KeptForm {
  std::string path;                           // where the form was posted
  std::map<std::string, std::string> fields;  // without the CSRF token
};

// Keeps a form for user_id and returns the token for the cookie. Call inside a transaction.
Result<std::string> keep_form(store::Database& db, Id user_id, const KeptForm& form);
// The form kept under token for user_id, if it is under an hour old; it is
// removed as it is taken, and so are forms older than an hour.
Result<std::optional<KeptForm>> take_kept_form(store::Database& db, const std::string& token, Id user_id);

}  // namespace kith::access
