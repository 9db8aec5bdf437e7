// What every kith command does with its result: errors on stderr prefixed
// with the command's name, output to --out or to standard output.
#pragma once

#include <string>
#include <string_view>

namespace kith::cli {

// Prints "kith <command>: <message>" on stderr and returns code (an Exit value).
int fail(std::string_view command, int code, const std::string& message);

// Writes text to the file out, or to standard output when out is empty.
// Returns kOk, or kEnvironment (with a message) when the file cannot be written.
int write_output(std::string_view command, const std::string& text, const std::string& out);

}  // namespace kith::cli
