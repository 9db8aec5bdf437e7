#include "output.h"

#include <fmt/core.h>

#include <fstream>

#include "commands.h"

namespace kith::cli {

int fail(std::string_view command, int code, const std::string& message) {
  fmt::print(stderr, "kith {}: {}\n", command, message);
  return code;
}

int write_output(std::string_view command, const std::string& text, const std::string& out) {
  if (out.empty()) {
    fmt::print("{}", text);
    return kOk;
  }
  std::ofstream f(out, std::ios::binary);
  f << text;
  return f.good() ? kOk : fail(command, kEnvironment, "cannot write " + out);
}

}  // namespace kith::cli
