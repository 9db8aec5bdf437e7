#include "access/kept_form.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "access/sign_in_rules.h"
#include "store/audited_write.h"

namespace kith::access {
namespace {

constexpr int kKeepSeconds = 3600;

std::string hash_of(const std::string& token) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  char out[65];
  sodium_bin2hex(out, sizeof out, h, sizeof h);
  return out;
}

}  // namespace

Result<std::string> keep_form(store::Database& db, Id user_id, const KeptForm& form) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char token[65];
  sodium_bin2hex(token, sizeof token, raw, sizeof raw);
  nlohmann::json fields = nlohmann::json::object();
  for (const auto& [k, v] : form.fields) fields[k] = v;
  auto id = store::next_id(db, "kept_form");
  if (!id) return id.status();
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO kept_form (id, token_hash, user_id, path, fields, kept_at) VALUES (?,?,?,?,?,?)",
                              {*id, hash_of(token), user_id, form.path,
                               fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                               utc_seconds_from_now(0)}));
  return std::string(token);
}

Result<std::optional<KeptForm>> take_kept_form(store::Database& db, const std::string& token, Id user_id) {
  std::optional<KeptForm> form;
  std::string cutoff = utc_seconds_from_now(-kKeepSeconds);
  KITH_RETURN_IF_ERROR(db.run("SELECT path, fields FROM kept_form WHERE token_hash = ? AND user_id = ? AND kept_at > ?",
                              {hash_of(token), user_id, cutoff}, [&](const store::Statement& s) {
                                KeptForm f{s.text(0), {}};
                                auto fields = nlohmann::json::parse(s.text(1), nullptr, false);
                                if (fields.is_object())
                                  for (auto& [k, v] : fields.items())
                                    if (v.is_string()) f.fields[k] = v.get<std::string>();
                                form = std::move(f);
                              }));
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM kept_form WHERE token_hash = ? OR kept_at <= ?", {hash_of(token), cutoff}));
  return form;
}

}  // namespace kith::access
