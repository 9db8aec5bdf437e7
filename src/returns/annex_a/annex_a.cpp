#include "returns/annex_a/annex_a.h"

#include <xlsxwriter.h>

#include <array>

#include "returns/annex_a/annex_a_lists.h"

namespace kith::returns::annex_a {
namespace {

using Headers = std::vector<std::string>;

// Every child list starts with these five columns (spec README, "Conventions").
Headers with_leading(std::initializer_list<std::string> rest) {
  Headers h{"Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"};
  h.insert(h.end(), rest);
  return h;
}

// The January 2024 template, columns.csv in the spec, in column order.
const std::array<Headers, 11>& all_headers() {
  static const std::array<Headers, 11> kHeaders = {
      with_leading({"Date of Contact", "Contact Source"}),
      with_leading({"Assessment start date", "Assessment completion date", "Organisation completing assessment"}),
      with_leading({"Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
                    "Allocated Team", "Allocated Worker"}),
      with_leading({"Does the Child have a Disability", "Continuous Assessment Start Date",
                    "Child Seen During Continuous Assessment", "Continuous Assessment Date of Authorisation",
                    "Was the child assessed as requiring LA children's social care support?", "Allocated Team",
                    "Allocated Worker"}),
      with_leading({"Does the Child have a Disability", "Strategy discussion initiating Section 47 Enquiry Start Date",
                    "Was an Initial Child Protection Conference deemed unnecessary?",
                    "Date of Initial Child Protection Conference",
                    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                    "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months",
                    "Allocated Team", "Allocated Worker"}),
      with_leading({"Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "Date Child Was Last Seen",
                    "CIN Closure Date", "Reason for Closure", "Case Status", "Allocated Team", "Allocated Worker"}),
      with_leading({"Does the Child have a Disability", "Child Protection Plan Start Date", "Initial Category of Abuse",
                    "Latest Category of Abuse", "Date of the Last Statutory Visit", "Was the Child Seen Alone?",
                    "Date of latest review conference", "Child Protection Plan End Date",
                    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                    "Number of Previous Child Protection Plans", "Allocated Team", "Allocated Worker"}),
      with_leading({"Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
                    "Does the Child have a Disability", "Date Started to be Looked After", "Child's Category of Need",
                    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                    "Start date of current legal status", "Child's Legal Status", "Date of Latest Statutory Review",
                    "Date of Last Social Work Visit", "What is the permanence plan for this child?",
                    "Date of Last IRO Visit / Contact to the Child", "Date of Last Health Assessment",
                    "Date of Last Dental Check", "Number of Placements in the Last 12 months",
                    "Date Ceased to be Looked After", "Reason Ceased to be Looked After",
                    "Start Date of Most Recent Placement", "Placement Type", "Placement Provider", "Placement postcode",
                    "URN of Placement", "Placement Location", "LA of Placement",
                    "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
                    "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months",
                    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
                    "Did the child accept a Return Interview after their last missing episode (Y/N)?", "Allocated Team",
                    "Allocated Worker"}),
      with_leading({"Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                    "Does the Child have a Disability", "Allocated Team", "Allocated Worker", "Allocated Personal Advisor",
                    "Eligibility Category", "Latest Pathway Plan Review Date", "LA in Touch", "Latest Date of Contact",
                    "Type of Accommodation", "Suitability of Accommodation", "Activity Status"}),
      Headers{"Child Unique ID", "Family identifier", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)",
              "Does the Child have a Disability", "Date the Child Entered Care",
              "Date of Decision that Child Should be Placed for Adoption", "Date of Placement Order",
              "Date of Matching Child and Prospective Adopters", "Date Placed for Adoption", "Date of Adoption Order",
              "Date of Decision that Child Should No Longer be Placed for Adoption",
              "Reason Why Child No Longer Placed for Adoption",
              "Date the child was placed for fostering in FFA or concurrent planning placement"},
      Headers{"Individual adopter identifier", "Family identifier", "Gender", "Ethnicity", "Disability",
              "Is the (prospective) adopter fostering for adoption?", "Date enquiry received", "Date Stage 1 started",
              "Date Stage 1 ended", "Date Stage 2 started", "Date Stage 2 ended", "Date application submitted",
              "Date application approved", "Date adopter matched with child(ren)",
              "Date child/children placed with adopter(s)", "No. of children placed", "Date of Adoption Order",
              "Date of leaving adoption process", "Reason for leaving adoption process"},
  };
  return kHeaders;
}

// Sheet names: "List n" plus a short title; Excel caps names at 31 characters.
constexpr std::array<const char*, 11> kSheets = {
    "List 1 Contacts",         "List 2 Early help",       "List 3 Referrals",       "List 4 Assessments",
    "List 5 S47 and ICPCs",    "List 6 Children in need", "List 7 Child protection", "List 8 Children in care",
    "List 9 Care leavers",     "List 10 Adoption",        "List 11 Adopters"};

using Builder = Result<List> (*)(detail::Record&);
constexpr std::array<Builder, 11> kBuilders = {
    detail::contacts,         detail::early_help,       detail::referrals,        detail::assessments,
    detail::section47s,       detail::children_in_need, detail::child_protection, detail::children_in_care,
    detail::care_leavers,     detail::adoption,         detail::adopters};

lxw_datetime excel_date(Date d) { return lxw_datetime{d.year(), int(d.month()), int(d.day()), 0, 0, 0.0}; }

}  // namespace

const std::vector<std::string>& list_headers(int n) {
  static const std::vector<std::string> kNone;
  return n >= 1 && n <= 11 ? all_headers()[std::size_t(n - 1)] : kNone;
}

Result<AnnexA> project_annex_a(store::Database& db, Date inspection, const std::string& la) {
  auto record = detail::load_record(db, inspection, la);
  if (!record) return record.status();
  AnnexA annex{inspection, record->from6, {}};
  for (std::size_t i = 0; i < kBuilders.size(); ++i) {
    auto list = kBuilders[i](*record);
    if (!list) return list.status();
    list->number = int(i + 1);
    list->sheet = kSheets[i];
    list->headers = all_headers()[i];
    annex.lists.push_back(std::move(*list));
  }
  return annex;
}

Status write_annex_a_xlsx(const AnnexA& annex, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return Status::io(path + ": cannot create the workbook");
  lxw_format* date_format = workbook_add_format(book);
  format_set_num_format(date_format, "dd/mm/yyyy");
  lxw_format* header_format = workbook_add_format(book);
  format_set_bold(header_format);
  format_set_text_wrap(header_format);
  for (const auto& list : annex.lists) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, list.sheet.c_str());
    for (std::size_t c = 0; c < list.headers.size(); ++c)
      worksheet_write_string(sheet, 0, lxw_col_t(c), list.headers[c].c_str(), header_format);
    worksheet_set_column(sheet, 0, lxw_col_t(list.headers.size() - 1), 18, nullptr);
    for (std::size_t r = 0; r < list.rows.size(); ++r) {
      const auto row = lxw_row_t(r + 1);
      for (std::size_t c = 0; c < list.rows[r].size(); ++c) {
        const Cell& cell = list.rows[r][c];
        const auto col = lxw_col_t(c);
        if (const auto* s = std::get_if<std::string>(&cell)) {
          worksheet_write_string(sheet, row, col, s->c_str(), nullptr);
        } else if (const auto* d = std::get_if<Date>(&cell)) {
          lxw_datetime dt = excel_date(*d);
          worksheet_write_datetime(sheet, row, col, &dt, date_format);
        } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
          worksheet_write_number(sheet, row, col, double(*n), nullptr);
        }
      }
    }
  }
  lxw_error err = workbook_close(book);
  if (err != LXW_NO_ERROR) return Status::io(path + ": cannot write the workbook: " + lxw_strerror(err));
  return Status::ok();
}

}  // namespace kith::returns::annex_a
