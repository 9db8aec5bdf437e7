#include "returns/dfe_api/submission.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

#include <fmt/core.h>

#include "store/audited_write.h"

namespace kith::returns::dfe_api {
namespace {

using nlohmann::json;

struct Previous {
  std::string la_child_id, hash, payload;
};

Result<std::unordered_map<std::int64_t, Previous>> load_previous(store::Database& db) {
  std::unordered_map<std::int64_t, Previous> out;
  Status s = db.run("SELECT person_id, la_child_id, hash, payload FROM api_submission", {},
                    [&](const store::Statement& st) { out[st.int64(0)] = {st.text(1), st.text(2), st.text(3)}; });
  if (!s) return s;
  return out;
}

// Splits records into request bodies of at most kMaxBatch.
std::vector<json> batch(const std::vector<json>& records) {
  std::vector<json> out;
  for (std::size_t i = 0; i < records.size(); i += kMaxBatch) {
    json body = json::array();
    for (std::size_t j = i; j < std::min(records.size(), i + kMaxBatch); ++j) body.push_back(records[j]);
    out.push_back(std::move(body));
  }
  return out;
}

}  // namespace

Result<Submission> plan_submission(store::Database& db, const SubmissionOptions& options) {
  auto children = build_child_records(db, options.run_date, options.la);
  if (!children) return children.status();
  auto previous = load_previous(db);
  if (!previous) return previous.status();
  Submission sub;
  std::vector<json> records;
  std::set<std::int64_t> in_cohort;
  for (auto& child : *children) {
    in_cohort.insert(child.person_id);
    auto before = previous->find(child.person_id);
    if (before == previous->end()) {
      ++sub.new_children;
      records.push_back(child.record);
    } else if (before->second.hash != child.hash) {
      ++sub.updated;
      json old = json::parse(before->second.payload, nullptr, /*allow_exceptions=*/false);
      records.push_back(options.full || old.is_discarded() ? child.record : partial_record(old, child.record));
    } else {
      ++sub.unchanged;
      if (!options.full) continue;
      records.push_back(child.record);
    }
    sub.sent.push_back(std::move(child));
  }
  for (const auto& [who, before] : *previous) {
    if (in_cohort.count(who)) continue;
    sub.purged.push_back(who);
  }
  std::sort(sub.purged.begin(), sub.purged.end());
  for (std::int64_t who : sub.purged)
    records.push_back(deletion_record(previous->at(who).la_child_id, std::to_string(who)));
  for (std::size_t i = 0; i < records.size(); ++i) {
    auto problems = check_record(records[i]);
    if (!problems.empty())
      return Status::invalid(fmt::format("record {} (mis_child_id {}): {}", i + 1,
                                         records[i].value("mis_child_id", "?"), problems.front()));
  }
  sub.batches = batch(records);
  return sub;
}

Status record_submission(store::Database& db, const store::WriteContext& ctx, const Submission& submission,
                         const std::string& submitted_at) {
  return store::audited_write(db, ctx, "export", "api_submission", [&]() -> Status {
    for (const auto& child : submission.sent) {
      KITH_RETURN_IF_ERROR(db.run(
          "INSERT INTO api_submission (person_id, la_child_id, hash, payload, submitted_at) VALUES (?, ?, ?, ?, ?) "
          "ON CONFLICT (person_id) DO UPDATE SET la_child_id = excluded.la_child_id, hash = excluded.hash, "
          "payload = excluded.payload, submitted_at = excluded.submitted_at",
          {child.person_id, child.la_child_id, child.hash, child.record.dump(), submitted_at}));
    }
    for (std::int64_t who : submission.purged)
      KITH_RETURN_IF_ERROR(db.run("DELETE FROM api_submission WHERE person_id = ?", {who}));
    return Status::ok();
  }, [&] { return fmt::format("run {}: {} sent, {} purged", submitted_at, submission.sent.size(), submission.purged.size()); });
}

Result<std::vector<std::string>> write_batches(const Submission& submission, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::io(dir + ": cannot create the folder: " + ec.message());
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < submission.batches.size(); ++i) {
    std::string path = fmt::format("{}/batch_{:03}.json", dir, i + 1);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << submission.batches[i].dump(2) << '\n';
    out.close();
    if (!out) return Status::io(path + ": cannot write");
    paths.push_back(path);
  }
  return paths;
}

}  // namespace kith::returns::dfe_api
