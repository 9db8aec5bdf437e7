// kith export: writes a statutory return projected from the case record.
//   kith export 903 --db FILE --year 2025/26 --la E-CODE --out DIR   (export_903.cpp)
//   kith export cin --db FILE --year 2025/26 --out FILE.xml           (export_cin.cpp)
// Each format lives in its own file and adds itself here with one line.
#include "commands.h"

namespace kith::cli {

void add_export_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Write a statutory return projected from the case record")->require_subcommand(1);
  add_export_903_command(*cmd);
  add_export_cin_command(*cmd);
  add_export_annex_a_command(*cmd);
  add_export_api_command(*cmd);
}

}  // namespace kith::cli
