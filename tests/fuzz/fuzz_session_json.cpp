// libFuzzer target: the JSON body of POST /api/v1/session.
//
// The parsing is kith::web::parse_credentials (src/web/credentials.cpp), the
// function the route calls. Any exception escaping it is a crash here, as it
// would be a 500 there.
//
// It also checks that the exception-free parse (allow_exceptions = false)
// agrees with the throwing one on which bodies are valid JSON.
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "web/credentials.h"

namespace {

using nlohmann::json;


}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  auto creds = kith::web::parse_credentials(body);
  if (creds && (creds->username.empty() || creds->password.empty())) std::abort();

  json quiet = json::parse(body, nullptr, /*allow_exceptions=*/false);
  bool threw = false;
  try {
    (void)json::parse(body);
  } catch (const json::exception&) {  // parse_error, or out_of_range for 1e999
    threw = true;
  }
  if (quiet.is_discarded() != threw) {
    fprintf(stderr, "fuzz_session_json: allow_exceptions=false and the throwing parse disagree\n");
    std::abort();
  }
  return 0;
}
