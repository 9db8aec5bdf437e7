#include "insight/suppression.h"

#include "casework/child_record.h"

namespace kith::insight {
namespace {

bool primary(std::int64_t n) { return casework::published_count(int(n), true) == "c"; }

}  // namespace

SuppressedTable suppress(const std::vector<std::int64_t>& parts, std::int64_t total) {
  SuppressedTable t;
  t.hidden.resize(parts.size());
  for (std::size_t i = 0; i < parts.size(); ++i) t.hidden[i] = primary(parts[i]);
  t.total_hidden = primary(total);
  bool any_hidden = false;
  for (bool h : t.hidden) any_hidden = any_hidden || h;
  // Every hidden part so far is primary: add one part above 5, so the hidden sum has no upper
  // bound an attacker could use, and at least two parts are hidden.
  if (any_hidden && !t.total_hidden) {
    std::size_t best = parts.size();
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (!t.hidden[i] && parts[i] > 5 && (best == parts.size() || parts[i] < parts[best])) best = i;
    if (best < parts.size()) t.hidden[best] = true;
    else t.total_hidden = true;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) t.parts.push_back(t.hidden[i] ? "c" : std::to_string(parts[i]));
  t.total = t.total_hidden ? "c" : std::to_string(total);
  return t;
}

}  // namespace kith::insight
