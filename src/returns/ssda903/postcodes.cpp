#include "returns/ssda903/postcodes.h"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "io/csv.h"

namespace kith::returns::ssda903 {
namespace {

int char_code(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
  if (c >= 'a' && c <= 'z') return c - 'a' + 1;
  if (c >= '0' && c <= '9') return c - '0' + 27;
  return -1;
}

// district (laua) -> PL_LA, from lad_to_la.csv.
Result<std::map<std::string, std::string>> load_districts(const std::string& path) {
  auto csv = io::read_csv(path);
  if (!csv) return csv.status();
  auto lad = csv->column("lad_code"), pl_la = csv->column("pl_la");
  if (!lad || !pl_la) return Status::invalid(path + ": needs columns lad_code and pl_la");
  std::map<std::string, std::string> out;
  for (const auto& row : csv->rows) out[row[*lad]] = row[*pl_la];
  return out;
}

// Reads a gzip file line by line without holding the whole text (the file is ~90 MB unpacked).
template <typename OnLine>
Status for_each_gz_line(const std::string& path, OnLine on_line) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (!gz) return Status::io("cannot open " + path);
  gzbuffer(gz, 1 << 17);
  std::string carry;
  std::vector<char> buf(1 << 18);
  for (;;) {
    int n = gzread(gz, buf.data(), unsigned(buf.size()));
    if (n < 0) {
      gzclose(gz);
      return Status::io(path + ": corrupt gzip data");
    }
    if (n == 0) break;
    std::string_view chunk(buf.data(), std::size_t(n));
    std::size_t start = 0;
    for (std::size_t nl = chunk.find('\n'); nl != std::string_view::npos; nl = chunk.find('\n', start)) {
      if (carry.empty()) {
        on_line(chunk.substr(start, nl - start));
      } else {
        carry.append(chunk.substr(start, nl - start));
        on_line(std::string_view(carry));
        carry.clear();
      }
      start = nl + 1;
    }
    carry.append(chunk.substr(start));
  }
  if (!carry.empty()) on_line(std::string_view(carry));
  gzclose(gz);
  return Status::ok();
}

}  // namespace

std::optional<std::uint64_t> postcode_key(std::string_view postcode) {
  std::uint64_t key = 0;
  int n = 0;
  for (char c : postcode) {
    if (c == ' ') continue;
    int code = char_code(c);
    if (code < 0 || ++n > 7) return std::nullopt;
    key = key << 6 | std::uint64_t(code);
  }
  if (n == 0) return std::nullopt;
  return key;
}

Result<PostcodeIndex> PostcodeIndex::load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep) {
  auto districts = load_districts(data_dir + "/la/lad_to_la.csv");
  if (!districts) return districts.status();
  PostcodeIndex index;
  index.la_codes_.push_back("");
  std::map<std::string, std::uint16_t, std::less<>> la_index;  // district -> index into la_codes_
  for (const auto& [lad, pl_la] : *districts) {
    auto it = std::find(index.la_codes_.begin(), index.la_codes_.end(), pl_la);
    if (it == index.la_codes_.end()) it = index.la_codes_.insert(index.la_codes_.end(), pl_la);
    la_index[lad] = std::uint16_t(it - index.la_codes_.begin());
  }
  std::string path = data_dir + "/postcodes/england_postcodes.csv.gz";
  bool header = true;
  Status st = for_each_gz_line(path, [&](std::string_view line) {
    if (header) {
      header = false;
      return;
    }
    // pcd,oseast1m,osnrth1m,laua
    std::size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    if (c == std::string_view::npos) return;
    auto key = postcode_key(line.substr(0, a));
    if (!key || (keep && !keep(*key))) return;
    Entry e{*key << 16, 0, 0};
    std::from_chars(line.data() + a + 1, line.data() + b, e.easting);
    std::from_chars(line.data() + b + 1, line.data() + c, e.northing);
    std::string_view laua = line.substr(c + 1);
    if (!laua.empty() && laua.back() == '\r') laua.remove_suffix(1);
    if (auto la = la_index.find(laua); la != la_index.end()) e.key_and_la |= la->second;
    index.entries_.push_back(e);
  });
  if (!st) return st;
  std::sort(index.entries_.begin(), index.entries_.end(), [](const Entry& x, const Entry& y) { return x.key_and_la < y.key_and_la; });
  return index;
}

std::optional<Place> PostcodeIndex::find(std::string_view postcode) const {
  auto key = postcode_key(postcode);
  if (!key) return std::nullopt;
  std::uint64_t lo = *key << 16;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), lo, [](const Entry& e, std::uint64_t k) { return e.key_and_la < k; });
  if (it == entries_.end() || (it->key_and_la >> 16) != *key) return std::nullopt;
  return Place{it->easting, it->northing, la_codes_[it->key_and_la & 0xFFFF]};
}

double placement_distance(const Place& home, const Place& placement) {
  double de = double(home.easting) - placement.easting, dn = double(home.northing) - placement.northing;
  double miles = std::sqrt(de * de + dn * dn) / 1000 / 1.6093;
  // Python's round(x, 1) rounds the exact binary value half to even; so does printf.
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", miles);
  return std::strtod(buf, nullptr);
}

}  // namespace kith::returns::ssda903
