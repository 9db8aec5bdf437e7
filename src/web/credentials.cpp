#include "web/credentials.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace kith::web {

Result<Credentials> parse_credentials(const std::string& text) {
  using nlohmann::json;
  json body;
  try {
    body = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::invalid("The body is not valid JSON (problem at byte " + std::to_string(e.byte) + ")");
  } catch (const json::out_of_range&) {  // a number too large for a double, e.g. 1e999
    return Status::invalid("The body is not valid JSON (a number is out of range)");
  }
  if (!body.is_object()) return Status::invalid("The body must be a JSON object with \"username\" and \"password\"");
  Credentials out;
  for (auto [field, value] : {std::pair{"username", &out.username}, std::pair{"password", &out.password}}) {
    if (!body.contains(field)) return Status::invalid(fmt::format("\"{}\" is missing", field));
    if (!body[field].is_string()) return Status::invalid(fmt::format("\"{}\" must be a string", field));
    *value = body[field].get<std::string>();
    if (value->empty()) return Status::invalid(fmt::format("\"{}\" is empty", field));
  }
  return out;
}

}  // namespace kith::web
