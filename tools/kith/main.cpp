// kith: the command-line entry to Kith. Each subcommand lives in its own
// file and adds itself here; see commands.h for the exit codes.
#include <spdlog/spdlog.h>

#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Kith: case work, statutory returns, indicators and planning for children's services"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "kith 0.1.0");
  spdlog::set_level(spdlog::level::warn);
  kith::cli::add_synth_command(app);
  kith::cli::add_serve_command(app);
  kith::cli::add_audit_command(app);
  kith::cli::add_indicators_command(app);
  kith::cli::add_forecast_command(app);
  kith::cli::add_scenario_command(app);
  kith::cli::add_workforce_command(app);
  kith::cli::add_backtest_command(app);
  kith::cli::add_validate_command(app);
  kith::cli::add_export_command(app);
  kith::cli::add_import_command(app);
  kith::cli::add_report_command(app);
  kith::cli::add_programme_command(app);
  kith::cli::add_lifecycle_commands(app);
  kith::cli::add_users_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {  // a command's own exit code (CLI11 makes it a ParseError too)
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kith::cli::kBadInput;
  }
  return kith::cli::kOk;
}
