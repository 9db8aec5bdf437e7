// Typed code lists. Each coded field is an enum class E with a table
// kCodeList<E> (generated in codes.h) mapping every value to its DfE code.
//
// Thread-safety: all functions read constant tables and are thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace kith {

template <typename E>
struct CodeEntry {
  E value;
  std::string_view code;     // as in the DfE return, e.g. "C2", "U6", "N1"
  std::string_view meaning;  // the DfE description
  bool current;              // valid in the 2025/26 returns
};

// Specialised for every code list in codes.h.
template <typename E>
inline constexpr CodeEntry<E> kCodeList[] = {};

// The DfE code for a value, e.g. code(LegalStatus::kC2) == "C2".
// Every enum value has exactly one code.
template <typename E>
constexpr std::string_view code(E e) {
  for (const auto& entry : kCodeList<E>)
    if (entry.value == e) return entry.code;
  return {};
}

// The DfE description of a value.
template <typename E>
constexpr std::string_view meaning(E e) {
  for (const auto& entry : kCodeList<E>)
    if (entry.value == e) return entry.meaning;
  return {};
}

// The value for a DfE code; nullopt when the code is not in the list.
// Matching is exact (codes are case-sensitive in the returns).
template <typename E>
constexpr std::optional<E> from_code(std::string_view c) {
  for (const auto& entry : kCodeList<E>)
    if (entry.code == c) return entry.value;
  return std::nullopt;
}

}  // namespace kith
