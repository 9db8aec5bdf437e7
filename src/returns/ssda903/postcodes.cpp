#include "returns/ssda903/postcodes.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>

#include "io/csv.h"
#include "model/distance.h"

namespace kith::returns::ssda903 {
namespace {

using Entry = PostcodeIndex::Entry;
static_assert(sizeof(Entry) == 16);

constexpr const char* kSources[] = {"england_postcodes.csv.gz", "other_uk_postcodes.csv.gz"};
constexpr std::size_t kSourceCount = 2;

int char_code(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A' + 1;
  if (c >= 'a' && c <= 'z') return c - 'a' + 1;
  if (c >= '0' && c <= '9') return c - '0' + 27;
  return -1;
}

// district (laua) -> PL_LA, from lad_to_la.csv.
Result<std::map<std::string, std::string, std::less<>>> load_districts(const std::string& path) {
  auto csv = io::read_csv(path);
  if (!csv) return csv.status();
  auto lad = csv->column("lad_code"), pl_la = csv->column("pl_la");
  if (!lad || !pl_la) return Status::invalid(path + ": needs columns lad_code and pl_la");
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& row : csv->rows) out[row[*lad]] = row[*pl_la];
  return out;
}

// Reads a gzip file line by line without holding the whole text (~100 MB unpacked).
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

// What the cache was built from: each source file's size and modification time.
struct SourceStamp {
  std::int64_t size = -1, mtime_ns = -1;
  bool operator==(const SourceStamp&) const = default;
};

// Cache layout (native byte order; the cache is local to the machine):
// CacheHeader, then district_count 16-byte NUL-padded laua codes ([0] is ""),
// then entry_count Entry records sorted by key.
struct CacheHeader {
  char magic[8];
  std::uint32_t version, district_count;
  std::uint64_t entry_count;
  SourceStamp sources[kSourceCount];
};
constexpr char kMagic[8] = {'K', 'I', 'T', 'H', 'P', 'C', 'D', 'X'};
constexpr std::uint32_t kVersion = 1;
using DistrictName = std::array<char, 16>;

struct Parsed {
  std::vector<Entry> entries;
  std::vector<std::string> districts;  // laua per district index; [0] is ""
};

// Parses both extracts into one sorted array of their postcodes (those keep accepts, when given).
Result<Parsed> parse_sources(const std::string& dir, const std::function<bool(std::uint64_t)>& keep) {
  Parsed p;
  p.districts.push_back("");
  std::map<std::string, std::uint16_t, std::less<>> district_index{{"", 0}};
  if (!keep) p.entries.reserve(2'800'000);
  for (const char* name : kSources) {
    std::string path = dir + "/" + name;
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
      Entry e{*key << 16, PostcodeIndex::kNoGrid, PostcodeIndex::kNoGrid};
      if (b > a + 1 && c > b + 1) {
        std::from_chars(line.data() + a + 1, line.data() + b, e.easting);
        std::from_chars(line.data() + b + 1, line.data() + c, e.northing);
      }
      std::string_view laua = line.substr(c + 1);
      if (!laua.empty() && laua.back() == '\r') laua.remove_suffix(1);
      auto it = district_index.find(laua);
      if (it == district_index.end()) {
        if (p.districts.size() > 0xFFFF || laua.size() >= sizeof(DistrictName)) return;
        it = district_index.emplace(std::string(laua), std::uint16_t(p.districts.size())).first;
        p.districts.emplace_back(laua);
      }
      e.key_and_district |= it->second;
      p.entries.push_back(e);
    });
    if (!st) return st;
  }
  std::sort(p.entries.begin(), p.entries.end(), [](const Entry& x, const Entry& y) { return x.key_and_district < y.key_and_district; });
  return p;
}

std::optional<SourceStamp> stamp(const std::string& path) {
  struct stat s;
  if (::stat(path.c_str(), &s) != 0) return std::nullopt;
  return SourceStamp{std::int64_t(s.st_size), std::int64_t(s.st_mtim.tv_sec) * 1'000'000'000 + s.st_mtim.tv_nsec};
}

std::size_t cache_size(const CacheHeader& h) {
  return sizeof(CacheHeader) + std::size_t(h.district_count) * sizeof(DistrictName) + std::size_t(h.entry_count) * sizeof(Entry);
}

// Opens a temporary file beside the cache path (nullptr when it cannot be written).
std::FILE* open_cache_tmp(const std::string& path, std::string& tmp) {
  if (path.empty()) return nullptr;
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return nullptr;
  tmp = path + ".tmp." + std::to_string(::getpid());
  return std::fopen(tmp.c_str(), "wb");
}

// Writes the cache to the temporary file f and renames it into place; false on any failure.
bool write_cache(std::FILE* f, const std::string& tmp, const std::string& path, const Parsed& p, const SourceStamp (&stamps)[kSourceCount]) {
  CacheHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.district_count = std::uint32_t(p.districts.size());
  h.entry_count = p.entries.size();
  std::copy(std::begin(stamps), std::end(stamps), h.sources);
  bool ok = std::fwrite(&h, sizeof h, 1, f) == 1;
  for (const auto& d : p.districts) {
    DistrictName name{};
    std::memcpy(name.data(), d.data(), std::min(d.size(), name.size() - 1));
    ok = ok && std::fwrite(name.data(), name.size(), 1, f) == 1;
  }
  ok = ok && std::fwrite(p.entries.data(), sizeof(Entry), p.entries.size(), f) == p.entries.size();
  ok = (std::fclose(f) == 0) && ok;
  if (ok) ok = std::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) std::remove(tmp.c_str());
  return ok;
}

// Maps a cache file whose header matches the sources; nullptr when absent, stale or damaged.
// populate: read the whole file now (it is about to be scanned) rather than page by page.
std::shared_ptr<const void> map_cache(const std::string& path, const SourceStamp (&stamps)[kSourceCount], bool populate, std::size_t& bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat s;
  CacheHeader h;
  bool good = ::fstat(fd, &s) == 0 && std::size_t(s.st_size) >= sizeof h && ::pread(fd, &h, sizeof h, 0) == ssize_t(sizeof h) &&
              std::memcmp(h.magic, kMagic, sizeof kMagic) == 0 && h.version == kVersion && h.district_count >= 1 &&
              h.district_count <= 0x10000 && h.entry_count < (std::uint64_t(1) << 40) &&
              std::equal(std::begin(stamps), std::end(stamps), h.sources) && cache_size(h) == std::size_t(s.st_size);
  void* m = good ? ::mmap(nullptr, std::size_t(s.st_size), PROT_READ, MAP_PRIVATE | (populate ? MAP_POPULATE : 0), fd, 0) : MAP_FAILED;
  ::close(fd);
  if (m == MAP_FAILED) return nullptr;
  bytes = std::size_t(s.st_size);
  return std::shared_ptr<const void>(m, [n = bytes](const void* p) { ::munmap(const_cast<void*>(p), n); });
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
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

std::string postcode_cache_path(const std::string& data_dir) {
  std::string dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && xdg[0] == '/') dir = std::string(xdg) + "/kith";
  else if (const char* home = std::getenv("HOME"); home && home[0] == '/') dir = std::string(home) + "/.cache/kith";
  else return {};
  std::error_code ec;
  std::string folder = std::filesystem::weakly_canonical(data_dir + "/postcodes", ec).string();
  if (ec) folder = data_dir + "/postcodes";
  char name[64];
  std::snprintf(name, sizeof name, "/postcodes-%016llx.bin", static_cast<unsigned long long>(fnv1a(folder)));
  return dir + name;
}

Result<PostcodeIndex> PostcodeIndex::load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep) {
  return load(data_dir, keep, nullptr);
}

Result<PostcodeIndex> PostcodeIndex::load_keys(const std::string& data_dir, const std::vector<std::uint64_t>& keys) {
  // Without a cache the gzip files are parsed and filtered by this test instead.
  auto wanted = [&keys](std::uint64_t k) { return std::binary_search(keys.begin(), keys.end(), k); };
  return load(data_dir, wanted, &keys);
}

Result<PostcodeIndex> PostcodeIndex::load(const std::string& data_dir, const std::function<bool(std::uint64_t)>& keep,
                                          const std::vector<std::uint64_t>* keys) {
  auto to_pl_la = load_districts(data_dir + "/la/lad_to_la.csv");
  if (!to_pl_la) return to_pl_la.status();
  std::string dir = data_dir + "/postcodes";
  SourceStamp stamps[kSourceCount];
  for (std::size_t i = 0; i < kSourceCount; ++i) {
    auto s = stamp(dir + "/" + kSources[i]);
    if (!s) return Status::io("cannot open " + dir + "/" + kSources[i]);
    stamps[i] = *s;
  }
  PostcodeIndex index;
  auto set_districts = [&](auto&& laua_of) {
    for (std::size_t i = 0;; ++i) {
      auto laua = laua_of(i);
      if (!laua) break;
      auto it = to_pl_la->find(*laua);
      index.pl_la_.push_back(it == to_pl_la->end() ? std::string() : it->second);
    }
  };
  // Keeps the wanted entries of [first, first + n) (all of them without a filter).
  auto take = [&](const Entry* first, std::size_t n) {
    if (!keep) {
      index.entries_.assign(first, first + n);
    } else {
      for (std::size_t i = 0; i < n; ++i)
        if (keep(first[i].key_and_district >> 16)) index.entries_.push_back(first[i]);
    }
    index.size_ = index.entries_.size();
  };

  std::string cache = postcode_cache_path(data_dir);
  std::size_t bytes = 0;
  // Populate the whole mapping only when every entry will be read (a filter); keys touch a few pages.
  if (auto mapping = cache.empty() ? nullptr : map_cache(cache, stamps, bool(keep) && !keys, bytes)) {
    const auto* base = static_cast<const char*>(mapping.get());
    CacheHeader h;
    std::memcpy(&h, base, sizeof h);
    const auto* names = reinterpret_cast<const DistrictName*>(base + sizeof h);
    set_districts([&](std::size_t i) -> std::optional<std::string_view> {
      if (i >= h.district_count) return std::nullopt;
      return std::string_view(names[i].data(), strnlen(names[i].data(), names[i].size()));
    });
    const auto* entries = reinterpret_cast<const Entry*>(base + sizeof h + h.district_count * sizeof(DistrictName));
    index.from_cache_ = true;
    if (keys) {
      // The array is sorted by key (key << 16 | district): each key's entries are one run.
      const Entry* end = entries + h.entry_count;
      for (std::uint64_t key : *keys) {
        const Entry* at = std::lower_bound(entries, end, key << 16, [](const Entry& e, std::uint64_t v) { return e.key_and_district < v; });
        for (; at != end && (at->key_and_district >> 16) == key; ++at) index.entries_.push_back(*at);
      }
      index.size_ = index.entries_.size();
    } else if (keep) {
      take(entries, h.entry_count);  // copy out the few wanted entries; the mapping is released
    } else {
      index.mapping_ = std::move(mapping);  // read in place
      index.mapped_ = entries;
      index.size_ = h.entry_count;
    }
    return index;
  }

  // No usable cache: parse every postcode and write one when possible (best effort); when
  // none can be written, parse only the wanted postcodes, as every later load will.
  std::string tmp;
  std::FILE* out = open_cache_tmp(cache, tmp);
  auto parsed = parse_sources(dir, out ? std::function<bool(std::uint64_t)>() : keep);
  if (out) {
    if (parsed) write_cache(out, tmp, cache, *parsed, stamps);
    else std::fclose(out), std::remove(tmp.c_str());
  }
  if (!parsed) return parsed.status();
  set_districts([&](std::size_t i) -> std::optional<std::string_view> {
    if (i >= parsed->districts.size()) return std::nullopt;
    return std::string_view(parsed->districts[i]);
  });
  if (keep) {
    take(parsed->entries.data(), parsed->entries.size());
  } else {
    index.entries_ = std::move(parsed->entries);
    index.size_ = index.entries_.size();
  }
  return index;
}

std::optional<Place> PostcodeIndex::find(std::string_view postcode) const {
  auto key = postcode_key(postcode);
  if (!key) return std::nullopt;
  std::uint64_t lo = *key << 16;
  const Entry *first = data(), *last = first + size_;
  auto it = std::lower_bound(first, last, lo, [](const Entry& e, std::uint64_t k) { return e.key_and_district < k; });
  if (it == last || (it->key_and_district >> 16) != *key) return std::nullopt;
  std::size_t district = it->key_and_district & 0xFFFF;
  std::string_view pl_la = district < pl_la_.size() ? std::string_view(pl_la_[district]) : std::string_view{};
  if (it->easting == kNoGrid || it->northing == kNoGrid) return Place{0, 0, pl_la, false};
  return Place{it->easting, it->northing, pl_la, true};
}

std::optional<double> placement_distance(const Place& home, const Place& placement) {
  if (!home.has_grid || !placement.has_grid) return std::nullopt;
  // The formula lives in model/distance.h so case work's sufficiency search shares it.
  return straight_line_miles({home.easting, home.northing}, {placement.easting, placement.northing});
}

}  // namespace kith::returns::ssda903
