#include "casework/record_version.h"

#include <charconv>

namespace kith::casework {
namespace {

std::optional<std::int64_t> number(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

}  // namespace

std::string SeenVersion::text() const { return std::to_string(id) + ":" + std::to_string(version); }

std::optional<SeenVersion> SeenVersion::parse(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto id = number(text.substr(0, colon));
  auto version = number(text.substr(colon + 1));
  if (!id || !version) return std::nullopt;
  return SeenVersion{*id, *version};
}

Status changed_since_opened(const std::string& what) {
  return Status::conflict("version: someone else changed " + what + " since you opened it");
}

Status update_seen(store::Database& db, const std::string& sql, std::vector<store::Value> params, const SeenVersion& seen,
                   const std::string& what) {
  params.push_back(seen.id);
  params.push_back(seen.version);
  bool matched = false;
  KITH_RETURN_IF_ERROR(db.run(sql, params, [&](const store::Statement&) { matched = true; }));
  return matched ? Status::ok() : changed_since_opened(what);
}

Result<std::int64_t> version_of(store::Database& db, const std::string& table, Id id) {
  std::optional<std::int64_t> v;
  KITH_RETURN_IF_ERROR(db.run("SELECT version FROM " + table + " WHERE id = ?", {id}, [&](const store::Statement& s) { v = s.int64(0); }));
  if (!v) return Status::not_found("no " + table + " with id " + std::to_string(id));
  return *v;
}

}  // namespace kith::casework
