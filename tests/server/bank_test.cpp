// The bank's webhook for VietQR transfers (docs/PROTOCOL.md 6.4): HMAC-checked, recorded once
// per transaction, matched to an order by the pickup code in the transfer's description, and
// the confirmation synced to the order's post office. Real kiosk-server processes, both backends.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

#include "server/api/bank.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "tests/support/server_process.hpp"

using namespace hp::test;
using nlohmann::json;

namespace {

json cod_order(const std::string& ref, bool cod = true) {
  return {{"external_ref", ref},
          {"post_office_id", "po-an-duong"},
          {"buyer_name", "Trần Văn Bình"},
          {"buyer_phone", "0912223344"},
          {"cash_on_delivery", cod},
          {"amount_due_vnd", cod ? 59000 : 0},
          {"items", json::array({{{"name", "Cà chua"}, {"quantity_text", "2 kg"}, {"amount_vnd", 59000}}})}};
}

struct Bank {
  const Centre& c;
  std::string name, key;

  Reply notify(const std::string& body, std::int64_t at_ms, const std::string& signature) const {
    auto cli = c.client();
    const std::string ts = std::to_string(at_ms);
    httplib::Headers h{{"X-HP-Key-Id", name}, {"X-HP-Timestamp", ts}, {"X-HP-Signature", signature}};
    auto r = cli->Post("/api/v1/bank/notifications", h, body, "application/json");
    if (!r) return {};
    return {r->status, json::parse(r->body, nullptr, false)};
  }
  Reply notify(const json& body, std::int64_t offset_ms = 0) const {
    const std::string text = body.dump();
    const std::int64_t at = hp::Clock().now() + offset_ms;
    return notify(text, at, "sha256=" + hp::server::bank_signature(key, std::to_string(at), text));
  }
};

json transfer(const std::string& txn, std::int64_t amount, const std::string& description) {
  return {{"transaction_id", txn}, {"amount_vnd", amount}, {"description", description}, {"account", "113366668888"}};
}

// A centre with a bank key named "vcb" (the key file is read at start).
Bank with_bank(Centre& c) {
  auto made = c.admin({"bank-key", "add", "--name", "vcb"});
  REQUIRE(made.exit_code == 0);
  c.stop();
  c.start();
  return Bank{c, "vcb", made.lines.back()};
}

std::string spaced(std::string code) {  // as a bank app may write it: lower case, split up
  for (auto& ch : code) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return code.substr(0, 4) + " " + code.substr(4, 4) + "-" + code.substr(8);
}

std::string code_of(const Reply& r) { return r.body["error"]["code"].get<std::string>(); }

}  // namespace

TEST_CASE("bank: a signed transfer confirms its order once, and the confirmation reaches the counter") {
  Centre c("bank_ok");
  const Bank bank = with_bank(c);
  const std::string shop = c.api_key("shop");
  const std::string kiosk = c.enrol_kiosk("po-an-duong");
  auto order = c.post("/api/v1/orders", shop, cod_order("B-1"));
  REQUIRE(order.status == 201);
  const std::string id = order.body["id"], code = order.body["pickup_code"];
  const auto before = pull_all(c, kiosk, nullptr);

  const json t = transfer("FT2633612345", 59000, "NGUYEN VAN A chuyen tien Nhan hang " + spaced(code));
  auto r = bank.notify(t);
  REQUIRE(r.status == 200);
  CHECK(r.body["status"] == "confirmed");
  CHECK(r.body["order_id"] == id);

  // The bank retries (its own timeout): the same answer, nothing recorded twice.
  auto again = bank.notify(t);
  CHECK(again.status == 200);
  CHECK(again.body == r.body);
  // The same transaction id with another body is refused, and changes nothing.
  json changed = t;
  changed["amount_vnd"] = 1;
  auto reused = bank.notify(changed);
  CHECK(reused.status == 422);
  CHECK(code_of(reused) == "bank.txn_reused");
  auto rows = c.admin({"bank-notifications"});
  REQUIRE(rows.exit_code == 0);
  REQUIRE(rows.lines.size() == 1);
  CHECK(rows.json(0)["status"] == "confirmed");
  CHECK(rows.json(0)["amount_vnd"] == 59000);

  // The kiosk of the order's post office pulls the order with the bank's confirmation.
  const auto after = pull_all(c, kiosk, before.cursor);
  int seen = 0;
  for (const auto& ch : after.changes)
    if (ch["entity"] == "order" && ch["id"] == id) {
      ++seen;
      CHECK(ch["data"]["bank_payment"]["transaction_id"] == "FT2633612345");
      CHECK(ch["data"]["bank_payment"]["amount_vnd"] == 59000);
      CHECK(ch["data"]["status"] == "ready");  // collected only when the buyer takes it
    }
  CHECK(seen == 1);
  // Another post office's kiosk hears nothing of it.
  const std::string other = c.enrol_kiosk("po-an-lao");
  for (const auto& ch : pull_all(c, other, nullptr).changes) CHECK(ch["id"] != id);
}

TEST_CASE("bank: a bad, missing or stale signature is a 401 and records nothing") {
  Centre c("bank_sig");
  const Bank bank = with_bank(c);
  const json t = transfer("FT1", 59000, "Nhan hang PK0000000000");
  const std::string text = t.dump();
  const std::int64_t now = hp::Clock().now();
  const std::string good = hp::server::bank_signature(bank.key, std::to_string(now), text);

  CHECK(code_of(bank.notify(text, now, "sha256=" + std::string(64, '0'))) == "bank.signature");
  CHECK(code_of(bank.notify(text, now, "")) == "bank.signature");
  CHECK(code_of(bank.notify(text + " ", now, good)) == "bank.signature");  // the body changed after signing
  CHECK(bank.notify(text, now, good).status == 200);
  Bank stranger{c, "acb", bank.key};
  CHECK(code_of(stranger.notify(t)) == "bank.signature");
  auto stale = bank.notify(transfer("FT2", 59000, "x"), -10 * 60 * 1000);
  CHECK(stale.status == 401);
  CHECK(code_of(stale) == "bank.stale");
  CHECK(code_of(bank.notify(transfer("FT3", 59000, "x"), +10 * 60 * 1000)) == "bank.stale");
  auto rows = c.admin({"bank-notifications"});
  REQUIRE(rows.lines.size() == 1);  // only the well-signed one
  CHECK(rows.json(0)["transaction_id"] == "FT1");
  CHECK(rows.json(0)["status"] == "unmatched");

  // Bad bodies, well signed: a clear 4xx, nothing recorded.
  const auto signed_raw = [&](const std::string& body) {
    const std::int64_t at = hp::Clock().now();
    return bank.notify(body, at, hp::server::bank_signature(bank.key, std::to_string(at), body));
  };
  CHECK(code_of(signed_raw("{not json")) == "request.malformed");
  CHECK(code_of(signed_raw(R"({"transaction_id": "FT9"})")) == "request.missing_field");
  CHECK(code_of(signed_raw(transfer("FT9", -5, "x").dump())) == "bank.invalid");
  CHECK(code_of(signed_raw(transfer("", 5, "x").dump())) == "bank.invalid");
  CHECK(c.admin({"bank-notifications"}).lines.size() == 1);
}

TEST_CASE("bank: transfers that do not fit their order are flagged for review, never lost") {
  Centre c("bank_flags");
  const Bank bank = with_bank(c);
  const std::string shop = c.api_key("shop");
  auto cod = c.post("/api/v1/orders", shop, cod_order("F-1"));
  auto prepaid = c.post("/api/v1/orders", shop, cod_order("F-2", false));
  auto cancelled = c.post("/api/v1/orders", shop, cod_order("F-3"));
  REQUIRE(cancelled.status == 201);
  REQUIRE(c.post("/api/v1/orders/" + cancelled.body["id"].get<std::string>() + "/cancel", shop, json::object()).status ==
          200);
  const auto desc = [](const Reply& o) { return "Nhan hang " + o.body["pickup_code"].get<std::string>(); };

  auto short_paid = bank.notify(transfer("T-1", 50000, desc(cod)));
  CHECK(short_paid.body["status"] == "flagged");
  CHECK(short_paid.body["reason"] == "amount_mismatch");
  CHECK(short_paid.body["order_id"] == cod.body["id"]);
  CHECK(bank.notify(transfer("T-2", 59000, desc(cod))).body["status"] == "confirmed");
  auto twice = bank.notify(transfer("T-3", 59000, desc(cod)));
  CHECK(twice.body["reason"] == "paid_twice");
  CHECK(bank.notify(transfer("T-4", 59000, desc(prepaid))).body["reason"] == "order_prepaid");
  CHECK(bank.notify(transfer("T-5", 59000, desc(cancelled))).body["reason"] == "order_cancelled");
  auto nobody = bank.notify(transfer("T-6", 59000, "tien hang thang 6"));
  CHECK(nobody.body["status"] == "unmatched");
  CHECK_FALSE(nobody.body.contains("order_id"));
  // A code whose check character is wrong names no order (a typo is not someone else's order).
  std::string typo = cod.body["pickup_code"];
  typo.back() = typo.back() == 'A' ? 'B' : 'A';
  CHECK(bank.notify(transfer("T-7", 59000, "Nhan hang " + typo)).body["status"] == "unmatched");
  CHECK(c.admin({"bank-notifications"}).lines.size() == 7);
  auto status = c.get("/api/v1/orders/" + cod.body["id"].get<std::string>(), shop);
  CHECK(status.body["status"] == "ready");
}

TEST_CASE("bank: pickup codes in descriptions as banks write them; the key file must be private") {
  using hp::server::pickup_codes_in;
  auto code = hp::codes::generate_kiosk_code(hp::codes::KioskCodeKind::pickup, [] { return 0x1234567890abcdefULL; });
  CHECK(pickup_codes_in("Nhan hang " + code) == std::vector<std::string>{code});
  CHECK(pickup_codes_in("NHAN HANG " + spaced(code) + " FT123") == std::vector<std::string>{code});
  CHECK(pickup_codes_in(code + "." + code) == std::vector<std::string>{code});
  CHECK(pickup_codes_in("PK").empty());
  CHECK(pickup_codes_in("").empty());
  CHECK(pickup_codes_in(std::string(500, 'P')).empty());

  TempDir dir("bank_keys");
  const std::string path = hp::server::bank_keys_path(dir.path().string());
  CHECK(hp::server::load_bank_keys(path)->empty());  // no file: no keys, the webhook refuses all
  auto key = hp::server::add_bank_key(path, "vcb");
  REQUIRE(key);
  CHECK(key->starts_with("hpb_"));
  CHECK(hp::server::add_bank_key(path, "vcb").error().code == "bank.key_taken");
  CHECK(hp::server::add_bank_key(path, "Bad Name").error().code == "bank.key_name");
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto keys = hp::server::load_bank_keys(path);
  REQUIRE(keys);
  REQUIRE(keys->size() == 1);
  CHECK((*keys)[0].key == *key);
  ::chmod(path.c_str(), 0644);
  CHECK(hp::server::load_bank_keys(path).error().code == "bank.keys_mode");
  ::chmod(path.c_str(), 0600);
  std::ofstream(path, std::ios::app) << "broken line\n";
  CHECK(hp::server::load_bank_keys(path).error().code == "bank.keys_format");
}
