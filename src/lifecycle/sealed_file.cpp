#include "lifecycle/sealed_file.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kith::lifecycle {
namespace {

constexpr std::string_view kMagic = "KITHSEAL";
constexpr std::uint8_t kFormat = 1;
constexpr std::uint8_t kKeyFile = 1;
constexpr std::uint8_t kPassphrase = 2;
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::string_view kKeyPrefix = "kith-file-key-v1:";
// argon2id cost: sodium's "interactive" memory with a few more passes; stored
// in the header so that it can be raised later without breaking old files.
constexpr std::uint64_t kOpsLimit = 3;
constexpr std::uint64_t kMemLimit = 64ull * 1024 * 1024;

using Key = std::array<unsigned char, crypto_secretstream_xchacha20poly1305_KEYBYTES>;

void put_le(std::string& out, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return v;
}

Status init_sodium() {
  if (sodium_init() < 0) return Status::io("libsodium could not start");
  return Status::ok();
}

Result<Key> read_key_file(const std::string& path) {
  auto text = read_whole_file(path);
  if (!text) return text.status();
  std::string_view t = *text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.remove_suffix(1);
  if (t.substr(0, kKeyPrefix.size()) != kKeyPrefix || t.size() != kKeyPrefix.size() + 64)
    return Status::invalid(path + ": not a Kith file key (expected '" + std::string(kKeyPrefix) + "' and 64 hex digits)");
  Key key{};
  std::size_t len = 0;
  std::string_view hex = t.substr(kKeyPrefix.size());
  if (sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != key.size())
    return Status::invalid(path + ": the key is not 64 hex digits");
  return key;
}

Result<Key> passphrase_key(const std::string& passphrase, std::string_view salt, std::uint64_t ops, std::uint64_t mem) {
  Key key{};
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 64 || mem < crypto_pwhash_MEMLIMIT_MIN || mem > (4ull << 30))
    return Status::corrupt("the passphrase parameters in the file are out of range");
  if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(),
                    reinterpret_cast<const unsigned char*>(salt.data()), ops, static_cast<std::size_t>(mem),
                    crypto_pwhash_ALG_ARGON2ID13) != 0)
    return Status::io("not enough memory to derive the key from the passphrase");
  return key;
}

// The header up to (not including) the secretstream header, and the key it implies.
Result<std::pair<std::string, Key>> make_prefix(std::string_view label, const KeySource& source) {
  std::string prefix(kMagic);
  prefix.push_back(static_cast<char>(kFormat));
  Key key{};
  if (!source.passphrase.empty()) {
    prefix.push_back(static_cast<char>(kPassphrase));
    std::string salt(crypto_pwhash_SALTBYTES, '\0');
    randombytes_buf(salt.data(), salt.size());
    prefix += salt;
    put_le(prefix, kOpsLimit, 8);
    put_le(prefix, kMemLimit, 8);
    auto k = passphrase_key(source.passphrase, salt, kOpsLimit, kMemLimit);
    if (!k) return k.status();
    key = *k;
  } else {
    prefix.push_back(static_cast<char>(kKeyFile));
    if (source.create_key && ::access(source.key_file.c_str(), F_OK) != 0) KITH_RETURN_IF_ERROR(create_key_file(source.key_file));
    auto k = read_key_file(source.key_file);
    if (!k) return k.status();
    key = *k;
  }
  if (label.size() > 0xffff) return Status::invalid("label too long");
  put_le(prefix, label.size(), 2);
  prefix += label;
  return std::make_pair(prefix, key);
}

struct ParsedPrefix {
  std::size_t size = 0;  // bytes up to the secretstream header
  std::string label;
  Key key{};
};

Result<ParsedPrefix> parse_prefix(const std::string& path, std::string_view file, const KeySource& source) {
  auto truncated = [&] { return Status::corrupt(path + ": the file is truncated (its header is incomplete)"); };
  if (file.size() < kMagic.size() + 2 || file.substr(0, kMagic.size()) != kMagic)
    return Status::invalid(path + ": not a Kith encrypted file (no KITHSEAL header)");
  std::size_t at = kMagic.size();
  if (static_cast<std::uint8_t>(file[at]) != kFormat)
    return Status::invalid(path + ": encrypted with an unknown format version " + std::to_string(static_cast<unsigned char>(file[at])));
  std::uint8_t kind = static_cast<std::uint8_t>(file[at + 1]);
  at += 2;
  ParsedPrefix p;
  if (kind == kPassphrase) {
    if (file.size() < at + crypto_pwhash_SALTBYTES + 16) return truncated();
    if (source.passphrase.empty())
      return Status::invalid(path + ": encrypted with a passphrase: set KITH_BACKUP_PASSPHRASE");
    std::string_view salt = file.substr(at, crypto_pwhash_SALTBYTES);
    std::uint64_t ops = get_le(file, at + crypto_pwhash_SALTBYTES, 8), mem = get_le(file, at + crypto_pwhash_SALTBYTES + 8, 8);
    at += crypto_pwhash_SALTBYTES + 16;
    auto k = passphrase_key(source.passphrase, salt, ops, mem);
    if (!k) return k.status();
    p.key = *k;
  } else if (kind == kKeyFile) {
    if (!source.passphrase.empty() && source.key_file.empty())
      return Status::invalid(path + ": encrypted with a key file: pass --key FILE");
    auto k = read_key_file(source.key_file);
    if (!k) return k.status();
    p.key = *k;
  } else {
    return Status::invalid(path + ": unknown key kind " + std::to_string(kind));
  }
  if (file.size() < at + 2) return truncated();
  std::size_t label_len = get_le(file, at, 2);
  at += 2;
  if (file.size() < at + label_len) return truncated();
  p.label = std::string(file.substr(at, label_len));
  p.size = at + label_len;
  return p;
}

}  // namespace

Result<KeySource> key_source(const std::string& key_file, bool create_key) {
  KeySource s;
  if (!key_file.empty()) {
    s.key_file = key_file;
    s.create_key = create_key;
    return s;
  }
  const char* pass = std::getenv("KITH_BACKUP_PASSPHRASE");
  if (pass && *pass) {
    s.passphrase = pass;
    if (s.passphrase.size() < 12) return Status::invalid("KITH_BACKUP_PASSPHRASE is too short: use at least 12 characters");
    return s;
  }
  return Status::invalid("no key: pass --key FILE (created on first use) or set KITH_BACKUP_PASSPHRASE");
}

Status create_key_file(const std::string& path) {
  KITH_RETURN_IF_ERROR(init_sodium());
  Key key{};
  randombytes_buf(key.data(), key.size());
  std::string hex(key.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
  hex.pop_back();
  std::string content = std::string(kKeyPrefix) + hex + "\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::io(path + ": cannot create the key file: " + std::strerror(errno));
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(key.data(), key.size());
  if (!ok) return Status::io(path + ": cannot write the key file");
  return Status::ok();
}

Status write_private_file(const std::string& path, std::string_view bytes) {
  std::string partial = path + ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::io(partial + ": cannot create: " + std::strerror(errno));
  ::fchmod(fd, 0600);  // an older .partial may have had wider permissions
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      ::unlink(partial.c_str());
      return Status::io(path + ": cannot write: " + std::strerror(err));
    }
    done += static_cast<std::size_t>(n);
  }
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(partial.c_str(), path.c_str()) != 0) {
    ::unlink(partial.c_str());
    return Status::io(path + ": cannot save: " + std::strerror(errno));
  }
  return Status::ok();
}

Result<std::string> read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return Status::io(path + ": cannot read");
  return std::move(s).str();
}

Status seal_to_file(std::string_view plain, const std::string& path, std::string_view label, const KeySource& source) {
  KITH_RETURN_IF_ERROR(init_sodium());
  auto prefix = make_prefix(label, source);
  if (!prefix) return prefix.status();
  auto& [out, key] = *prefix;
  const std::string ad = out;
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&state, header, key.data());
  sodium_memzero(key.data(), key.size());
  out.append(reinterpret_cast<const char*>(header), sizeof header);
  std::string cipher;
  std::size_t at = 0;
  do {  // at least one chunk, so that an empty file still carries the FINAL tag
    std::size_t n = std::min(kChunk, plain.size() - at);
    bool last = at + n == plain.size();
    cipher.resize(n + crypto_secretstream_xchacha20poly1305_ABYTES);
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &state, reinterpret_cast<unsigned char*>(cipher.data()), &clen, reinterpret_cast<const unsigned char*>(plain.data() + at), n,
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    put_le(out, clen, 4);
    out.append(cipher.data(), clen);
    at += n;
  } while (at < plain.size());
  return write_private_file(path, out);
}

Result<Unsealed> unseal_file(const std::string& path, const KeySource& source) {
  KITH_RETURN_IF_ERROR(init_sodium());
  auto file = read_whole_file(path);
  if (!file) return file.status();
  std::string_view f = *file;
  auto prefix = parse_prefix(path, f, source);
  if (!prefix) return prefix.status();
  std::string_view ad = f.substr(0, prefix->size);
  std::size_t at = prefix->size;
  if (f.size() < at + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    return Status::corrupt(path + ": the file is truncated (its header is incomplete)");
  crypto_secretstream_xchacha20poly1305_state state;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&state, reinterpret_cast<const unsigned char*>(f.data() + at),
                                                      prefix->key.data()) != 0)
    return Status::corrupt(path + ": the encryption header is damaged");
  sodium_memzero(prefix->key.data(), prefix->key.size());
  at += crypto_secretstream_xchacha20poly1305_HEADERBYTES;
  Unsealed result{prefix->label, {}};
  bool final = false;
  std::string chunk;
  for (int n = 0; !final; ++n) {
    if (f.size() < at + 4) return Status::corrupt(path + ": the file is truncated (it ends before its last part); nothing was restored");
    std::size_t clen = get_le(f, at, 4);
    at += 4;
    if (clen < crypto_secretstream_xchacha20poly1305_ABYTES || clen > kChunk + crypto_secretstream_xchacha20poly1305_ABYTES)
      return Status::corrupt(path + ": part " + std::to_string(n + 1) + " has an impossible length: the file is damaged");
    if (f.size() < at + clen) return Status::corrupt(path + ": the file is truncated (it ends inside part " + std::to_string(n + 1) + ")");
    chunk.resize(clen);
    unsigned long long mlen = 0;
    unsigned char tag = 0;
    if (crypto_secretstream_xchacha20poly1305_pull(&state, reinterpret_cast<unsigned char*>(chunk.data()), &mlen, &tag,
                                                   reinterpret_cast<const unsigned char*>(f.data() + at), clen,
                                                   reinterpret_cast<const unsigned char*>(ad.data()), ad.size()) != 0) {
      sodium_memzero(result.plain.data(), result.plain.size());
      return Status::denied(path + ": cannot decrypt part " + std::to_string(n + 1) +
                            ": the key or passphrase is wrong, or the file was altered");
    }
    result.plain.append(chunk.data(), mlen);
    at += clen;
    final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  }
  if (at != f.size()) return Status::corrupt(path + ": unexpected bytes after the end of the encrypted data: the file was altered");
  return result;
}

Result<std::vector<std::string>> seal_export(const std::string& path, const std::string& key_file, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& e : fs::directory_iterator(path, ec))
      if (e.is_regular_file() && e.path().extension() != ".kse") files.push_back(e.path());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    return Status::not_found(path + ": no export to encrypt");
  }
  // The recipient's key must already exist: an export is never encrypted to a key nobody holds.
  KeySource key{key_file, "", false};
  std::vector<std::string> sealed;
  for (const fs::path& f : files) {
    auto plain = read_whole_file(f.string());
    if (!plain) return plain.status();
    std::string out = f.string() + ".kse";
    KITH_RETURN_IF_ERROR(seal_to_file(*plain, out, "export:" + std::string(what) + ":" + f.filename().string(), key));
    sodium_memzero(plain->data(), plain->size());
    if (!fs::remove(f, ec)) return Status::io(f.string() + ": encrypted, but the plaintext could not be removed: " + ec.message());
    sealed.push_back(out);
  }
  return sealed;
}

}  // namespace kith::lifecycle
