#include "returns/ssda903/derived.h"

#include <charconv>
#include <cstdio>
#include <string>
#include <unordered_set>

namespace kith::returns::ssda903 {
namespace {

void add_uasc(Return903& r, const std::string& suffix) {
  Table* header = r.table("Header" + suffix);
  if (!header || header->column("UASC")) return;
  std::unordered_set<std::string_view> uasc;
  if (const Table* t = r.table("UASC" + suffix))
    if (const Column* child = t->column("CHILD"))
      for (std::size_t i = 0; i < child->size(); ++i) uasc.insert((*child)[i]);
  const Column* child = header->column("CHILD");
  Column& flag = header->add_column("UASC");
  Column filled;
  for (std::size_t i = 0; i < header->rows(); ++i) filled.push_back(child && uasc.count((*child)[i]) ? "1" : "0");
  flag = filled;
}

void add_placement(Return903& r, const std::string& suffix, const PostcodeIndex& postcodes) {
  Table* episodes = r.table("Episodes" + suffix);
  if (!episodes || episodes->column("PL_DISTANCE")) return;
  const Column* home = episodes->column("HOME_POST");
  const Column* placed = episodes->column("PL_POST");
  Column la, location, distance;
  for (std::size_t i = 0; i < episodes->rows(); ++i) {
    auto from = home ? postcodes.find((*home)[i]) : std::nullopt;
    auto to = placed ? postcodes.find((*placed)[i]) : std::nullopt;
    std::string_view pl_la = to ? episodes->keep(to->pl_la) : std::string_view{};
    la.push_back(pl_la);
    // A known postcode outside every English authority (Channel Islands, Isle of Man: no
    // PL_LA) is OUT, as the reference validator gives for a district its lookup lacks.
    location.push_back(!to ? std::string_view{} : !pl_la.empty() && pl_la == r.metadata.local_authority ? "IN" : "OUT");
    if (auto miles = from && to ? placement_distance(*from, *to) : std::nullopt) {
      // to_chars with a precision formats as printf's "%.1f" does, without its locale and parsing.
      char buf[32];
      auto written = std::to_chars(buf, buf + sizeof buf, *miles, std::chars_format::fixed, 1);
      distance.push_back(episodes->keep(std::string_view(buf, std::size_t(written.ptr - buf))));
    } else {
      distance.push_back({});
    }
  }
  episodes->add_column("PL_LA") = la;
  episodes->add_column("PL_LOCATION") = location;
  episodes->add_column("PL_DISTANCE") = distance;
}

}  // namespace

std::unordered_set<std::uint64_t> postcodes_in(const Return903& r) {
  std::unordered_set<std::uint64_t> keys;
  for (const char* name : {"Episodes", "Episodes_last"})
    if (const Table* t = r.table(name))
      for (const char* col : {"HOME_POST", "PL_POST"})
        if (const Column* c = t->column(col))
          for (std::size_t i = 0; i < c->size(); ++i)
            if (auto key = postcode_key((*c)[i])) keys.insert(*key);
  return keys;
}

void add_derived_fields(Return903& r, const PostcodeIndex& postcodes) {
  for (const std::string suffix : {"", "_last"}) {
    add_uasc(r, suffix);
    add_placement(r, suffix, postcodes);
  }
}

}  // namespace kith::returns::ssda903
