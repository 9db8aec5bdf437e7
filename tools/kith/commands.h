// The kith CLI: one file per subcommand, each adding itself to the app.
// Exit codes: 0 success, 1 the command found problems (e.g. audit chain
// broken, validation errors), 2 bad usage or input, 3 environment errors
// (missing or unreadable database, I/O).
#pragma once

#include <CLI/CLI.hpp>

namespace kith::cli {

enum Exit { kOk = 0, kFindings = 1, kBadInput = 2, kEnvironment = 3 };

void add_audit_command(CLI::App& app);
void add_synth_command(CLI::App& app);
void add_serve_command(CLI::App& app);
// `kith indicators` (indicators_command.cpp).
void add_indicators_command(CLI::App& app);
void add_forecast_command(CLI::App& app);
void add_scenario_command(CLI::App& app);
// `kith workforce` and `kith backtest` (workforce_command.cpp, backtest_command.cpp).
void add_workforce_command(CLI::App& app);
void add_backtest_command(CLI::App& app);
// `kith report quarterly` (report.cpp).
void add_report_command(CLI::App& app);
// `kith validate` with its `903` subcommand (validate_command.cpp).
void add_validate_command(CLI::App& app);
// `kith validate cin`, added to the validate command (defined in validate_cin_command.cpp).
void add_validate_cin_command(CLI::App& validate);
// `kith export` (export.cpp) with one subcommand per format: 903 (export_903.cpp), cin (export_cin.cpp).
void add_export_command(CLI::App& app);
void add_export_903_command(CLI::App& export_cmd);
void add_export_cin_command(CLI::App& export_cmd);
void add_export_annex_a_command(CLI::App& export_cmd);  // export_annex_a.cpp
void add_export_api_command(CLI::App& export_cmd);      // export_api.cpp
// `kith import 903|cin` (import.cpp).
void add_import_command(CLI::App& app);
// `kith programme load|show`: the transformation programme tracker (programme.cpp).
void add_programme_command(CLI::App& app);
// `kith backup|restore|decrypt|retention`: the data lifecycle (backup_command.cpp).
void add_lifecycle_commands(CLI::App& app);
// `kith users reset-totp USER`: an administrator's reset of a lost one-time code (users_command.cpp).
void add_users_command(CLI::App& app);

}  // namespace kith::cli
