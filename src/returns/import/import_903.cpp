// SSDA903 import. The episodes of each child (this year's and last year's,
// this year's winning where both have the same start) are grouped into
// periods of care (a new period at RNE S, or where the previous episode did
// not end "X1" on this one's start), then each period becomes a cla_period
// with a legal_status row at every change of legal status (RNE S, L, T, B)
// and a placement at every change of placement (S, P, T, B, U): exactly the
// rows the 903 projection splits back into the same episodes.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "returns/import/import.h"
#include "returns/import/record_writer.h"
#include "returns/ssda903/reader.h"
#include "returns/ssda903/xml_reader.h"

namespace kith::returns::import {
namespace {

namespace s903 = returns::ssda903;
using store::Value;

// One year's source (a folder of CSV files or one XML file): the tables and the file each came from.
struct Folder {
  s903::Return903 tables;
  std::map<std::string, std::string> files;  // table name -> file name
};

// The XML form of a year, checked against the schema (a file that breaks it is refused).
Result<Folder> read_xml(const std::string& path, const std::string& schema) {
  Folder f;
  auto errors = s903::add_xml_file(path, schema, "", f.tables);
  if (!errors) return errors.status();
  if (!errors->empty())
    return Status::invalid(path + " does not match the SSDA903 XML schema (" + std::to_string(errors->size()) + " errors): " + errors->front());
  const std::string name = std::filesystem::path(path).filename().string();
  for (const auto& table : f.tables.table_names()) f.files[table] = name;
  return f;
}

Result<Folder> read_folder(const std::string& dir, int year, const std::string& schema, std::vector<std::string>& warnings) {
  if (s903::is_xml_file(dir)) return read_xml(dir, schema);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::io(dir + ": not a folder");
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".csv") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  Folder f;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::io("cannot read " + path.string());
    auto before = f.tables.table_names();
    KITH_RETURN_IF_ERROR(s903::add_csv(text.str(), path.filename().string(), year, "", f.tables, warnings));
    for (const auto& name : f.tables.table_names())
      if (std::find(before.begin(), before.end(), name) == before.end()) f.files[name] = path.filename().string();
  }
  return f;
}

// One 903 episode as read, with where it came from for messages.
struct EpisodeRow {
  std::string child;
  s903::Day decom = s903::kNoDate, dec = s903::kNoDate;
  std::string rne, ls, need, place, provider, rec, reason_place_change, home_post, pl_post, urn;
};

struct PlacementRow {
  s903::Day start, end = s903::kNoDate;
  std::string type, provider, postcode, reason, urn;
  bool same_carer = false;
};

struct PeriodSpan {
  std::int64_t id;
  s903::Day start, end;  // end kNoDate while open
};

Value day_value(s903::Day d) { return d == s903::kNoDate ? store::null() : Value(s903::to_date(d).iso()); }
Value text_or_null(std::string_view s) { return s.empty() ? store::null() : Value(std::string(s)); }

bool one_of(const std::string& v, std::initializer_list<const char*> codes) {
  for (const char* c : codes)
    if (v == c) return true;
  return false;
}

class Loader {
 public:
  Loader(store::Database& db, const Import903Options& o, ImportSummary& summary) : w_(db), o_(o), summary_(summary) {}

  Status load(Folder& current, Folder* previous) {
    cur_ = &current, prev_ = previous;
    auto known = w_.known_children();
    if (!known) return known.status();
    people_ = std::move(*known);
    for (Folder* f : {cur_, prev_})
      if (f) KITH_RETURN_IF_ERROR(header(*f));
    KITH_RETURN_IF_ERROR(episodes());
    // This year's rows first: a row in both years' files (a missing episode open at
    // last year's end) is kept as this year reports it.
    for (Folder* f : {cur_, prev_}) {
      if (!f) continue;
      int year = f == cur_ ? o_.year.end_year : o_.year.end_year - 1;
      KITH_RETURN_IF_ERROR(reviews(*f));
      KITH_RETURN_IF_ERROR(missing(*f));
      KITH_RETURN_IF_ERROR(oc2(*f, year));
      KITH_RETURN_IF_ERROR(oc3(*f, year));
      KITH_RETURN_IF_ERROR(stamped(*f, year));
      KITH_RETURN_IF_ERROR(social_workers(*f));
      KITH_RETURN_IF_ERROR(dolo(*f));
    }
    summary_.records = w_.rows();
    return Status::ok();
  }

 private:
  // "Episodes.csv line 7, column DECOM" for messages.
  std::string where(const Folder& f, const s903::Table& t, std::size_t row, const std::string& column) const {
    auto it = f.files.find(t.name());
    std::string file = it == f.files.end() ? t.name() : it->second;
    return file + " line " + std::to_string(t.line(row)) + ", column " + column;
  }

  static std::string cell(const s903::Table& t, std::size_t row, const std::string& column) {
    const s903::Column* c = t.column(column);
    return c ? std::string((*c)[row]) : std::string();
  }

  // A date cell: kNoDate when blank and allowed; an error naming the cell when it is not a date.
  Result<s903::Day> day(const Folder& f, const s903::Table& t, std::size_t row, const std::string& column, bool required) const {
    const s903::Column* c = t.column(column);
    if (!c || c->null(row)) {
      if (required) return Status::invalid(where(f, t, row, column) + ": a date is required");
      return s903::kNoDate;
    }
    s903::Day d = c->date(row);
    if (d == s903::kNoDate) return Status::invalid(where(f, t, row, column) + ": '" + std::string((*c)[row]) + "' is not a dd/mm/YYYY date");
    return d;
  }

  // The person of a row's CHILD; an error when the child is in no Header.
  Result<std::int64_t> person(const Folder& f, const s903::Table& t, std::size_t row) const {
    std::string child = cell(t, row, "CHILD");
    auto it = people_.find(child);
    if (it == people_.end()) return Status::invalid(where(f, t, row, "CHILD") + ": child '" + child + "' is not in the Header");
    return it->second;
  }

  Status header(const Folder& f) {
    const s903::Table* t = f.tables.table("Header");
    if (!t) return f.tables.table_names().empty() ? Status::ok() : Status::invalid("no Header file among the 903 files");
    std::set<std::string> uasc;
    std::map<std::string, std::string> duc;
    if (const s903::Table* u = f.tables.table("UASC"))
      for (std::size_t i = 0; i < u->rows(); ++i) {
        uasc.insert(cell(*u, i, "CHILD"));
        if (std::string d = cell(*u, i, "DUC"); !d.empty()) duc[cell(*u, i, "CHILD")] = d;
      }
    for (std::size_t i = 0; i < t->rows(); ++i) {
      std::string child = cell(*t, i, "CHILD");
      if (child.empty()) return Status::invalid(where(f, *t, i, "CHILD") + ": the child's id is blank");
      if (people_.count(child)) {  // already in the record (CIN import, or this year's Header)
        KITH_RETURN_IF_ERROR(keep_mother(*t, i, child, people_[child]));
        continue;
      }
      std::string sex = cell(*t, i, "SEX");
      // M/F/U from 2024/25; 1 and 2 in older files.
      if (sex == "1" || sex == "2") sex = sex == "1" ? "M" : "F";
      if (sex != "M" && sex != "F" && sex != "U")
        return Status::invalid(where(f, *t, i, "SEX") + ": '" + sex + "' is not M, F or U (or 1, 2 before 2024/25)");
      auto dob = day(f, *t, i, "DOB", true);
      if (!dob) return dob.status();
      std::string upn = cell(*t, i, "UPN");
      bool unknown = upn.rfind("UN", 0) == 0;
      auto id = w_.insert("person", {"forename", "surname", "sex", "birth_date", "ethnicity", "upn", "uasc"},
                          {std::string(), std::string(), sex, day_value(*dob), cell(*t, i, "ETHNIC"),
                           unknown ? store::null() : text_or_null(upn), std::int64_t(uasc.count(child))});
      if (!id) return id.status();
      people_[child] = *id;
      ++summary_.people;
      KITH_RETURN_IF_ERROR(w_.field("person", *id, "LAchildID", child));
      if (unknown) KITH_RETURN_IF_ERROR(w_.field("person", *id, "UPNunknown", upn));
      KITH_RETURN_IF_ERROR(keep_mother(*t, i, child, *id));
      if (duc.count(child)) KITH_RETURN_IF_ERROR(w_.field("person", *id, "DUC", duc[child]));
    }
    return Status::ok();
  }

  // MOTHER and MC_DOB, from this year's Header or, when it leaves them blank (a
  // care leaver not looked after this year), last year's.
  Status keep_mother(const s903::Table& t, std::size_t i, const std::string& child, std::int64_t person) {
    for (const char* name : {"MOTHER", "MC_DOB"}) {
      std::string v = cell(t, i, name);
      if (!v.empty() && mother_kept_.insert(child + "|" + name).second) KITH_RETURN_IF_ERROR(w_.field("person", person, name, v));
    }
    return Status::ok();
  }

  Status read_episodes(const Folder& f, std::map<std::pair<std::string, s903::Day>, EpisodeRow>& into) {
    const s903::Table* t = f.tables.table("Episodes");
    if (!t) return Status::ok();
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      EpisodeRow e;
      e.child = cell(*t, i, "CHILD");
      auto decom = day(f, *t, i, "DECOM", true);
      if (!decom) return decom.status();
      auto dec = day(f, *t, i, "DEC", false);
      if (!dec) return dec.status();
      e.decom = *decom, e.dec = *dec;
      e.rne = cell(*t, i, "RNE"), e.ls = cell(*t, i, "LS"), e.need = cell(*t, i, "CIN"), e.place = cell(*t, i, "PLACE");
      e.provider = cell(*t, i, "PLACE_PROVIDER"), e.rec = cell(*t, i, "REC"), e.reason_place_change = cell(*t, i, "REASON_PLACE_CHANGE");
      e.home_post = cell(*t, i, "HOME_POST"), e.pl_post = cell(*t, i, "PL_POST"), e.urn = cell(*t, i, "URN");
      into[{e.child, e.decom}] = std::move(e);  // this year's row replaces last year's of the same start
    }
    return Status::ok();
  }

  Status episodes() {
    std::map<std::pair<std::string, s903::Day>, EpisodeRow> all;  // ordered by child, then start
    if (prev_) KITH_RETURN_IF_ERROR(read_episodes(*prev_, all));
    KITH_RETURN_IF_ERROR(read_episodes(*cur_, all));
    std::vector<EpisodeRow> period;
    for (auto& [key, e] : all) {
      bool continues = !period.empty() && period.back().child == e.child && e.rne != "S" && period.back().rec == "X1" &&
                       period.back().dec == e.decom;
      if (!continues && !period.empty()) {
        KITH_RETURN_IF_ERROR(write_period(period));
        period.clear();
      }
      period.push_back(std::move(e));
    }
    if (!period.empty()) KITH_RETURN_IF_ERROR(write_period(period));
    return Status::ok();
  }

  Status write_period(const std::vector<EpisodeRow>& eps) {
    std::int64_t person = people_.at(eps.front().child);
    const EpisodeRow& last = eps.back();
    auto id = w_.insert("cla_period", {"person_id", "start_date", "end_date", "reason_ceased", "category_of_need", "home_postcode"},
                        {person, day_value(eps.front().decom), day_value(last.dec), text_or_null(last.dec == s903::kNoDate ? "" : last.rec),
                         eps.front().need, text_or_null(eps.front().home_post)});
    if (!id) return id.status();
    periods_[person].push_back({*id, eps.front().decom, last.dec});
    // The files start part-way through a period that began before them: keep the first episode's RNE.
    if (eps.front().rne != "S") KITH_RETURN_IF_ERROR(w_.field("cla_period", *id, "RNE", eps.front().rne));
    std::vector<PlacementRow> placements;
    std::string need = eps.front().need, home = eps.front().home_post;
    for (std::size_t i = 0; i < eps.size(); ++i) {
      const EpisodeRow& e = eps[i];
      bool status_change = i == 0 || one_of(e.rne, {"L", "T", "B"});
      bool placement_change = i == 0 || one_of(e.rne, {"P", "T", "B", "U"});
      if (status_change)
        KITH_RETURN_IF_ERROR(w_.insert("legal_status", {"cla_period_id", "start_date", "status"}, {*id, day_value(e.decom), e.ls}).status());
      if (placement_change) {
        if (!placements.empty()) placements.back().end = e.decom, placements.back().reason = eps[i - 1].reason_place_change;
        placements.push_back({e.decom, s903::kNoDate, e.place, e.provider, e.pl_post, "", e.urn, one_of(e.rne, {"U", "B"})});
      } else if (const auto& p = placements.back(); p.type != e.place || p.provider != e.provider || p.postcode != e.pl_post) {
        summary_.warnings.push_back("child " + e.child + ", episode from " + s903::to_date(e.decom).dmy() + ": RNE " + e.rne +
                                    " says the placement did not change but PLACE, PLACE_PROVIDER or PL_POST did; the earlier placement is kept");
      }
      if (i > 0 && (e.need != need || e.home_post != home)) {
        need = e.need, home = e.home_post;
        KITH_RETURN_IF_ERROR(w_.insert("cla_period_change", {"cla_period_id", "start_date", "category_of_need", "home_postcode"},
                                       {*id, day_value(e.decom), need, text_or_null(home)})
                                 .status());
      }
    }
    placements.back().end = last.dec;
    for (const auto& p : placements) {
      auto pid = w_.insert("placement", {"cla_period_id", "start_date", "end_date", "placement_type", "provider_code", "postcode", "reason_change"},
                           {*id, day_value(p.start), day_value(p.end), p.type, p.provider, text_or_null(p.postcode), text_or_null(p.reason)});
      if (!pid) return pid.status();
      if (!p.urn.empty()) KITH_RETURN_IF_ERROR(w_.field("placement", *pid, "URN", p.urn));
      if (p.same_carer) KITH_RETURN_IF_ERROR(w_.field("placement", *pid, "SAME_CARER", "1"));
    }
    return Status::ok();
  }

  // The period of care a dated row belongs to: the one open that day, else the latest started before it.
  std::optional<std::int64_t> period_on(std::int64_t person, s903::Day d) const {
    auto it = periods_.find(person);
    if (it == periods_.end()) return std::nullopt;
    std::optional<std::int64_t> found;
    for (const auto& p : it->second)
      if (p.start <= d) found = p.id;
    return found;
  }

  Status reviews(const Folder& f) {
    const s903::Table* t = f.tables.table("Reviews");
    if (!t) return Status::ok();
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      auto date = day(f, *t, i, "REVIEW", true);
      if (!date) return date.status();
      if (!seen_.insert("review|" + std::to_string(*p) + "|" + std::to_string(*date)).second) continue;  // in both years' files
      auto period = period_on(*p, *date);
      if (!period) return Status::invalid(where(f, *t, i, "REVIEW") + ": the child was not looked after on or before this review");
      KITH_RETURN_IF_ERROR(
          w_.insert("cla_review", {"cla_period_id", "review_date", "participation"}, {*period, day_value(*date), cell(*t, i, "REVIEW_CODE")}).status());
    }
    return Status::ok();
  }

  Status missing(const Folder& f) {
    const s903::Table* t = f.tables.table("Missing");
    if (!t) return Status::ok();
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      auto start = day(f, *t, i, "MIS_START", true);
      if (!start) return start.status();
      auto end = day(f, *t, i, "MIS_END", false);
      if (!end) return end.status();
      if (!seen_.insert("missing|" + std::to_string(*p) + "|" + std::to_string(*start)).second) continue;
      KITH_RETURN_IF_ERROR(w_.insert("missing_episode", {"person_id", "start_date", "end_date", "missing_type"},
                                     {*p, day_value(*start), day_value(*end), cell(*t, i, "MISSING")})
                               .status());
    }
    return Status::ok();
  }

  Status oc2(const Folder& f, int year) {
    const s903::Table* t = f.tables.table("OC2");
    if (!t) return Status::ok();
    static const std::vector<std::string> kColumns = {"SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
                                                       "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                                       "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      std::vector<Value> values = {*p, std::int64_t(year)};
      for (const auto& c : kColumns) values.push_back(text_or_null(cell(*t, i, c)));
      KITH_RETURN_IF_ERROR(w_.insert("health_outcome", {"person_id", "collection_year", "sdq_score", "sdq_reason", "convicted", "health_check",
                                                        "immunisations", "teeth_check", "health_assessment", "substance_misuse",
                                                        "intervention_received", "intervention_offered"},
                                     values)
                               .status());
    }
    return Status::ok();
  }

  // OC3: one care_leaver per young person and a contact on their birthday in the year.
  Status oc3(const Folder& f, int year) {
    const s903::Table* t = f.tables.table("OC3");
    if (!t) return Status::ok();
    projection::CollectionYear y{year};
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      auto dob = day(f, *t, i, "DOB", true);
      if (!dob) return dob.status();
      Date birth = s903::to_date(*dob);
      Date birthday = birth.plus_months(12 * y.end().years_since(birth));
      if (birthday < y.start()) birthday = y.end();  // no birthday in the year (an error the rules report): the year end
      auto leaver = care_leavers_.find(*p);
      if (leaver == care_leavers_.end()) {
        auto id = w_.insert("care_leaver", {"person_id", "eligibility"}, {*p, std::string("former_relevant")});
        if (!id) return id.status();
        leaver = care_leavers_.emplace(*p, *id).first;
      }
      KITH_RETURN_IF_ERROR(w_.insert("care_leaver_contact", {"care_leaver_id", "contact_date", "in_touch", "activity", "accommodation"},
                                     {leaver->second, birthday.iso(), cell(*t, i, "IN_TOUCH"), cell(*t, i, "ACTIV"), cell(*t, i, "ACCOM")})
                               .status());
    }
    return Status::ok();
  }

  // A date as the record keeps it: ISO when it is a dd/mm/YYYY date, else the text as reported.
  static Value kept_date(const std::string& text) {
    if (text.empty()) return store::null();
    s903::Day d = s903::parse_day(text);
    return d == s903::kNoDate ? Value(text) : Value(s903::to_date(d).iso());
  }

  // AD1, PlacedAdoption and PrevPerm: kept as reported for their collection year.
  Status stamped(const Folder& f, int year) {
    struct Spec {
      const char* table;
      const char* record_table;
      std::vector<std::pair<std::string, std::string>> columns;  // 903 column -> record column
    };
    static const std::vector<Spec> kSpecs = {
        {"AD1", "adoption", {{"DATE_INT", "date_int"}, {"DATE_MATCH", "date_match"}, {"FOSTER_CARE", "foster_care"},
                             {"NB_ADOPTR", "nb_adoptr"}, {"SEX_ADOPTR", "sex_adoptr"}, {"LS_ADOPTR", "ls_adoptr"}}},
        {"PlacedAdoption", "adoption_decision", {{"DATE_PLACED", "date_placed"}, {"DATE_PLACED_CEASED", "date_placed_ceased"},
                                                 {"REASON_PLACED_CEASED", "reason_placed_ceased"}}},
        {"PrevPerm", "previous_permanence", {{"PREV_PERM", "prev_perm"}, {"LA_PERM", "la_perm"}, {"DATE_PERM", "date_perm"}}},
    };
    for (const auto& spec : kSpecs) {
      const s903::Table* t = f.tables.table(spec.table);
      if (!t) continue;
      std::vector<std::string> columns = {"person_id", "collection_year"};
      for (const auto& [from, to] : spec.columns) columns.push_back(to);
      for (std::size_t i = 0; i < t->rows(); ++i) {
        auto p = person(f, *t, i);
        if (!p) return p.status();
        std::vector<Value> values = {*p, std::int64_t(year)};
        for (const auto& [from, to] : spec.columns) {
          std::string v = cell(*t, i, from);
          bool not_null = to == "date_placed" || to == "prev_perm";
          values.push_back(from.rfind("DATE", 0) == 0 ? (v.empty() && not_null ? Value(v) : kept_date(v)) : (not_null ? Value(v) : text_or_null(v)));
        }
        KITH_RETURN_IF_ERROR(w_.insert(spec.record_table, columns, values).status());
      }
    }
    return Status::ok();
  }

  Status social_workers(const Folder& f) {
    const s903::Table* t = f.tables.table("SWEpisodes");
    if (!t) return Status::ok();
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      auto start = day(f, *t, i, "SW_DECOM", true);
      if (!start) return start.status();
      auto end = day(f, *t, i, "SW_DEC", false);
      if (!end) return end.status();
      std::string sw = cell(*t, i, "SW_ID");
      if (!seen_.insert("sw|" + std::to_string(*p) + "|" + sw + "|" + std::to_string(*start)).second) continue;
      KITH_RETURN_IF_ERROR(w_.insert("social_worker_episode", {"person_id", "sw_id", "start_date", "end_date", "reason"},
                                     {*p, sw, day_value(*start), day_value(*end), text_or_null(cell(*t, i, "SW_REASON"))})
                               .status());
    }
    return Status::ok();
  }

  Status dolo(const Folder& f) {
    const s903::Table* t = f.tables.table("DoLo");
    if (!t) return Status::ok();
    for (std::size_t i = 0; i < t->rows(); ++i) {
      auto p = person(f, *t, i);
      if (!p) return p.status();
      auto start = day(f, *t, i, "DOLO_START", true);
      if (!start) return start.status();
      auto end = day(f, *t, i, "DOLO_END", false);
      if (!end) return end.status();
      if (!seen_.insert("dolo|" + std::to_string(*p) + "|" + std::to_string(*start)).second) continue;
      KITH_RETURN_IF_ERROR(
          w_.insert("deprivation_of_liberty", {"person_id", "start_date", "end_date"}, {*p, day_value(*start), day_value(*end)}).status());
    }
    return Status::ok();
  }

  RecordWriter w_;
  const Import903Options& o_;
  ImportSummary& summary_;
  Folder* cur_ = nullptr;
  Folder* prev_ = nullptr;
  std::unordered_map<std::string, std::int64_t> people_;  // CHILD -> person id
  std::map<std::int64_t, std::vector<PeriodSpan>> periods_;
  std::map<std::int64_t, std::int64_t> care_leavers_;
  std::set<std::string> seen_;  // rows met in both years' files
  std::set<std::string> mother_kept_;
};

}  // namespace

Result<ImportSummary> import_903(store::Database& db, const store::WriteContext& ctx, const Import903Options& o) {
  ImportSummary summary;
  auto current = read_folder(o.dir, o.year.end_year, o.xml_schema, summary.warnings);
  if (!current) return current.status();
  if (!current->tables.table("Header")) return Status::invalid(o.dir + ": no Header file among the 903 files");
  std::optional<Folder> previous;
  if (!o.previous_dir.empty()) {
    auto p = read_folder(o.previous_dir, o.year.end_year - 1, o.xml_schema, summary.warnings);
    if (!p) return p.status();
    previous = std::move(*p);
  }
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  KITH_RETURN_IF_ERROR(Loader(db, o, summary).load(*current, previous ? &*previous : nullptr));
  KITH_RETURN_IF_ERROR(ctx.audit.append(db, {ctx.actor, "import", "ssda903", o.year.label(), ctx.reason}));
  KITH_RETURN_IF_ERROR(tx.commit());
  return summary;
}

}  // namespace kith::returns::import
