// Sealed files: round trips, and every way a file can be wrong is refused.
#include "lifecycle/sealed_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>

#include "fixtures/tiny_council.h"

namespace kith::lifecycle {
namespace {

using kith::testing::TempDir;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + 7) % 251);
  return s;
}

void write_raw(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

class SealedFile : public ::testing::Test {
 protected:
  TempDir dir;
  KeySource key{dir.file("k.key"), "", true};
};

// Sizes around the 64 KiB chunk boundary, and empty.
TEST_F(SealedFile, RoundTripsAnyLength) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{65535}, std::size_t{65536}, std::size_t{65537}, std::size_t{200000}}) {
    std::string plain = pattern(n);
    ASSERT_TRUE(seal_to_file(plain, dir.file("f"), "test:label", key).is_ok()) << n;
    auto back = unseal_file(dir.file("f"), key);
    ASSERT_TRUE(back.is_ok()) << n << ": " << back.status().message();
    EXPECT_EQ(back->plain, plain) << n;
    EXPECT_EQ(back->label, "test:label");
    // The plaintext must not appear in the file.
    if (n >= 64) { EXPECT_EQ(read_whole_file(dir.file("f"))->find(plain.substr(0, 64)), std::string::npos); }
  }
}

TEST_F(SealedFile, KeyFileIsCreatedPrivateAndNeverOverwritten) {
  ASSERT_TRUE(seal_to_file("x", dir.file("f"), "l", key).is_ok());
  struct stat st{};
  ASSERT_EQ(stat(key.key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  struct stat out{};
  ASSERT_EQ(stat(dir.file("f").c_str(), &out), 0);
  EXPECT_EQ(out.st_mode & 0777, 0600);
  EXPECT_FALSE(create_key_file(key.key_file).is_ok());
}

TEST_F(SealedFile, EveryAlteredByteIsRefused) {
  ASSERT_TRUE(seal_to_file(pattern(70000), dir.file("f"), "label", key).is_ok());
  std::string good = *read_whole_file(dir.file("f"));
  // Header (magic, kind, label), secretstream header, first length, first and second chunk, last byte.
  for (std::size_t at : {std::size_t{0}, std::size_t{9}, std::size_t{12}, std::size_t{16}, std::size_t{30}, std::size_t{50},
                         std::size_t{1000}, std::size_t{66000}, good.size() - 1}) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    write_raw(dir.file("bad"), bad);
    auto r = unseal_file(dir.file("bad"), key);
    EXPECT_FALSE(r.is_ok()) << "byte " << at << " altered but accepted";
  }
}

TEST_F(SealedFile, TruncationAnywhereIsRefused) {
  ASSERT_TRUE(seal_to_file(pattern(70000), dir.file("f"), "label", key).is_ok());
  std::string good = *read_whole_file(dir.file("f"));
  // 65536 + 17 + 4 + header: cutting exactly after the first whole chunk must be caught by the missing FINAL tag.
  std::size_t first_chunk_end = 8 + 2 + 2 + 5 + 24 + 4 + 65536 + 17;
  for (std::size_t len : {std::size_t{0}, std::size_t{5}, std::size_t{20}, std::size_t{40}, first_chunk_end, good.size() - 1}) {
    write_raw(dir.file("cut"), good.substr(0, len));
    auto r = unseal_file(dir.file("cut"), key);
    EXPECT_FALSE(r.is_ok()) << "truncated to " << len << " bytes but accepted";
  }
  write_raw(dir.file("long"), good + "x");
  EXPECT_FALSE(unseal_file(dir.file("long"), key).is_ok()) << "trailing bytes accepted";
}

TEST_F(SealedFile, WrongKeyIsRefusedWithAClearMessage) {
  ASSERT_TRUE(seal_to_file("secret", dir.file("f"), "label", key).is_ok());
  KeySource other{dir.file("other.key"), "", true};
  ASSERT_TRUE(create_key_file(other.key_file).is_ok());
  auto r = unseal_file(dir.file("f"), other);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("key or passphrase is wrong, or the file was altered"), std::string::npos) << r.status().message();
}

TEST_F(SealedFile, PassphraseRoundTripAndWrongPassphrase) {
  KeySource pass{"", "correct horse battery staple", false};
  ASSERT_TRUE(seal_to_file("about a child", dir.file("p"), "export:test", pass).is_ok());
  auto back = unseal_file(dir.file("p"), pass);
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->plain, "about a child");
  KeySource wrong{"", "correct horse battery stapler", false};
  EXPECT_FALSE(unseal_file(dir.file("p"), wrong).is_ok());
  // A passphrase file asked for with a key file says so.
  auto with_key = unseal_file(dir.file("p"), key);
  ASSERT_FALSE(with_key.is_ok());
  EXPECT_NE(with_key.status().message().find("KITH_BACKUP_PASSPHRASE"), std::string::npos);
}

TEST_F(SealedFile, NotASealedFileSaysSo) {
  write_raw(dir.file("plain.csv"), "CHILD,DOB\n1,2010-01-01\n");
  auto r = unseal_file(dir.file("plain.csv"), key);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("not a Kith encrypted file"), std::string::npos);
}

TEST(KeySourceChoice, KeyFileThenPassphraseThenError) {
  unsetenv("KITH_BACKUP_PASSPHRASE");
  EXPECT_FALSE(key_source("", false).is_ok());
  setenv("KITH_BACKUP_PASSPHRASE", "short", 1);
  EXPECT_FALSE(key_source("", false).is_ok());
  setenv("KITH_BACKUP_PASSPHRASE", "a long enough passphrase", 1);
  auto p = key_source("", false);
  ASSERT_TRUE(p.is_ok());
  EXPECT_EQ(p->passphrase, "a long enough passphrase");
  auto k = key_source("/some/key", true);
  ASSERT_TRUE(k.is_ok());
  EXPECT_EQ(k->key_file, "/some/key");
  EXPECT_TRUE(k->passphrase.empty());
  unsetenv("KITH_BACKUP_PASSPHRASE");
}

}  // namespace
}  // namespace kith::lifecycle
