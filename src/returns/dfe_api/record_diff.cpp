// Hashes, delta (partial) records, deletion records and the record check of
// the DfE CSC API, following the reference sender's rules (spec README).
#include <sodium.h>

#include <cctype>
#include <map>

#include <fmt/core.h>

#include "returns/dfe_api/payload.h"

namespace kith::returns::dfe_api {
namespace {

using nlohmann::json;

// Sub-record arrays of an episode and the id that matches their items.
const std::map<std::string, std::string>& sub_record_ids() {
  static const std::map<std::string, std::string> kIds = {
      {"social_care_episodes", "social_care_episode_id"},
      {"child_and_family_assessments", "child_and_family_assessment_id"},
      {"child_in_need_plans", "child_in_need_plan_id"},
      {"section_47_assessments", "section_47_assessment_id"},
      {"child_protection_plans", "child_protection_plan_id"},
      {"child_looked_after_placements", "child_looked_after_placement_id"}};
  return kIds;
}

// The spec says changed items of these arrays also carry "purge": false.
bool carries_purge(const std::string& array) {
  return array == "child_protection_plans" || array == "child_in_need_plans";
}

json diff_object(const json& previous, const json& current, const std::string& id_key);

// New items whole, changed items as their changed fields plus id, removed items as {id, purge: true}.
json diff_array(const std::string& name, const json& previous, const json& current) {
  const std::string& id_key = sub_record_ids().at(name);
  std::map<std::string, const json*> before;
  for (const auto& item : previous) before[item.value(id_key, "")] = &item;
  json out = json::array();
  for (const auto& item : current) {
    std::string id = item.value(id_key, "");
    auto it = before.find(id);
    if (it == before.end()) {
      out.push_back(item);
      continue;
    }
    if (*it->second != item) {
      json changed = diff_object(*it->second, item, id_key);
      if (carries_purge(name)) changed["purge"] = false;
      out.push_back(changed);
    }
    before.erase(it);
  }
  for (const auto& [id, item] : before) out.push_back({{id_key, id}, {"purge", true}});
  return out;
}

// The id, then every field that changed: sub-record arrays by diff_array,
// objects and plain values whole; a removed field is sent as null, a removed
// object (adoption, care_leavers) as {"purge": true}.
json diff_object(const json& previous, const json& current, const std::string& id_key) {
  json out = json::object();
  if (current.contains(id_key)) out[id_key] = current[id_key];
  for (const auto& [key, value] : current.items()) {
    if (key == id_key) continue;
    auto old = previous.find(key);
    if (old != previous.end() && *old == value) continue;
    if (sub_record_ids().count(key) && value.is_array()) {
      json items = diff_array(key, old != previous.end() ? *old : json::array(), value);
      if (!items.empty()) out[key] = items;
    } else {
      out[key] = value;
    }
  }
  for (const auto& [key, value] : previous.items())
    if (!current.contains(key)) out[key] = value.is_object() ? json{{"purge", true}} : json();
  return out;
}

bool is_iso_date(const json& v) { return v.is_string() && Date::parse_iso(v.get<std::string>()).has_value(); }

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

void check_value(const std::string& path, const std::string& key, const json& v, std::vector<std::string>& out) {
  if (v.is_null()) return;  // a cleared field in a partial record
  if (key == "date" || ends_with(key, "_date") || ends_with(key, "date_of_birth")) {
    if (!is_iso_date(v)) out.push_back(path + ": not a YYYY-MM-DD date");
  } else if (key == "purge" || ends_with(key, "_flag")) {
    if (!v.is_boolean()) out.push_back(path + ": not a boolean");
  } else if (ends_with(key, "_id")) {
    std::size_t max = key == "worker_id" ? 12 : 36;
    if (!v.is_string() || v.get<std::string>().empty()) out.push_back(path + ": not a non-empty string");
    else if (key != "la_child_id" && v.get<std::string>().size() > max)
      out.push_back(fmt::format("{}: longer than {} characters", path, max));
  } else if (key == "sex") {
    if (!v.is_string() || (v != "M" && v != "F" && v != "U")) out.push_back(path + ": not M, F or U");
  } else if (key == "score") {
    if (!v.is_number_integer() || v.get<int>() < 0 || v.get<int>() > 40) out.push_back(path + ": not an integer 0-40");
  } else if (key == "disabilities" || key == "factors") {
    bool ok = v.is_array();
    if (ok) for (const auto& c : v) ok = ok && c.is_string();
    if (!ok) out.push_back(path + ": not an array of codes");
  } else if (key == "unique_pupil_number" || key == "former_unique_pupil_number") {
    if (!v.is_string() || v.get<std::string>().size() != 13) out.push_back(path + ": not 13 characters");
  } else if (v.is_object() || v.is_array()) {
    return;  // walked by check_node
  } else if (!v.is_string()) {
    out.push_back(path + ": not a string");
  }
}

void check_node(const std::string& path, const json& node, std::vector<std::string>& out) {
  for (const auto& [key, v] : node.items()) {
    std::string here = path.empty() ? key : path + "." + key;
    check_value(here, key, v, out);
    if (v.is_object()) {
      check_node(here, v, out);
    } else if (v.is_array() && key != "disabilities" && key != "factors") {
      auto id = sub_record_ids().find(key);
      for (std::size_t i = 0; i < v.size(); ++i) {
        std::string item = fmt::format("{}[{}]", here, i);
        if (!v[i].is_object()) {
          out.push_back(item + ": not an object");
          continue;
        }
        if (id != sub_record_ids().end() && !v[i].contains(id->second)) out.push_back(item + ": " + id->second + " missing");
        check_node(item, v[i], out);
      }
    }
  }
}

}  // namespace

std::string record_hash(const nlohmann::json& record) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  const std::string canonical = record.dump();  // nlohmann::json keeps object keys sorted: canonical by construction
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
  std::string hex;
  for (unsigned char b : digest) hex += fmt::format("{:02x}", b);
  return hex;
}

nlohmann::json partial_record(const nlohmann::json& previous, const nlohmann::json& current) {
  json out = diff_object(previous, current, "la_child_id");
  out["la_child_id"] = current["la_child_id"];
  out["mis_child_id"] = current["mis_child_id"];
  out["child_details"] = current["child_details"];  // always sent whole
  out.erase("purge");                                 // unchanged on a child still in the cohort
  return out;
}

nlohmann::json deletion_record(const std::string& la_child_id, const std::string& mis_child_id) {
  return {{"la_child_id", la_child_id}, {"mis_child_id", mis_child_id}, {"purge", true}};
}

std::vector<std::string> check_record(const nlohmann::json& record) {
  std::vector<std::string> out;
  if (!record.is_object()) return {"record: not an object"};
  if (!record.contains("la_child_id")) out.push_back("la_child_id: missing (mandatory)");
  if (!record.contains("mis_child_id")) out.push_back("mis_child_id: missing");
  bool deletion = record.value("purge", false) == true;
  if (!deletion && !record.contains("child_details")) out.push_back("child_details: missing (sent in every record)");
  check_node("", record, out);
  return out;
}

std::vector<std::string> check_batch(const nlohmann::json& batch) {
  if (!batch.is_array()) return {"batch: not a JSON array"};
  if (batch.empty()) return {"batch: empty"};
  std::vector<std::string> out;
  if (batch.size() > kMaxBatch) out.push_back(fmt::format("batch: {} records, at most {}", batch.size(), kMaxBatch));
  for (std::size_t i = 0; i < batch.size(); ++i)
    for (const auto& e : check_record(batch[i])) out.push_back(fmt::format("[{}] {}", i, e));
  return out;
}

}  // namespace kith::returns::dfe_api
