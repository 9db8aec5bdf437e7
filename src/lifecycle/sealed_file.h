// Sealed files: backups and exports that hold personal data are written
// encrypted and authenticated with libsodium's secretstream
// (XChaCha20-Poly1305), so a lost disk or a misdirected e-mail does not
// disclose a child's record, and a truncated or altered file is refused.
//
// Format (all integers little-endian):
//   "KITHSEAL" | format 1 (u8) | key kind (u8: 1 key file, 2 passphrase)
//   | [passphrase: salt 16 bytes | argon2id opslimit u64 | memlimit u64]
//   | label length (u16) | label (what the file holds, e.g. "backup:sqlite")
//   | secretstream header (24 bytes)
//   | chunks: ciphertext length (u32) | ciphertext (64 KiB of plaintext each)
// Everything before the secretstream header is bound to every chunk as
// additional data; the last chunk carries the FINAL tag, so truncation at a
// chunk boundary is detected too.
//
// Thread-safety: the functions are stateless and safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace kith::lifecycle {

// Where the encryption key comes from: a key file (32 random bytes written
// as hex, mode 0600) or a passphrase stretched with argon2id.
struct KeySource {
  std::string key_file;    // used when passphrase is empty
  std::string passphrase;  // from KITH_BACKUP_PASSPHRASE, never from the command line
  bool create_key = false; // create key_file (0600) when it does not exist
};

// The key source a command was given: --key FILE when set, otherwise the
// KITH_BACKUP_PASSPHRASE environment variable; invalid when neither is given.
Result<KeySource> key_source(const std::string& key_file, bool create_key);

// Creates a new key file (32 random bytes as hex, mode 0600); refuses to
// overwrite an existing file.
Status create_key_file(const std::string& path);

// Encrypts plain into a new file at path (written as path.partial then
// renamed, mode 0600), labelled with what it holds. Errors name the file.
Status seal_to_file(std::string_view plain, const std::string& path, std::string_view label, const KeySource& key);

struct Unsealed {
  std::string label;
  std::string plain;
};

// Decrypts a sealed file. A wrong key, an altered byte or a truncated file is
// an error (kCorrupt or kDenied) naming the file; nothing partial is returned.
Result<Unsealed> unseal_file(const std::string& path, const KeySource& key);

// Encrypts an export in place for a recipient who holds key_file (the same
// key file `kith decrypt --key` takes): path is a file or a folder of files;
// each becomes FILE.kse (label "export:<what>:<file name>") and the plaintext
// is removed. Returns the sealed files. Use it right after an export that
// holds personal data is written (one line in the export command).
Result<std::vector<std::string>> seal_export(const std::string& path, const std::string& key_file, std::string_view what);

// Writes bytes to path atomically (path.partial, fsync, rename), mode 0600.
Status write_private_file(const std::string& path, std::string_view bytes);

// Reads a whole file; the error names it.
Result<std::string> read_whole_file(const std::string& path);

}  // namespace kith::lifecycle
