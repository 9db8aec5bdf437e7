// Errors as values. Every operation that can fail for reasons outside the
// caller's control (bad input, a missing file, a database error, an access
// denial) returns a Status or a Result<T> instead of throwing.
//
// Thread-safety: value types; safe to copy between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kith {

class Status {
 public:
  enum class Code { kOk, kNotFound, kInvalid, kCorrupt, kDenied, kConflict, kIo };

  Status() = default;
  static Status ok() { return {}; }
  static Status not_found(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status invalid(std::string m) { return {Code::kInvalid, std::move(m)}; }
  static Status corrupt(std::string m) { return {Code::kCorrupt, std::move(m)}; }
  static Status denied(std::string m) { return {Code::kDenied, std::move(m)}; }
  static Status conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
  static Status io(std::string m) { return {Code::kIo, std::move(m)}; }

  bool is_ok() const { return code_ == Code::kOk; }
  explicit operator bool() const { return is_ok(); }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) {}     // NOLINT: must not be ok()

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  const Status& status() const {
    static const Status kOk;
    return is_ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }

 private:
  std::variant<T, Status> v_;
};

// Returns early from the enclosing function when a Status is not ok.
#define KITH_RETURN_IF_ERROR(expr)           \
  do {                                       \
    ::kith::Status kith_status_ = (expr);    \
    if (!kith_status_) return kith_status_;  \
  } while (0)

}  // namespace kith
