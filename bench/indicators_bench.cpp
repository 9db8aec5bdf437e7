// The indicator engine over a synthetic store.
//
// The store: KITH_BENCH_DB names an existing one (opened read-only, e.g. the
// national store /work/national/kith.db: every council at scale 1.0, one year);
// otherwise one is generated in a temporary folder: KITH_BENCH_COUNCILS
// (default 894, the demo council) at KITH_BENCH_SCALE (default 1.0), one year
// of history to 31 March 2026.
//
// Cases, for the financial year 2025-26:
//   LoadCouncilRecords      the period's record split by council (people the rows mention, population in SQL)
//   England/threads:N       every council computed on its own, England their sum (warm: records loaded)
//   EnglandByLocality       the same, sliced by locality
//   OneCouncil              one council's record alone (KITH_BENCH_COUNCIL, default 894, else the first):
//                           the yardstick for a busy machine, timed in the same run
//   QuarterlyPdf            a council's quarterly report as `kith report quarterly --format pdf` makes it
//                           (open the store, load, five quarters by locality, publish, benchmarks, write
//                           the PDF), on KITH_BENCH_REPORT_DB (a one-council store; default: the generated
//                           store when KITH_BENCH_DB is not set, else skipped) for KITH_BENCH_REPORT_PERIOD
//                           (default 2025Q3)
//   full record cases       the whole snapshot (every person) as before; skipped with KITH_BENCH_FULL=0
//                           (at national scale it needs ~14 GB)
// Each case reports the process's peak resident set so far (peak_rss_MB). The compute cases also
// report process_cpu_ms: the CPU time of every thread of the process per iteration (Google
// Benchmark's CPU column counts the main thread only), and the load average when they ran.
#include <benchmark/benchmark.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "insight/indicators.h"
#include "insight/publish.h"
#include "report/quarterly_report.h"
#include "report/render.h"
#include "synth/synth.h"

namespace {

using namespace kith;

std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// VmHWM: the most resident memory the process has had.
double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

// CPU seconds of all the process's threads so far.
double process_cpu_s() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double load_average() {
  double one = 0;
  std::ifstream("/proc/loadavg") >> one;
  return one;
}

// Times each iteration's CPU over every thread; reported as process_cpu_ms (per iteration).
class ProcessCpu {
 public:
  explicit ProcessCpu(benchmark::State& state) : state_(state), started_(process_cpu_s()) {}
  ~ProcessCpu() {
    double iterations = double(std::max<benchmark::IterationCount>(state_.iterations(), 1));
    state_.counters["process_cpu_ms"] = (process_cpu_s() - started_) * 1e3 / iterations;
    state_.counters["load_avg"] = load_average();
  }

 private:
  benchmark::State& state_;
  double started_;
};

const insight::Period kYear = insight::financial_year(2025);

struct Store {
  std::string dir;  // the temporary folder of a generated store; empty for KITH_BENCH_DB
  std::unique_ptr<store::Database> db;

  Store() {
    std::string path = env("KITH_BENCH_DB", "");
    if (!path.empty()) {
      auto opened = store::Database::open(path, {.create = false, .read_only = true});
      if (!opened) std::fprintf(stderr, "KITH_BENCH_DB: %s\n", opened.status().message().c_str()), std::abort();
      db = std::move(*opened);
      return;
    }
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
    if (!synth::generate(*db, o)) std::abort();
  }
  ~Store() {
    db.reset();
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

Store& store_once() {
  static Store s;
  return s;
}

insight::CouncilRecords& council_records() {
  static insight::CouncilRecords r = [] {
    auto loaded = insight::load_council_records(*store_once().db, kYear.end);
    if (!loaded) std::fprintf(stderr, "%s\n", loaded.status().message().c_str()), std::abort();
    return std::move(*loaded);
  }();
  return r;
}

const insight::CouncilRecord& one_council() {
  const auto& all = council_records().councils;
  std::string code = env("KITH_BENCH_COUNCIL", "894");
  for (const auto& c : all)
    if (c.la_code == code) return c;
  return all.front();
}

insight::CaseRecord& full_record() {
  static insight::CaseRecord r = std::move(*insight::load_case_record(*store_once().db));
  return r;
}

void BM_LoadCouncilRecords(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(council_records());  // once: the first use loads
  auto& r = council_records();
  state.counters["councils"] = double(r.councils.size());
  state.counters["people_loaded"] = double(r.people);
  state.counters["children_counted"] = double(r.population);
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_England(benchmark::State& state) {
  auto& r = council_records();
  {
    ProcessCpu cpu(state);
    for (auto _ : state) benchmark::DoNotOptimize(insight::compute_by_council(r, kYear, {}, nullptr, unsigned(state.range(0))));
  }
  state.counters["threads"] = double(state.range(0));
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_EnglandByLocality(benchmark::State& state) {
  auto& r = council_records();
  insight::IndicatorOptions o;
  o.by = insight::Slice::kLocality;
  {
    ProcessCpu cpu(state);
    for (auto _ : state) benchmark::DoNotOptimize(insight::compute_by_council(r, kYear, o, nullptr, 2));
  }
  state.counters["threads"] = 2;
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_OneCouncil(benchmark::State& state) {
  const auto& c = one_council();
  state.SetLabel(c.la_code + " " + c.name);
  {
    ProcessCpu cpu(state);
    for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(c.record, kYear, {}, nullptr));
  }
  state.counters["people_loaded"] = double(c.record.people.size());
}

// `kith report quarterly --format pdf` in process, from opening the store to the written file.
void BM_QuarterlyPdf(benchmark::State& state) {
  std::string path = env("KITH_BENCH_REPORT_DB", "");
  if (path.empty() && env("KITH_BENCH_DB", "").empty()) path = store_once().dir + "/bench.db";
  if (path.empty()) return state.SkipWithError("set KITH_BENCH_REPORT_DB to a one-council store");
  auto quarter = insight::parse_period(env("KITH_BENCH_REPORT_PERIOD", "2025Q3"));
  if (!quarter) return state.SkipWithError(quarter.status().message().c_str());
  std::string out = (std::filesystem::temp_directory_path() / ("kith-bench-report-" + std::to_string(getpid()) + ".pdf")).string();
  report::ReportOptions options;
  options.data_dir = synth::find_data_dir();
  {
    ProcessCpu cpu(state);
    for (auto _ : state) {
      auto db = store::Database::open(path, {.create = false, .read_only = true});
      if (!db) return state.SkipWithError(db.status().message().c_str());
      auto built = report::build_quarterly_report(**db, *quarter, options);
      if (!built) return state.SkipWithError(built.status().message().c_str());
      if (Status s = report::write_pdf(*built, "2026-01-15", out); !s) return state.SkipWithError(s.message().c_str());
    }
  }
  state.counters["pdf_KB"] = double(std::filesystem::file_size(out)) / 1024.0;
  state.counters["peak_rss_MB"] = peak_rss_mb();
  std::filesystem::remove(out);
}

void BM_LoadCaseRecord(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(full_record());  // once: the first use loads
  state.counters["people"] = double(full_record().people.size());
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_FullRecordWarm(benchmark::State& state) {
  auto& r = full_record();
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(r, kYear, {}, nullptr));
}

void BM_FullRecordByLocality(benchmark::State& state) {
  auto& r = full_record();
  insight::IndicatorOptions o;
  o.by = insight::Slice::kLocality;
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(r, kYear, o, nullptr));
}

// `kith indicators`: load by council, the postcodes the record mentions, compute.
void BM_ColdWithPostcodes(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(insight::compute_indicators(*store_once().db, kYear, {}, synth::find_data_dir()));
}

void BM_PublishCsv(benchmark::State& state) {
  insight::IndicatorOptions o;
  o.by = insight::Slice::kEthnicity;
  auto rows = insight::compute_by_council(council_records(), kYear, o, nullptr, 2);
  for (auto _ : state) benchmark::DoNotOptimize(insight::to_csv(insight::publish(rows->england), kYear, o.by));
}

}  // namespace

int main(int argc, char** argv) {
  using benchmark::kMillisecond;
  benchmark::RegisterBenchmark("LoadCouncilRecords", BM_LoadCouncilRecords)->Unit(kMillisecond)->Iterations(1)->Repetitions(1);
  benchmark::RegisterBenchmark("England", BM_England)->Arg(2)->Arg(1)->ArgName("threads")->Unit(kMillisecond)->MinTime(2.0);
  benchmark::RegisterBenchmark("EnglandByLocality", BM_EnglandByLocality)->Unit(kMillisecond)->MinTime(2.0);
  benchmark::RegisterBenchmark("OneCouncil", BM_OneCouncil)->Unit(kMillisecond);
  benchmark::RegisterBenchmark("PublishCsv", BM_PublishCsv)->Unit(kMillisecond);
  benchmark::RegisterBenchmark("QuarterlyPdf", BM_QuarterlyPdf)->Unit(kMillisecond)->Iterations(1);
  if (env("KITH_BENCH_FULL", "1") != "0") {
    benchmark::RegisterBenchmark("LoadCaseRecord", BM_LoadCaseRecord)->Unit(kMillisecond)->Iterations(1)->Repetitions(1);
    benchmark::RegisterBenchmark("FullRecordWarm", BM_FullRecordWarm)->Unit(kMillisecond);
    benchmark::RegisterBenchmark("FullRecordByLocality", BM_FullRecordByLocality)->Unit(kMillisecond);
  }
  if (env("KITH_BENCH_COLD", "1") != "0") benchmark::RegisterBenchmark("ColdWithPostcodes", BM_ColdWithPostcodes)->Unit(kMillisecond)->Iterations(1)->Repetitions(1);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
