// The body of POST /api/v1/session: {"username": "...", "password": "..."}.
// Kept apart from the routes so the fuzz target exercises this exact code.
//
// Thread-safety: a pure function.
#pragma once

#include <string>

#include "model/result.h"

namespace kith::web {

struct Credentials {
  std::string username;
  std::string password;
};

// Parses a sign-in body. invalid, with a message naming the field or the
// byte where the JSON breaks, for anything else; never throws.
Result<Credentials> parse_credentials(const std::string& body);

}  // namespace kith::web
