// The PostgreSQL server mode: the Database interface on libpq, so that every
// store above it runs unchanged against a PostgreSQL 15 server. Reached
// through Database::open with a "postgresql://" or "postgres://" URL.
//
// Thread-safety: as for every Database, one connection belongs to one thread
// at a time; the free functions below are pure and thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/database.h"

namespace kith::store {

// True when location is a PostgreSQL connection URL rather than a file path.
// Only the scheme is looked at; the URL is checked when connecting.
bool is_postgres_url(std::string_view location);

// The URL with any password (user:password@ or ?password=) replaced by "***",
// so that the location can go into messages and logs.
std::string redact_url(std::string_view url);

// Rewrites the portable dialect's '?' placeholders to PostgreSQL's $1, $2 ...
// leaving '?' inside quoted strings, quoted identifiers and comments alone.
// parameters receives how many placeholders there were.
std::string rewrite_placeholders(std::string_view sql, int& parameters);

// Connects to the server at url, checks it can be used and (unless
// read_only) migrates the schema under an advisory lock, so that two
// processes starting at once never run a migration twice. Errors name the
// redacted URL, never the password.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url, Database::OpenOptions options);

}  // namespace kith::store
