#include "synth/names.h"

#include <array>

namespace kith::synth {
namespace {

constexpr std::array<std::string_view, 48> kGirls = {
    "Olivia", "Amelia", "Isla",  "Ava",    "Mia",    "Ivy",    "Lily",   "Isabella", "Rosie",  "Sophia",
    "Grace",  "Freya",  "Poppy", "Evie",   "Ella",   "Willow", "Florence", "Daisy",  "Sienna", "Harper",
    "Aria",   "Millie", "Ruby",  "Phoebe", "Chloe",  "Zara",   "Amira",  "Maya",     "Leah",   "Hannah",
    "Erin",   "Layla",  "Emily", "Jessica", "Aisha", "Nadia",  "Priya",  "Fatima",   "Lucy",   "Megan",
    "Holly",  "Niamh",  "Eden",  "Molly",  "Imogen", "Sara",   "Lola",   "Alice"};
constexpr std::array<std::string_view, 48> kBoys = {
    "Noah",  "Oliver", "George", "Arthur", "Muhammad", "Leo",    "Harry",  "Oscar",  "Archie", "Henry",
    "Theo",  "Jack",   "Charlie", "Freddie", "Alfie",  "Finley", "Thomas", "Jacob",  "Isaac",  "Joshua",
    "Reuben", "Mason", "Ethan",  "Lucas",  "Logan",    "Ryan",   "Adam",   "Yusuf",  "Ibrahim", "Rohan",
    "Daniel", "Samuel", "Kai",   "Tyler",  "Callum",   "Liam",   "Jayden", "Kieran", "Owen",   "Ben",
    "Max",   "Toby",   "Rory",   "Ali",    "Hamza",    "Dylan",  "Zach",   "Jamie"};
constexpr std::array<std::string_view, 64> kSurnames = {
    "Smith",   "Jones",   "Taylor",  "Brown",   "Williams", "Wilson",  "Johnson", "Davies",  "Patel",   "Robinson",
    "Wright",  "Thompson", "Evans",  "Walker",  "White",    "Roberts", "Green",   "Hall",    "Wood",    "Jackson",
    "Clarke",  "Khan",    "Hughes",  "Edwards", "Turner",   "Hill",    "Moore",   "Cooper",  "Ward",    "Harris",
    "Lewis",   "Martin",  "Baker",   "Allen",   "Morris",   "Begum",   "Ali",     "Young",   "King",    "Scott",
    "Price",   "Bennett", "Shaw",    "Mills",   "Webb",     "Marsh",   "Kaur",    "Singh",   "Fletcher", "Barker",
    "Holmes",  "Lloyd",   "Owen",    "Parry",   "Reid",     "Stone",   "Hussain", "Nowak",   "Kowalski", "Okafor",
    "Mensah",  "Adeyemi", "Byrne",   "Doyle"};
constexpr std::array<std::string_view, 40> kPlaces = {
    "Oakfield", "Meadowbank", "Rowan",   "Willow",    "Ashgrove",  "Brookside", "Hawthorn", "Elmwood",
    "Larkrise", "Beechcroft", "Fernhill", "Kingsmead", "Millbrook", "Orchard",  "Riverside", "Sandpiper",
    "Thornbury", "Highfield", "Holly Bank", "Juniper",  "Lindens",   "Maple",    "Northgate", "Parkside",
    "Queensway", "Redwood",  "Southfields", "Westcliffe", "Foxglove", "Greenacre", "Heathside", "Ivybridge",
    "Kestrel",  "Bluebell",  "Cedars",   "Damson",    "Eastfield", "Goldcrest", "Heron",    "Lavender"};
constexpr std::array<std::string_view, 5> kPrimary = {"Primary School", "Primary Academy", "Infant and Junior School",
                                                      "CE Primary School", "Community Primary School"};
constexpr std::array<std::string_view, 4> kSecondary = {"Academy", "High School", "School", "Community College"};

template <std::size_t N>
std::string_view any(Rng& rng, const std::array<std::string_view, N>& list) {
  return list[std::size_t(rng.between(0, int(N) - 1))];
}

}  // namespace

std::string_view forename(Rng& rng, char sex) { return sex == 'F' ? any(rng, kGirls) : any(rng, kBoys); }
std::string_view surname(Rng& rng) { return any(rng, kSurnames); }
std::string_view place_word(Rng& rng) { return any(rng, kPlaces); }

std::string school_name(Rng& rng, bool secondary) {
  return std::string(any(rng, kPlaces)) + " " + std::string(secondary ? any(rng, kSecondary) : any(rng, kPrimary));
}

std::string provider_name(Rng& rng, std::string_view kind) {
  return std::string(any(rng, kPlaces)) + " " + std::string(kind);
}

}  // namespace kith::synth
