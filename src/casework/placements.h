// Placements and sufficiency (issue 4, part 8): the register of placement
// providers (in-house and agency foster carers, residential homes with their
// Ofsted URN, supported accommodation, kinship carers) with approval, who
// they may take, capacity and weekly cost; and the sufficiency search that
// lists, for one child, the providers with a vacancy that fits them, within
// a weekly budget, nearest the child's home first.
//
// Vacancies are never typed: current children are the provider's open
// placements in the case record, and vacancies = capacity - current.
// Distances are straight-line miles between postcode centroids with the DfE
// PL_DISTANCE formula (model/distance.h); in or out of area compares the
// provider postcode's authority with the council's, as the 903 return
// derives PL_LA and PL_LOCATION.
//
// Thread-safety: free functions; each call uses only the Database passed. A
// PostcodeLookup must be safe to call from the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "model/date.h"
#include "model/result.h"
#include "store/audit_trail.h"
#include "store/database.h"

namespace kith::casework {

// Where a postcode is: its grid centroid and the SSDA903 PL_LA of its
// children's services authority (an E-code, or WAL/SCO/NIR; empty when none).
struct PostcodePlace {
  std::int32_t easting = 0, northing = 0;
  bool has_grid = true;  // false for Channel Islands / Isle of Man postcodes
  std::string la;
};
// Finds a postcode (any spacing or case); nullopt when it is unknown. The web
// shell builds one over returns::ssda903::PostcodeIndex, which case work may
// not depend on (returns depends on casework).
using PostcodeLookup = std::function<std::optional<PostcodePlace>(std::string_view postcode)>;

// The register's kinds, as stored in placement_provider.provider_type.
inline constexpr std::string_view kProviderTypes[] = {
    "in_house_fostering", "agency_fostering", "kinship", "in_house_residential", "external_residential",
    "supported_accommodation", "secure", "other"};
// "In-house foster carers", "Independent fostering agency (IFA)", ...; empty for an unknown type.
std::string_view provider_type_label(std::string_view type);
// "approved", "pending", "suspended", "deregistered".
inline constexpr std::string_view kApprovalStatuses[] = {"approved", "pending", "suspended", "deregistered"};

struct Provider {
  Id id = 0;
  std::string name;
  std::string provider_type;   // one of kProviderTypes
  std::string provider_code;   // SSDA903 PLACE_PROVIDER (PR0..PR5), derived from the type on save
  std::string postcode;
  std::string ofsted_urn;      // residential homes and agencies; "" when none
  std::string approval_status = "approved";
  std::optional<Date> approval_date;
  int capacity = 0;
  int min_age = 0, max_age = 17;
  std::string sex_restriction;  // "" any, "M" or "F"
  std::int64_t weekly_cost_pence = 0;
  int current_children = 0;     // open placements today, from the case record
  std::int64_t version = 1;
  // Places free today; 0 when the provider is full or over capacity.
  int vacancies() const { return current_children >= capacity ? 0 : capacity - current_children; }
};

struct ProviderFilter {
  std::string provider_type;    // "" for every kind
  std::string approval_status;  // "" for every status
  bool with_vacancy = false;    // only providers with a place free today
};

// The register, by name, with current children counted as of today.
// Errors: the store's (an unknown filter value simply matches nothing).
Result<std::vector<Provider>> list_providers(store::Database& db, const ProviderFilter& filter, Date today);

// One provider with its current children as of today; not_found for an unknown id.
Result<Provider> load_provider(store::Database& db, Id id, Date today);

// Who may view the register and search it: practitioners, team and locality
// managers, performance analysts (sufficiency planning). Who may add or edit:
// team and locality managers.
bool may_view_providers(Role role);
bool may_edit_providers(Role role);

// A provider form as typed (all text, so a form can be re-shown unchanged).
struct ProviderForm {
  std::string name, provider_type, postcode, ofsted_urn, approval_status, approval_date;
  std::string capacity, min_age, max_age, sex_restriction, weekly_cost;  // weekly_cost in pounds, e.g. "650" or "650.50"
  std::string version;  // the version the form was opened at (edits only)
};

// Pounds as typed ("650", "650.5", "£1,650.50") to pence; nullopt when it is
// not an amount. Pure.
std::optional<std::int64_t> pounds_to_pence(std::string_view typed);

// A problem with one field of a form: the field's id and what to do.
struct ProviderProblem {
  std::string field;
  std::string message;
};

// Every problem with the form, in form order; empty when it can be saved.
// Residential homes and agencies need an Ofsted URN (SC + 6 digits or 7 digits).
std::vector<ProviderProblem> check_provider(const ProviderForm& form);

// Adds a provider (one audited transaction, action "create", entity
// "placement_provider") and returns its id. invalid "field: message" when
// check_provider finds a problem.
Result<Id> add_provider(store::Database& db, const store::WriteContext& ctx, const ProviderForm& form);

// Saves an edit (audited "update") and bumps the version. conflict when the
// provider changed since form.version was read; not_found for an unknown id.
Status edit_provider(store::Database& db, const store::WriteContext& ctx, Id id, const ProviderForm& form);

// What the sufficiency search is asked.
struct PlacementSearch {
  Id person_id = 0;
  std::optional<std::int64_t> max_weekly_pence;  // no limit when empty
  std::string provider_type;                     // "" for every kind
  std::size_t limit = 0;                         // the nearest `limit` options only; 0 for every one
};

struct PlacementOption {
  Provider provider;
  std::optional<double> miles;  // nullopt when either postcode has no grid reference or is unknown
  std::optional<bool> in_area;  // nullopt when the provider's postcode is unknown
};

struct PlacementSearchResult {
  std::string child_name;
  std::optional<int> age;
  std::string sex;              // CIN code
  std::string home_postcode;    // the period of care's home postcode, else the child's address
  bool home_found = false;      // the home postcode was found in the lookup
  std::string council_la;       // the council's ONS code, for in/out of area
  std::vector<PlacementOption> options;  // nearest first; unknown distances last, then by name
  bool more = false;            // more providers fit than the search's limit
};

// The sufficiency search for one child as of today: approved providers with
// a vacancy whose age range includes the child's age (and sex, when
// restricted), within the budget, nearest the child's home first. Secure
// homes (a court order under s25) and adoption services are never offered.
// With a limit, only the nearest `limit` (the same as the first `limit` of
// the whole list) and whether there are more; the vacancies of the rest are
// never counted, so a national register costs about as much as a council's.
// Checks the viewer may open the child's record (check_access) and may view
// the register; audits the read (action "read", entity "placement_search").
// Errors: denied, not_found (unknown child), invalid (a child with no date of birth).
Result<PlacementSearchResult> search_placements(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer,
                                                const PlacementSearch& search, const PostcodeLookup& postcodes, Date today);

}  // namespace kith::casework
