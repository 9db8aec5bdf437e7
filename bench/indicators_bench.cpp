// The indicator engine over a synthetic store: loading the case record, the
// full indicator set (warm: record already loaded), a sliced run, and
// publishing (suppression + CSV). The store is generated once per run:
// KITH_BENCH_COUNCILS (default 894, the demo council) at KITH_BENCH_SCALE
// (default 1.0), one year of history to 31 March 2026, in a temporary folder.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>

#include "insight/indicators.h"
#include "insight/publish.h"
#include "synth/synth.h"

namespace {

using namespace kith;

std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

struct Store {
  std::string dir;
  std::unique_ptr<store::Database> db;
  insight::CaseRecord record;

  Store() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kith-indicators-bench-XXXXXX").string();
    dir = mkdtemp(tmpl.data());
    db = std::move(*store::Database::open(dir + "/bench.db", {.create = true}));
    synth::Options o;
    std::stringstream councils(env("KITH_BENCH_COUNCILS", "894"));
    for (std::string code; std::getline(councils, code, ',');) o.councils.push_back(code);
    o.scale = std::atof(env("KITH_BENCH_SCALE", "1.0").c_str());
    o.years = 1;
    o.until = Date::ymd(2026, 3, 31);
    o.demo_users = false;
    o.data_dir = synth::find_data_dir();
    auto stats = synth::generate(*db, o);
    if (!stats) std::abort();
    record = std::move(*insight::load_case_record(*db));
  }
  ~Store() { std::filesystem::remove_all(dir); }
};

Store& store_once() {
  static Store s;
  return s;
}

const insight::Period kYear = insight::financial_year(2025);

void BM_LoadCaseRecord(benchmark::State& state) {
  auto& s = store_once();
  for (auto _ : state) benchmark::DoNotOptimize(insight::load_case_record(*s.db));
  state.counters["people"] = double(s.record.people.size());
}

void BM_IndicatorsWarm(benchmark::State& state) {
  auto& s = store_once();
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(s.record, kYear, {}, nullptr));
}

void BM_IndicatorsByLocality(benchmark::State& state) {
  auto& s = store_once();
  insight::IndicatorOptions o;
  o.by = insight::Slice::kLocality;
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(s.record, kYear, o, nullptr));
}

void BM_IndicatorsColdWithPostcodes(benchmark::State& state) {
  auto& s = store_once();
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(*s.db, kYear, {}, synth::find_data_dir()));
}

void BM_PublishCsv(benchmark::State& state) {
  auto& s = store_once();
  insight::IndicatorOptions o;
  o.by = insight::Slice::kEthnicity;
  auto rows = insight::compute_indicators(s.record, kYear, o, nullptr);
  for (auto _ : state) benchmark::DoNotOptimize(insight::to_csv(insight::publish(rows), kYear, o.by));
}

BENCHMARK(BM_LoadCaseRecord)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndicatorsWarm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndicatorsByLocality)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndicatorsColdWithPostcodes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PublishCsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
