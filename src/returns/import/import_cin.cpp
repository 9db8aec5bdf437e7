// CIN census import: the flattened tables of the reader (cin_table.h) become
// persons, cin_episode, assessment (+ factors), cin_plan, section47 with its
// initial conference, cp_plan with its review conferences. What the census
// reports but the record derives (InitialCPCtarget, NumberOfPreviousCPP, the
// episode's DateOfInitialCPC) is kept as reported in return_field, so the
// projection gives back the file's values rather than re-deriving them.
#include <map>
#include <set>
#include <tuple>

#include "returns/cin/cin_reader.h"
#include "returns/import/import.h"
#include "returns/import/record_writer.h"

namespace kith::returns::import {
namespace {

using cin::CinReturn;
using store::Value;

Value date_value(const std::optional<Date>& d) { return d ? Value(d->iso()) : store::null(); }

class Loader {
 public:
  Loader(store::Database& db, const std::string& file, ImportSummary& summary) : db_(db), w_(db), file_(file), summary_(summary) {}

  Status load(const CinReturn& c) {
    auto known = w_.known_children();
    if (!known) return known.status();
    people_ = std::move(*known);
    KITH_RETURN_IF_ERROR(council(c));
    KITH_RETURN_IF_ERROR(children(c));
    KITH_RETURN_IF_ERROR(episodes(c));
    KITH_RETURN_IF_ERROR(assessments(c));
    KITH_RETURN_IF_ERROR(plans(c));
    KITH_RETURN_IF_ERROR(section47s(c));
    KITH_RETURN_IF_ERROR(protection_plans(c));
    summary_.records = w_.rows();
    return Status::ok();
  }

 private:
  std::string where(const std::string& table, std::size_t row, const std::string& column) const {
    return file_ + ": " + table + " row " + std::to_string(row + 1) + ", " + column;
  }

  static std::string text(const cin::Table& t, std::string_view column, std::size_t row) {
    return std::string(t.col(column).text(row).value_or(""));
  }

  // A date cell that must be a date when present (the XSD has checked its form).
  Result<std::optional<Date>> date(const cin::Table& t, const std::string& table, std::string_view column, std::size_t row,
                                   bool required) const {
    auto d = t.col(column).date(row);
    if (!d && (required || t.col(column).text(row)))
      return Status::invalid(where(table, row, std::string(column)) + ": '" + text(t, column, row) + "' is not a date");
    return d;
  }

  static std::string yes_no(const std::string& v) { return v == "1" || v == "true" || v == "TRUE" || v == "True" ? "1" : "0"; }

  // The census names its council by LEA; an empty record gets that council.
  Status council(const CinReturn& c) {
    auto councils = db_.scalar("SELECT count(*) FROM council");
    if (!councils) return councils.status();
    std::string lea = text(c.table("Header"), "LEA", 0);
    if (*councils > 0 || lea.empty()) return Status::ok();
    return w_.insert("council", {"la_code", "ons_code", "name"}, {lea, std::string(), "Council " + lea + " (imported)"}).status();
  }

  Status children(const CinReturn& c) {
    const cin::Table& ids = c.table("ChildIdentifiers");
    std::map<std::string, std::string> ethnicity;
    const cin::Table& chars = c.table("ChildCharacteristics");
    for (std::size_t i = 0; i < chars.rows(); ++i) ethnicity[text(chars, "LAchildID", i)] = text(chars, "Ethnicity", i);
    std::map<std::string, std::vector<std::string>> disabilities;
    const cin::Table& dis = c.table("Disabilities");
    for (std::size_t i = 0; i < dis.rows(); ++i) disabilities[text(dis, "LAchildID", i)].push_back(text(dis, "Disability", i));
    for (std::size_t i = 0; i < ids.rows(); ++i) {
      std::string child = text(ids, "LAchildID", i);
      if (child.empty()) return Status::invalid(where("ChildIdentifiers", i, "LAchildID") + ": the child's id is blank");
      auto birth = date(ids, "ChildIdentifiers", "PersonBirthDate", i, false);
      auto expected = date(ids, "ChildIdentifiers", "ExpectedPersonBirthDate", i, false);
      auto death = date(ids, "ChildIdentifiers", "PersonDeathDate", i, false);
      for (auto* r : {&birth, &expected, &death})
        if (!*r) return r->status();
      const auto& codes = disabilities[child];
      std::string joined;
      for (const auto& d : codes) joined += (joined.empty() ? "" : " ") + d;
      if (auto known = people_.find(child); known != people_.end()) {
        // Known from a 903 import: add what the census adds.
        person_ids_[child] = known->second;
        KITH_RETURN_IF_ERROR(db_.run("UPDATE person SET disability = ?, expected_birth_date = ?, death_date = ? WHERE id = ?",
                                     {codes.empty() ? std::string() : codes.front(), date_value(*expected), date_value(*death), known->second}));
      } else {
        auto id = w_.insert("person", {"forename", "surname", "sex", "birth_date", "expected_birth_date", "death_date", "ethnicity", "upn", "disability"},
                            {std::string(), std::string(), text(ids, "Sex", i), date_value(*birth), date_value(*expected), date_value(*death),
                             ethnicity[child], ids.col("UPN").text(i) ? Value(text(ids, "UPN", i)) : store::null(),
                             codes.empty() ? std::string() : codes.front()});
        if (!id) return id.status();
        ++summary_.people;
        people_[child] = person_ids_[child] = *id;
        KITH_RETURN_IF_ERROR(w_.field("person", *id, "LAchildID", child));
      }
      std::int64_t id = person_ids_[child];
      if (codes.size() > 1) KITH_RETURN_IF_ERROR(w_.field("person", id, "Disabilities", joined));
      for (const char* f : {"FormerUPN", "UPNunknown"})
        if (std::string v = text(ids, f, i); !v.empty()) KITH_RETURN_IF_ERROR(w_.field("person", id, f, v));
    }
    return Status::ok();
  }

  using EpisodeKey = std::pair<std::string, std::string>;  // LAchildID, CINdetailsID
  EpisodeKey key(const cin::Table& t, std::size_t i) const { return {text(t, "LAchildID", i), text(t, "CINdetailsID", i)}; }

  Result<std::int64_t> episode_of(const cin::Table& t, const std::string& table, std::size_t i) const {
    auto it = episodes_.find(key(t, i));
    if (it == episodes_.end()) return Status::invalid(where(table, i, "CINdetailsID") + ": no CIN episode " + key(t, i).second);
    return it->second;
  }

  Status episodes(const CinReturn& c) {
    const cin::Table& t = c.table("CINdetails");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto person = person_ids_.find(text(t, "LAchildID", i));
      if (person == person_ids_.end()) return Status::invalid(where("CINdetails", i, "LAchildID") + ": no such child");
      auto referral = date(t, "CINdetails", "CINreferralDate", i, true);
      if (!referral) return referral.status();
      auto close = date(t, "CINdetails", "CINclosureDate", i, false);
      if (!close) return close.status();
      auto id = w_.insert("cin_episode", {"person_id", "referral_date", "referral_source", "primary_need", "referral_nfa", "close_date", "reason_for_closure"},
                          {person->second, date_value(*referral), text(t, "ReferralSource", i),
                           t.col("PrimaryNeedCode").text(i) ? Value(text(t, "PrimaryNeedCode", i)) : store::null(),
                           std::int64_t(yes_no(text(t, "ReferralNFA", i)) == "1"), date_value(*close),
                           t.col("ReasonForClosure").text(i) ? Value(text(t, "ReasonForClosure", i)) : store::null()});
      if (!id) return id.status();
      episodes_[key(t, i)] = *id;
      KITH_RETURN_IF_ERROR(w_.field("cin_episode", *id, "DateOfInitialCPC", text(t, "DateOfInitialCPC", i)));
    }
    return Status::ok();
  }

  Status assessments(const CinReturn& c) {
    const cin::Table& t = c.table("Assessments");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto episode = episode_of(t, "Assessments", i);
      if (!episode) return episode.status();
      auto start = date(t, "Assessments", "AssessmentActualStartDate", i, true);
      auto authorised = date(t, "Assessments", "AssessmentAuthorisationDate", i, false);
      if (!start) return start.status();
      if (!authorised) return authorised.status();
      auto id = w_.insert("assessment", {"cin_episode_id", "start_date", "authorised_date"}, {*episode, date_value(*start), date_value(*authorised)});
      if (!id) return id.status();
      std::set<std::string> factors(t.col("AssessmentFactors").list(i).begin(), t.col("AssessmentFactors").list(i).end());
      for (const auto& f : factors)
        KITH_RETURN_IF_ERROR(w_.insert_row("assessment_factor", {"assessment_id", "factor"}, {*id, f}));
      if (std::string review = text(t, "AssessmentInternalReviewDate", i); !review.empty())
        KITH_RETURN_IF_ERROR(w_.field("assessment", *id, "AssessmentInternalReviewDate", review));
    }
    return Status::ok();
  }

  Status plans(const CinReturn& c) {
    const cin::Table& t = c.table("CINplanDates");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto episode = episode_of(t, "CINplanDates", i);
      if (!episode) return episode.status();
      auto start = date(t, "CINplanDates", "CINPlanStartDate", i, true);
      auto end = date(t, "CINplanDates", "CINPlanEndDate", i, false);
      if (!start) return start.status();
      if (!end) return end.status();
      KITH_RETURN_IF_ERROR(w_.insert("cin_plan", {"cin_episode_id", "start_date", "end_date"}, {*episode, date_value(*start), date_value(*end)}).status());
    }
    return Status::ok();
  }

  Status section47s(const CinReturn& c) {
    const cin::Table& t = c.table("Section47");
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto episode = episode_of(t, "Section47", i);
      if (!episode) return episode.status();
      auto start = date(t, "Section47", "S47ActualStartDate", i, true);
      auto icpc = date(t, "Section47", "DateOfInitialCPC", i, false);
      if (!start) return start.status();
      if (!icpc) return icpc.status();
      bool required = yes_no(text(t, "ICPCnotRequired", i)) == "0";
      auto id = w_.insert("section47", {"cin_episode_id", "start_date", "icpc_required"}, {*episode, date_value(*start), std::int64_t(required)});
      if (!id) return id.status();
      KITH_RETURN_IF_ERROR(w_.field("section47", *id, "InitialCPCtarget", text(t, "InitialCPCtarget", i)));
      if (*icpc)
        KITH_RETURN_IF_ERROR(w_.insert("conference", {"cin_episode_id", "section47_id", "kind", "conference_date"},
                                       {*episode, *id, std::string("initial"), date_value(*icpc)})
                                 .status());
    }
    return Status::ok();
  }

  Status protection_plans(const CinReturn& c) {
    const cin::Table& t = c.table("ChildProtectionPlans");
    std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> episode_of_plan;
    for (std::size_t i = 0; i < t.rows(); ++i) {
      auto episode = episode_of(t, "ChildProtectionPlans", i);
      if (!episode) return episode.status();
      auto start = date(t, "ChildProtectionPlans", "CPPstartDate", i, true);
      auto end = date(t, "ChildProtectionPlans", "CPPendDate", i, false);
      if (!start) return start.status();
      if (!end) return end.status();
      auto id = w_.insert("cp_plan", {"cin_episode_id", "person_id", "start_date", "end_date", "initial_category", "latest_category"},
                          {*episode, person_ids_[text(t, "LAchildID", i)], date_value(*start), date_value(*end),
                           text(t, "InitialCategoryOfAbuse", i), text(t, "LatestCategoryOfAbuse", i)});
      if (!id) return id.status();
      KITH_RETURN_IF_ERROR(w_.field("cp_plan", *id, "NumberOfPreviousCPP", text(t, "NumberOfPreviousCPP", i)));
      episode_of_plan[{text(t, "LAchildID", i), text(t, "CINdetailsID", i), text(t, "CPPID", i)}] = *episode;
    }
    const cin::Table& r = c.table("Reviews");
    for (std::size_t i = 0; i < r.rows(); ++i) {
      auto it = episode_of_plan.find({text(r, "LAchildID", i), text(r, "CINdetailsID", i), text(r, "CPPID", i)});
      if (it == episode_of_plan.end()) return Status::invalid(where("Reviews", i, "CPPID") + ": no such child protection plan");
      auto d = date(r, "Reviews", "CPPreviewDate", i, true);
      if (!d) return d.status();
      KITH_RETURN_IF_ERROR(
          w_.insert("conference", {"cin_episode_id", "kind", "conference_date"}, {it->second, std::string("review"), date_value(*d)}).status());
    }
    return Status::ok();
  }

  store::Database& db_;
  RecordWriter w_;
  std::string file_;
  ImportSummary& summary_;
  std::unordered_map<std::string, std::int64_t> people_, person_ids_;
  std::map<EpisodeKey, std::int64_t> episodes_;
};

}  // namespace

Result<ImportSummary> import_cin(store::Database& db, const store::WriteContext& ctx, const std::string& file, const std::string& schema_path) {
  auto parsed = cin::read_cin_file(file, schema_path);
  if (!parsed) return parsed.status();
  if (!parsed->schema_errors.empty()) {
    std::string message = file + " does not match the CIN census schema:";
    for (const auto& e : parsed->schema_errors) message += "\n  " + e;
    return Status::invalid(message);
  }
  ImportSummary summary;
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  KITH_RETURN_IF_ERROR(Loader(db, file, summary).load(parsed->data));
  std::string year = std::string(parsed->data.table("Header").col("Year").text(0).value_or(""));
  KITH_RETURN_IF_ERROR(ctx.audit.append(db, {ctx.actor, "import", "cin_census", year, ctx.reason}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return summary;
}

}  // namespace kith::returns::import
