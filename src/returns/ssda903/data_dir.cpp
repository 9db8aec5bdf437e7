#include "returns/ssda903/data_dir.h"

#include <cstdlib>
#include <filesystem>

namespace kith::returns::ssda903 {
namespace {

namespace fs = std::filesystem;

bool has_spec(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "spec" / "ssda903" / "rules.csv", ec);
}

std::string search_up(fs::path start) {
  for (int depth = 0; depth < 8 && !start.empty(); ++depth) {
    if (has_spec(start / "data")) return (start / "data").string();
    if (start == start.parent_path()) break;
    start = start.parent_path();
  }
  return {};
}

}  // namespace

std::string find_data_dir(const std::string& given) {
  if (!given.empty()) return has_spec(given) ? given : std::string();
  if (const char* env = std::getenv("KITH_DATA_DIR"); env && has_spec(env)) return env;
  std::error_code ec;
  if (auto found = search_up(fs::current_path(ec)); !found.empty()) return found;
  if (auto self = fs::read_symlink("/proc/self/exe", ec); !ec)
    if (auto found = search_up(self.parent_path()); !found.empty()) return found;
  for (const char* dir : {"/usr/local/share/kith/data", "/usr/share/kith/data"})
    if (has_spec(dir)) return dir;
  return {};
}

}  // namespace kith::returns::ssda903
