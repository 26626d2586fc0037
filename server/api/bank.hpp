#pragma once
// The bank's payment notifications for VietQR transfers (docs/PROTOCOL.md 6.4): the webhook's
// signature check, its body, and the pickup code a transfer's description carries.
//
// HMAC needs the key itself, so bank keys are the one secret the centre keeps in clear. They
// live in a file of their own (DIR/secrets/bank-hmac.keys, mode 0600), never in the database,
// so a database dump, a backup or a PostgreSQL replica does not carry them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shared/result.hpp"

namespace hp::server {

struct BankKey {
  std::string name;
  std::string key;
};
using BankKeys = std::vector<BankKey>;

// How far a notification's timestamp may be from the centre's clock.
inline constexpr std::int64_t kBankSkewMs = 5 * 60 * 1000;

std::string bank_keys_path(const std::string& data_dir);
// A missing file is no keys. Errors: bank.keys_mode (readable by others), bank.keys_format.
Result<BankKeys> load_bank_keys(const std::string& path);
// Makes a key for NAME and appends it (the file and its folder are made private). Returns the
// key. Errors: bank.key_name (empty, or not [a-z0-9._-]), bank.key_taken, and the file's own.
Result<std::string> add_bank_key(const std::string& path, const std::string& name);

// Lower-case hex HMAC-SHA256 of "TIMESTAMP.BODY" under key.
std::string bank_signature(std::string_view key, std::string_view timestamp, std::string_view body);
// Checks the three headers against the keys and the clock. Errors: bank.signature (no such
// key, no signature, or a wrong one), bank.stale (timestamp not within kBankSkewMs).
Status verify_bank_signature(const BankKeys& keys, std::string_view key_id, std::string_view timestamp,
                             std::string_view signature, std::string_view body, std::int64_t now_ms);

struct BankNotice {
  std::string transaction_id;
  std::int64_t amount_vnd = 0;
  std::string description;
  std::string account;         // the credited account, as the bank sends it (may be empty)
  std::int64_t booked_at = 0;  // the bank's time, 0 when absent
};
// Errors: request.malformed, request.missing_field, bank.invalid (with the field).
Result<BankNotice> parse_bank_notice(std::string_view body);

// Every pickup code ("PK" and ten code characters) the description holds, in order, found
// the way bank descriptions arrive: upper or lower case, spaces or punctuation inside.
std::vector<std::string> pickup_codes_in(std::string_view description);

}  // namespace hp::server
