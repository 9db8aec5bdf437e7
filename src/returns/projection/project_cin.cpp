// The CIN census projection: one query per record kind for the episodes
// touching the year, grouped by episode in memory, then written child by child
// in the XSD's element order. For a child scope (CouncilPeople::scoped) every
// query names the people in its WHERE, so one child costs the same dozen
// queries over that child's rows only.
#include "returns/projection/project_cin.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <ostream>
#include <set>
#include <unordered_map>

#include "calendar/calendar.h"
#include "model/records.h"
#include "returns/projection/reader.h"

namespace kith::returns::projection {
namespace {

using Fields = KeptFields;
using OptDate = std::optional<Date>;

// A field kept from the previous system; nullopt when none was kept ("" when it was reported blank).
std::optional<std::string> kept(const Fields& f, std::int64_t id, const std::string& name) {
  auto it = f.find(id);
  if (it == f.end()) return std::nullopt;
  auto v = it->second.find(name);
  if (v == it->second.end()) return std::nullopt;
  return v->second;
}

std::string field(const Fields& f, std::int64_t id, const std::string& name) { return kept(f, id, name).value_or(""); }

struct Assessment {
  std::int64_t id;
  Date start;
  OptDate authorised;
  std::vector<std::string> factors;
};
struct Plan {
  Date start;
  OptDate end;
};
struct Section47 {
  std::int64_t id;
  Date start;
  OptDate end, discussion, icpc;
  bool icpc_required;
};
struct CpPlan {
  std::int64_t id;
  Date start;
  OptDate end;
  std::string initial, latest;
};
struct Episode {
  std::int64_t id, person;
  Date referral;
  std::string source, need;
  bool nfa;
  OptDate close;
  std::string closure;
  std::vector<Assessment> assessments;
  std::vector<Plan> plans;
  std::vector<Section47> s47s;
  std::vector<CpPlan> cp_plans;
  std::vector<Date> initial_conferences, review_conferences;
};
struct Person {
  std::string sex, ethnicity, upn, disability;
  OptDate birth, expected, death;
};

// Everything the census is written from.
struct Census {
  CollectionYear year;
  CouncilPeople council;
  ChildIds ids;
  std::vector<Episode> episodes;  // by person, then referral date
  std::unordered_map<std::int64_t, std::size_t> episode_index;
  std::map<std::int64_t, Person> people;
  std::unordered_map<std::int64_t, std::vector<Date>> cp_starts;  // every plan start of each child, for NumberOfPreviousCPP
  Fields person_fields, episode_fields, assessment_fields, s47_fields, plan_fields;

  Episode* episode(std::int64_t id) {
    auto it = episode_index.find(id);
    return it == episode_index.end() ? nullptr : &episodes[it->second];
  }
};

// Episodes touching the year; the joins below repeat this filter on e.
const char* kTouching = " e.referral_date <= ? AND (e.close_date IS NULL OR e.close_date >= ?)";

// The kinds of kept return fields of the census's records; scoped, only those
// of the people's records (CouncilPeople::records_of), through return_field's key.
std::vector<KeptFieldsOf> field_kinds(Census& c) {
  const CouncilPeople& p = c.council;
  const std::string by_episode = " e JOIN cin_episode ce ON ce.id = e.cin_episode_id";
  return {{"person", p.only("entity_id"), &c.person_fields},
          {"cin_episode", p.records_of("id", "cin_episode", "person_id"), &c.episode_fields},
          {"assessment", p.records_of("e.id", "assessment" + by_episode, "ce.person_id"), &c.assessment_fields},
          {"section47", p.records_of("e.id", "section47" + by_episode, "ce.person_id"), &c.s47_fields},
          {"cp_plan", p.records_of("id", "cp_plan", "person_id"), &c.plan_fields}};
}

// The reads, one function each; a child's census reads them all ahead in one
// statement (reader.h). One child or a team: their rows only.
Sql touching(const Census& c) { return Sql{kTouching, {c.year.end().iso(), c.year.start().iso()}} + c.council.only("e.person_id"); }

Query episodes_query(const Census& c) {
  return {{"e.id", "e.person_id", "e.referral_date", "e.referral_source", "e.primary_need", "e.referral_nfa", "e.close_date",
           "e.reason_for_closure"},
          " FROM cin_episode e WHERE" + touching(c),
          "e.person_id, e.referral_date, e.id"};
}

Query people_query(const Census& c) {
  return {{"id", "sex", "birth_date", "expected_birth_date", "death_date", "ethnicity", "upn", "disability"},
          " FROM person WHERE id IN (SELECT e.person_id FROM cin_episode e WHERE" + touching(c) + ")"};
}

Query assessments_query(const Census& c) {
  return {{"a.cin_episode_id", "a.id", "a.start_date", "a.authorised_date"},
          " FROM assessment a JOIN cin_episode e ON e.id = a.cin_episode_id WHERE" + touching(c),
          "a.cin_episode_id, a.start_date, a.id"};
}

Query factors_query(const Census& c) {
  return {{"f.assessment_id", "f.factor"},
          " FROM assessment_factor f JOIN assessment a ON a.id = f.assessment_id JOIN cin_episode e ON e.id = a.cin_episode_id WHERE" +
              touching(c),
          "f.assessment_id, f.factor"};
}

Query plans_query(const Census& c) {
  return {{"p.cin_episode_id", "p.start_date", "p.end_date"},
          " FROM cin_plan p JOIN cin_episode e ON e.id = p.cin_episode_id WHERE" + touching(c),
          "p.cin_episode_id, p.start_date, p.id"};
}

Query enquiries_query(const Census& c) {
  return {{"s.cin_episode_id", "s.id", "s.start_date", "s.end_date", "d.discussion_date", "s.icpc_required"},
          " FROM section47 s JOIN cin_episode e ON e.id = s.cin_episode_id LEFT JOIN strategy_discussion d ON d.id = s.strategy_discussion_id "
          "WHERE" + touching(c),
          "s.cin_episode_id, s.start_date, s.id"};
}

Query conferences_query(const Census& c) {
  return {{"k.cin_episode_id", "k.kind", "k.conference_date", "k.section47_id"},
          " FROM conference k JOIN cin_episode e ON e.id = k.cin_episode_id WHERE" + touching(c),
          "k.cin_episode_id, k.conference_date, k.id"};
}

Query cp_plans_query(const Census& c) {
  return {{"p.cin_episode_id", "p.id", "p.start_date", "p.end_date", "p.initial_category", "p.latest_category"},
          " FROM cp_plan p JOIN cin_episode e ON e.id = p.cin_episode_id WHERE" + touching(c),
          "p.cin_episode_id, p.start_date, p.id"};
}

Query cp_starts_query(const Census& c) {
  return {{"person_id", "start_date"}, " FROM cp_plan WHERE person_id IN (SELECT e.person_id FROM cin_episode e WHERE" + touching(c) + ")"};
}

std::vector<Query> all_queries(Census& c) {
  return {episodes_query(c), people_query(c), assessments_query(c), factors_query(c), plans_query(c), enquiries_query(c),
          conferences_query(c), cp_plans_query(c), cp_starts_query(c), kept_fields_query(field_kinds(c))};
}

Status load(store::Database& database, Census& c) {
  Reader db(database);
  // A few people's census (a child's page, a team) on PostgreSQL: every read in one statement
  // (each is a round trip on PostgreSQL). A council's reads run one by one.
  if (c.council.scoped()) KITH_RETURN_IF_ERROR(db.read_ahead_if_remote(all_queries(c)));
  KITH_RETURN_IF_ERROR(db.run(
      episodes_query(c),
      [&](const store::Statement& s) {
        if (!c.council.covers(s.int64(1)) || !s.date(2)) return;
        c.episode_index[s.int64(0)] = c.episodes.size();
        c.episodes.push_back({s.int64(0), s.int64(1), *s.date(2), s.text(3), s.opt_text(4).value_or(""), s.int64(5) != 0,
                              s.date(6), s.opt_text(7).value_or(""), {}, {}, {}, {}, {}, {}});  // the lists are filled below
      }));
  // Everything else hangs off these episodes: with none (a child never in need
  // in the year), the census is empty and the other reads are skipped.
  if (c.episodes.empty()) return Status::ok();
  KITH_RETURN_IF_ERROR(db.run(
      people_query(c),
      [&](const store::Statement& s) {
        if (!c.council.covers(s.int64(0))) return;
        c.people[s.int64(0)] = {s.text(1), s.text(5), s.opt_text(6).value_or(""), s.text(7), s.date(2), s.date(3), s.date(4)};
      }));
  std::unordered_map<std::int64_t, std::pair<std::size_t, std::size_t>> assessment_at;  // id -> (episode, index)
  KITH_RETURN_IF_ERROR(db.run(
      assessments_query(c),
      [&](const store::Statement& s) {
        Episode* e = c.episode(s.int64(0));
        if (!e || !s.date(2)) return;
        assessment_at[s.int64(1)] = {c.episode_index[s.int64(0)], e->assessments.size()};
        e->assessments.push_back({s.int64(1), *s.date(2), s.date(3), {}});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      factors_query(c),
      [&](const store::Statement& s) {
        auto it = assessment_at.find(s.int64(0));
        if (it != assessment_at.end()) c.episodes[it->second.first].assessments[it->second.second].factors.push_back(s.text(1));
      }));
  KITH_RETURN_IF_ERROR(db.run(
      plans_query(c),
      [&](const store::Statement& s) {
        if (Episode* e = c.episode(s.int64(0)); e && s.date(1)) e->plans.push_back({*s.date(1), s.date(2)});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      enquiries_query(c),
      [&](const store::Statement& s) {
        if (Episode* e = c.episode(s.int64(0)); e && s.date(2))
          e->s47s.push_back({s.int64(1), *s.date(2), s.date(3), s.date(4), std::nullopt, s.int64(5) != 0});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      conferences_query(c),
      [&](const store::Statement& s) {
        Episode* e = c.episode(s.int64(0));
        if (!e || !s.date(2)) return;
        // An initial conference of an enquiry is reported on the Section47; the episode's own is one without (rule 2884).
        if (s.text(1) != "initial") {
          e->review_conferences.push_back(*s.date(2));
        } else if (s.is_null(3)) {
          e->initial_conferences.push_back(*s.date(2));
        } else {
          for (auto& s47 : e->s47s)  // conferences come in date order: the first is the initial one
            if (s47.id == s.int64(3) && !s47.icpc) s47.icpc = *s.date(2);
        }
      }));
  KITH_RETURN_IF_ERROR(db.run(
      cp_plans_query(c),
      [&](const store::Statement& s) {
        if (Episode* e = c.episode(s.int64(0)); e && s.date(2))
          e->cp_plans.push_back({s.int64(1), *s.date(2), s.date(3), s.text(4), s.text(5)});
      }));
  KITH_RETURN_IF_ERROR(db.run(
      cp_starts_query(c),
      [&](const store::Statement& s) {
        if (s.date(1)) c.cp_starts[s.int64(0)].push_back(*s.date(1));
      }));
  KITH_RETURN_IF_ERROR(load_kept_fields(db, field_kinds(c)));
  c.ids = child_ids_of(c.person_fields);
  return Status::ok();
}

std::string escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// Writes the census XML, indenting two spaces per level; with a sink, the text
// goes to it every megabyte, so a census of any size never sits whole in memory.
class Writer {
 public:
  explicit Writer(std::ostream* sink = nullptr) : sink_(sink) {}
  void open(const std::string& name) { line("<" + name + ">"), ++depth_; }
  void close(const std::string& name) {
    --depth_, line("</" + name + ">");
    if (sink_ && out_.size() >= (std::size_t(1) << 20)) flush();
  }
  void element(const std::string& name, const std::string& value) {
    if (!value.empty()) line("<" + name + ">" + escape(value) + "</" + name + ">");
  }
  void date(const std::string& name, const OptDate& d) {
    if (d) element(name, d->iso());
  }
  std::string& text() {
    if (sink_) flush();
    return out_;
  }

 private:
  void flush() {
    sink_->write(out_.data(), std::streamsize(out_.size()));
    out_.clear();
  }
  std::ostream* sink_;
  void line(const std::string& s) { out_.append(2 * depth_, ' ').append(s).append("\n"); }
  std::string out_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  int depth_ = 0;
};

class CensusWriter {
 public:
  explicit CensusWriter(Census& c, std::ostream* sink = nullptr) : c_(c), w_(sink) {}

  std::string write(const std::string& generated_at) {
    w_.open("Message");
    header(generated_at);
    w_.open("Children");
    for (std::size_t i = 0; i < c_.episodes.size();) {
      std::size_t j = i;
      while (j < c_.episodes.size() && c_.episodes[j].person == c_.episodes[i].person) ++j;
      child(i, j);
      i = j;
    }
    w_.close("Children");
    w_.close("Message");
    return std::move(w_.text());
  }

 private:
  OptDate as_at(const OptDate& d) const { return d && *d <= c_.year.end() ? d : std::nullopt; }
  bool touches(Date from, const OptDate& to) const { return c_.year.touches(from, to); }

  void header(const std::string& generated_at) {
    w_.open("Header");
    w_.open("CollectionDetails");
    w_.element("Collection", "CIN");
    w_.element("Year", std::to_string(c_.year.end_year));
    w_.date("ReferenceDate", c_.year.end());
    w_.close("CollectionDetails");
    w_.open("Source");
    w_.element("SourceLevel", "L");
    w_.element("LEA", c_.council.la_code.empty() ? "000" : c_.council.la_code);
    w_.element("SoftwareCode", "Kith");
    w_.element("Release", "0.1.0");
    w_.element("SerialNo", "001");
    w_.element("DateTime", generated_at);
    w_.close("Source");
    w_.close("Header");
  }

  void child(std::size_t first, std::size_t last) {
    std::int64_t id = c_.episodes[first].person;
    const Person& p = c_.people[id];
    w_.open("Child");
    w_.open("ChildIdentifiers");
    w_.element("LAchildID", child_id(c_.ids, id));
    w_.element("UPN", p.upn);
    w_.element("FormerUPN", field(c_.person_fields, id, "FormerUPN"));
    w_.element("UPNunknown", upn_unknown(id, p));
    w_.date("PersonBirthDate", p.birth);
    if (!p.birth) w_.date("ExpectedPersonBirthDate", p.expected);
    w_.element("Sex", p.sex);
    w_.date("PersonDeathDate", as_at(p.death));
    w_.close("ChildIdentifiers");
    w_.open("ChildCharacteristics");
    w_.element("Ethnicity", p.ethnicity);
    std::string disabilities = field(c_.person_fields, id, "Disabilities");
    if (disabilities.empty()) disabilities = p.disability;
    if (!disabilities.empty()) {
      w_.open("Disabilities");
      for (const auto& code : disability_codes(disabilities)) w_.element("Disability", code);
      w_.close("Disabilities");
    }
    w_.close("ChildCharacteristics");
    for (std::size_t i = first; i < last; ++i) episode(c_.episodes[i]);
    w_.close("Child");
  }

  // UPNunknown as reported; else, with no UPN, UN1 (not yet of school age) or
  // UN2 (never attended a maintained school), as the 903 projection does.
  std::string upn_unknown(std::int64_t id, const Person& p) {
    std::string reported = field(c_.person_fields, id, "UPNunknown");
    if (!reported.empty() || !p.upn.empty() || field(c_.person_fields, id, "LAchildID") != "") return reported;
    if (!p.birth) return "UN1";
    return c_.year.end().years_since(*p.birth) < 5 ? "UN1" : "UN2";
  }

  void episode(const Episode& e) {
    w_.open("CINdetails");
    w_.date("CINreferralDate", e.referral);
    w_.element("ReferralSource", e.source);
    w_.element("PrimaryNeedCode", e.need);
    OptDate close = as_at(e.close);
    w_.date("CINclosureDate", close);
    if (close) w_.element("ReasonForClosure", e.closure);
    auto initial = kept(c_.episode_fields, e.id, "DateOfInitialCPC");
    if (!initial) {
      initial = "";
      for (Date d : e.initial_conferences)
        if (c_.year.contains(d)) {
          initial = d.iso();
          break;
        }
    }
    w_.element("DateOfInitialCPC", *initial);
    for (const auto& a : e.assessments) assessment(a);
    for (const auto& p : e.plans) {
      if (!touches(p.start, p.end)) continue;
      w_.open("CINPlanDates");
      w_.date("CINPlanStartDate", p.start);
      w_.date("CINPlanEndDate", as_at(p.end));
      w_.close("CINPlanDates");
    }
    for (const auto& s : e.s47s) section47(s);
    w_.element("ReferralNFA", e.nfa ? "1" : "0");
    for (const auto& p : e.cp_plans) cp_plan(e, p);
    w_.close("CINdetails");
  }

  void assessment(const Assessment& a) {
    if (!touches(a.start, a.authorised)) return;
    OptDate authorised = as_at(a.authorised);
    w_.open("Assessments");
    w_.date("AssessmentActualStartDate", a.start);
    w_.element("AssessmentInternalReviewDate", field(c_.assessment_fields, a.id, "AssessmentInternalReviewDate"));
    w_.date("AssessmentAuthorisationDate", authorised);
    // Factors are identified when the assessment is completed.
    if (authorised && !a.factors.empty()) {
      w_.open("FactorsIdentifiedAtAssessment");
      for (const auto& f : a.factors) w_.element("AssessmentFactors", f);
      w_.close("FactorsIdentifiedAtAssessment");
    }
    w_.close("Assessments");
  }

  void section47(const Section47& s) {
    // An enquiry whose initial conference was before the year belongs to an earlier census (rule 8715);
    // one that ended before the year but whose conference is in it belongs to this one (the plan's
    // start is compared with that conference, rule 2885).
    bool conference_in_year = s.icpc && c_.year.contains(*s.icpc);
    if ((!touches(s.start, s.end) && !conference_in_year) || (s.icpc && *s.icpc < c_.year.start())) return;
    w_.open("Section47");
    w_.date("S47ActualStartDate", s.start);
    auto target = kept(c_.s47_fields, s.id, "InitialCPCtarget");
    // An initial conference is due within 15 working days of the strategy discussion.
    if (!target) target = s.icpc_required ? calendar::add_working_days(s.discussion.value_or(s.start), 15).iso() : "";
    w_.element("InitialCPCtarget", *target);
    w_.date("DateOfInitialCPC", as_at(s.icpc));
    w_.element("ICPCnotRequired", s.icpc_required ? "0" : "1");
    w_.close("Section47");
  }

  void cp_plan(const Episode& e, const CpPlan& p) {
    if (!touches(p.start, p.end)) return;
    OptDate end = as_at(p.end);
    w_.open("ChildProtectionPlans");
    w_.date("CPPstartDate", p.start);
    w_.date("CPPendDate", end);
    w_.element("InitialCategoryOfAbuse", p.initial);
    w_.element("LatestCategoryOfAbuse", p.latest);
    std::string previous = field(c_.plan_fields, p.id, "NumberOfPreviousCPP");
    if (previous.empty()) {
      const auto& starts = c_.cp_starts[e.person];
      previous = std::to_string(std::count_if(starts.begin(), starts.end(), [&](Date d) { return d < p.start; }));
    }
    w_.element("NumberOfPreviousCPP", previous);
    std::vector<Date> reviews;
    for (Date d : e.review_conferences)
      if (d > p.start && (!end || d <= *end) && c_.year.contains(d)) reviews.push_back(d);
    if (!reviews.empty()) {
      w_.open("Reviews");
      for (Date d : reviews) w_.date("CPPreviewDate", d);
      w_.close("Reviews");
    }
    w_.close("ChildProtectionPlans");
  }

  Census& c_;
  Writer w_;
};

std::string now_utc() {
  auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

}  // namespace

Result<CinExport> project_cin(store::Database& db, CollectionYear year, const std::string& la) {
  auto council = council_people(db, la);
  if (!council) return council.status();
  return project_cin_people(db, year, *council);
}

Result<CinExport> project_cin_people(store::Database& db, CollectionYear year, const CouncilPeople& people) {
  Census c;
  c.year = year;
  c.council = people;
  KITH_RETURN_IF_ERROR(load(db, c));
  CinExport out;
  out.episodes = std::int64_t(c.episodes.size());
  out.children = std::int64_t(c.people.size());
  out.xml = CensusWriter(c).write(now_utc());
  return out;
}

// The same steps as project_cin_people, with the writer's sink set: only the
// records loaded from the database stay in memory, not the XML.
Result<CinExport> write_cin(store::Database& db, CollectionYear year, const std::string& la, std::ostream& out) {
  Census c;
  c.year = year;
  auto council = council_people(db, la);
  if (!council) return council.status();
  c.council = std::move(*council);
  KITH_RETURN_IF_ERROR(load(db, c));
  CinExport written;
  written.episodes = std::int64_t(c.episodes.size());
  written.children = std::int64_t(c.people.size());
  CensusWriter(c, &out).write(now_utc());
  out.flush();
  if (!out) return Status::io("cannot write the census XML (disk full?)");
  return written;
}

}  // namespace kith::returns::projection
