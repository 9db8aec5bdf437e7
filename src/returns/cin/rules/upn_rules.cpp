// Unique pupil numbers: the DfE UPN format (a check letter, a 3-digit LA
// code, 8 digits, a digit or letter), duplicates, and the reasons a school-age
// child has none.
#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kTable = "ChildIdentifiers";
// The letters of the UPN check character and of a temporary UPN's last character (no I, O or S).
constexpr std::string_view kCheckLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The UPN's check letter, from characters 2-13 weighted 2..13 (DfE UPN guidance);
// nullopt when a character has no value (the format rules report those).
std::optional<char> check_letter(std::string_view upn) {
  int sum = 0;
  for (std::size_t i = 1; i < 13; ++i) {
    char c = upn[i];
    std::size_t value = digit(c) ? std::size_t(c - '0') : kCheckLetters.find(char(std::toupper(static_cast<unsigned char>(c))));
    if (value == std::string_view::npos) return std::nullopt;
    sum += int(value) * int(i + 1);
  }
  return kCheckLetters[sum % 23];
}

// 1510: the first character is the check letter of the rest.
void check_letter_matches(const Census& c, Flags& flags) {
  const Column& upn = c.table(kTable).col("UPN");
  for (std::size_t r = 0; r < c.table(kTable).rows(); ++r) {
    auto u = upn.text(r);
    if (!u || u->size() != 13) continue;
    auto expected = check_letter(*u);
    if (expected && std::toupper(static_cast<unsigned char>((*u)[0])) != *expected) flags.cell(kTable, "UPN", r);
  }
}

// 1520: no two children share a UPN.
void upn_unique(const Census& c, Flags& flags) {
  const Table& t = c.table(kTable);
  std::unordered_map<std::string_view, int> seen;
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (auto u = t.col("UPN").text(r)) ++seen[*u];
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (auto u = t.col("UPN").text(r); u && seen[*u] > 1) flags.cell(kTable, "UPN", r);
}

// The LA numbers a UPN may carry: England's current and former LA codes
// (data/la/la_codes.csv) and Wales's (660-681, 701-720), plus 001-003, which the
// reference validator also accepts (its vector for 1530 treats H003... as valid).
bool known_la_code(std::string_view code) {
  static constexpr std::string_view kEngland[] = {
      "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "301", "302", "303", "304", "305",
      "306", "307", "308", "309", "310", "311", "312", "313", "314", "315", "316", "317", "318", "319", "320", "330", "331", "332",
      "333", "334", "335", "336", "340", "341", "342", "343", "344", "350", "351", "352", "353", "354", "355", "356", "357", "358",
      "359", "370", "371", "372", "373", "380", "381", "382", "383", "384", "390", "391", "392", "393", "394", "420", "800", "801",
      "802", "803", "805", "806", "807", "808", "810", "811", "812", "813", "815", "816", "821", "822", "823", "825", "826", "830",
      "831", "835", "836", "837", "838", "839", "840", "841", "845", "846", "850", "851", "852", "855", "856", "857", "860", "861",
      "865", "866", "867", "868", "869", "870", "871", "872", "873", "874", "876", "877", "878", "879", "880", "881", "882", "883",
      "884", "885", "886", "887", "888", "889", "890", "891", "892", "893", "894", "895", "896", "908", "909", "916", "919", "921",
      "925", "926", "928", "929", "931", "933", "935", "936", "937", "938", "940", "941", "942", "943"};
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), digit)) return false;
  int n = std::stoi(std::string(code));
  if ((n >= 1 && n <= 3) || (n >= 660 && n <= 681) || (n >= 701 && n <= 720)) return true;
  return std::find(std::begin(kEngland), std::end(kEngland), code) != std::end(kEngland);
}

// 1530: characters 2-4 are a recognised LA code.
void la_code_known(const Census& c, Flags& flags) {
  const Column& upn = c.table(kTable).col("UPN");
  for (std::size_t r = 0; r < c.table(kTable).rows(); ++r)
    if (auto u = upn.text(r); u && u->size() == 13 && !known_la_code(u->substr(1, 3))) flags.cell(kTable, "UPN", r);
}

// 1540: characters 5-12 are digits.
void serial_numeric(const Census& c, Flags& flags) {
  const Column& upn = c.table(kTable).col("UPN");
  for (std::size_t r = 0; r < c.table(kTable).rows(); ++r) {
    auto u = upn.text(r);
    if (!u || u->size() <= 4) continue;
    auto serial = u->substr(4, 8);
    if (!std::all_of(serial.begin(), serial.end(), digit)) flags.cell(kTable, "UPN", r);
  }
}

// 1550: character 13 is a digit or a letter other than I, O and S.
void last_character_valid(const Census& c, Flags& flags) {
  const Column& upn = c.table(kTable).col("UPN");
  for (std::size_t r = 0; r < c.table(kTable).rows(); ++r) {
    auto u = upn.text(r);
    if (!u || u->size() < 13) continue;
    char last = char(std::toupper(static_cast<unsigned char>((*u)[12])));
    if (!digit(last) && kCheckLetters.find(last) == std::string_view::npos) flags.cell(kTable, "UPN", r);
  }
}

// The schema's UPN pattern: [A-Za-z]\d{11}(\d|[A-Za-z]).
bool upn_shaped(std::string_view u) {
  return u.size() == 13 && std::isalpha(static_cast<unsigned char>(u[0])) && std::all_of(u.begin() + 1, u.begin() + 12, digit) &&
         std::isalnum(static_cast<unsigned char>(u[12]));
}

// 1560Q: a former UPN has the UPN format.
void former_upn_format(const Census& c, Flags& flags) {
  const Column& former = c.table(kTable).col("FormerUPN");
  for (std::size_t r = 0; r < c.table(kTable).rows(); ++r)
    if (auto u = former.text(r); u && !upn_shaped(*u)) flags.cell(kTable, "FormerUPN", r);
}

// 8770Q: a child of compulsory school age (5 to 15 on 31 August before the
// census year) has a UPN, or a reason other than UN1 for having none.
void school_age_child_has_upn(const Census& c, Flags& flags) {
  const Table& t = c.table(kTable);
  Date august = Date::ymd(c.reference_date.year() - 1, 8, 31);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto born = t.col("PersonBirthDate").date(r);
    if (!born || t.col("UPN").text(r)) continue;
    int age = august.years_since(*born);
    auto reason = t.col("UPNunknown").text(r);
    if (age >= 5 && age <= 15 && (!reason || *reason == "UN1")) flags.cells(kTable, {"UPN", "UPNunknown"}, r);
  }
}

constexpr Rule kRules[] = {
    {"1510", check_letter_matches}, {"1520", upn_unique},           {"1530", la_code_known},
    {"1540", serial_numeric},       {"1550", last_character_valid}, {"1560Q", former_upn_format},
    {"8770Q", school_age_child_has_upn},
};

}  // namespace

std::span<const Rule> upn_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
