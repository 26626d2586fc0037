#include "server/api/bank.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "server/crypto.hpp"
#include "shared/codes/kiosk_codes.hpp"

namespace hp::server {
namespace {

using nlohmann::json;

bool valid_key_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

std::string bank_keys_path(const std::string& data_dir) { return data_dir + "/secrets/bank-hmac.keys"; }

Result<BankKeys> load_bank_keys(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return BankKeys{};
  if ((st.st_mode & 077) != 0)
    return fail("bank.keys_mode", path + " is readable by others: chmod 600 it (it holds the bank's HMAC keys)");
  std::ifstream in(path);
  if (!in) return fail("bank.keys_format", "cannot read " + path);
  BankKeys keys;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos || !valid_key_name(line.substr(0, tab)) || line.size() - tab - 1 < 32)
      return fail("bank.keys_format", path + ":" + std::to_string(n) + ": expected NAME<TAB>KEY");
    keys.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return keys;
}

Result<std::string> add_bank_key(const std::string& path, const std::string& name) {
  if (!valid_key_name(name)) return fail("bank.key_name", "a key name is 1 to 64 of a-z, 0-9, '.', '_' and '-'");
  auto keys = load_bank_keys(path);
  if (!keys) return std::unexpected(keys.error());
  if (std::any_of(keys->begin(), keys->end(), [&](const BankKey& k) { return k.name == name; }))
    return fail("bank.key_taken", "there is already a bank key named " + name);
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("bank.keys_io", "cannot make " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  const std::string key = "hpb_" + random_token(32);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return fail("bank.keys_io", "cannot open " + path);
  const std::string line = name + "\t" + key + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return fail("bank.keys_io", "cannot write " + path);
  return key;
}

std::string bank_signature(std::string_view key, std::string_view timestamp, std::string_view body) {
  std::string message;
  message.reserve(timestamp.size() + 1 + body.size());
  message.append(timestamp).append(".").append(body);
  unsigned char mac[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

Status verify_bank_signature(const BankKeys& keys, std::string_view key_id, std::string_view timestamp,
                             std::string_view signature, std::string_view body, std::int64_t now_ms) {
  const auto key = std::find_if(keys.begin(), keys.end(), [&](const BankKey& k) { return k.name == key_id; });
  if (key == keys.end()) return fail("bank.signature", "no bank key named in X-HP-Key-Id");
  if (timestamp.empty() || timestamp.size() > 15 ||
      !std::all_of(timestamp.begin(), timestamp.end(), [](unsigned char c) { return std::isdigit(c); }))
    return fail("bank.stale", "X-HP-Timestamp must be the time in milliseconds since 1970");
  const std::int64_t at = std::stoll(std::string(timestamp));
  if (at < now_ms - kBankSkewMs || at > now_ms + kBankSkewMs)
    return fail("bank.stale", "X-HP-Timestamp is more than 5 minutes from the centre's clock");
  std::string_view sig = signature;
  if (sig.starts_with("sha256=")) sig.remove_prefix(7);
  const std::string expected = bank_signature(key->key, timestamp, body);
  if (sig.size() != expected.size() || CRYPTO_memcmp(sig.data(), expected.data(), expected.size()) != 0)
    return fail("bank.signature", "X-HP-Signature does not match the body");
  return {};
}

Result<BankNotice> parse_bank_notice(std::string_view body) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return fail("request.malformed", "the body is not a JSON object");
  BankNotice n;
  const auto txn = j.find("transaction_id");
  const auto amount = j.find("amount_vnd");
  const auto desc = j.find("description");
  if (txn == j.end() || amount == j.end() || desc == j.end())
    return fail("request.missing_field", "transaction_id, amount_vnd and description are required");
  if (!txn->is_string() || !amount->is_number_integer() || !desc->is_string())
    return fail("request.malformed", "transaction_id and description are strings, amount_vnd an integer");
  n.transaction_id = txn->get<std::string>();
  n.amount_vnd = amount->get<std::int64_t>();
  n.description = desc->get<std::string>();
  if (n.transaction_id.empty() || n.transaction_id.size() > 100)
    return fail("bank.invalid", "transaction_id: 1 to 100 characters");
  if (n.amount_vnd <= 0) return fail("bank.invalid", "amount_vnd must be positive");
  if (n.description.size() > 500) return fail("bank.invalid", "description: at most 500 bytes");
  if (auto a = j.find("account"); a != j.end()) {
    if (!a->is_string()) return fail("request.malformed", "account is a string");
    n.account = a->get<std::string>();
  }
  if (auto b = j.find("booked_at"); b != j.end()) {
    if (!b->is_number_integer()) return fail("request.malformed", "booked_at is an integer (ms since 1970)");
    n.booked_at = b->get<std::int64_t>();
  }
  return n;
}

std::vector<std::string> pickup_codes_in(std::string_view description) {
  std::string flat;
  for (unsigned char c : description)
    if (std::isalnum(c)) flat += static_cast<char>(std::toupper(c));
  std::vector<std::string> out;
  for (std::size_t i = 0; i + 12 <= flat.size(); ++i) {
    if (flat.compare(i, 2, "PK") != 0) continue;
    auto code = codes::parse_kiosk_code(std::string_view(flat).substr(i, 12), codes::KioskCodeKind::pickup);
    if (code && std::find(out.begin(), out.end(), code->code) == out.end()) out.push_back(code->code);
  }
  return out;
}

}  // namespace hp::server
