// Portable random numbers for simulations (synthetic councils, Monte Carlo forecasts): xoshiro256** seeded by splitmix64,
// with samplers written out here rather than taken from <random>, whose
// distributions may give different numbers in another standard library.
// Same seed, same numbers, on every platform.
//
// Thread-safety: an Rng is a value; give each thread (or each child) its own.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>
#include <string_view>

namespace kith {

// One step of splitmix64: a good 64-bit mix, used for seeding and hashing.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A stable 64-bit hash of text (FNV-1a then mixed), for seeding per council.
constexpr std::uint64_t hash_text(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) h = (h ^ std::uint8_t(c)) * 0x100000001b3ULL;
  return mix64(h);
}

class Rng {
 public:
  // Streams are independent when their (seed, stream) pairs differ: each
  // child gets its own stream so its story does not depend on its neighbours.
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t x = mix64(seed) ^ mix64(stream + 0x632be59bd9b4e019ULL);
    for (auto& w : s_) w = x = mix64(x);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [lo, hi], both inclusive.
  int between(int lo, int hi) { return lo + int((next() >> 32) * std::uint64_t(hi - lo + 1) >> 32); }
  bool chance(double p) { return uniform() < p; }
  // Exponential with the given mean.
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  // Standard normal (Box-Muller; one value per call keeps the stream simple).
  double normal() {
    double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Log-normal with the given median and spread (sigma of the log).
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }
  // Index drawn with probability proportional to weights[i].
  std::size_t pick(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace kith
