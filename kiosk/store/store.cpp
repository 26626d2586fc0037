#include "kiosk/store/store.hpp"

#include <algorithm>
#include <cstdlib>

#include "kiosk/store/migrations.hpp"
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

Status prepare(const db::Db& db, db::Stmt& out, std::string_view sql) {
  auto s = db.prepare(sql);
  if (!s) return std::unexpected(s.error());
  out = std::move(*s);
  return {};
}

std::string code_key(std::string_view s) {
  std::string out = trim(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

Result<Store> Store::open(const std::string& path, db::Durability durability) {
  return open(path, OpenOptions{.durability = durability});
}

Result<Store> Store::open(const std::string& path, const OpenOptions& options) {
  auto db = db::Db::open(path, options.durability, options.vfs);
  if (!db) return std::unexpected(db.error());
  sqlite3_busy_timeout(db->raw(), options.busy_timeout_ms);
  // A pragma takes no parameters; the size is the program's own option, not data.
  if (auto s = db->exec("PRAGMA mmap_size = " + std::to_string(std::max<std::int64_t>(0, options.mmap_bytes))); !s)
    return std::unexpected(s.error());

  auto applied = migrate(*db, kiosk_migrations());
  if (!applied) return std::unexpected(applied.error());

  auto impl = std::make_unique<Impl>();
  impl->db = std::move(*db);
  auto version = schema_version_of(impl->db);
  if (!version) return std::unexpected(version.error());
  impl->version = *version;

  for (auto s : {prepare_farmer_statements(impl->db, impl->farmers),
                 prepare_catalogue_statements(impl->db, impl->catalogue),
                 prepare_drop_off_statements(impl->db, impl->drop_offs),
                 prepare_order_statements(impl->db, impl->orders),
                 prepare_activity_statements(impl->db, impl->activity),
                 prepare_queue_statements(impl->db, impl->queue),
                 prepare_setting_statements(impl->db, impl->settings),
                 prepare_sync_statements(impl->db, impl->sync),
                 prepare_audit_statements(impl->db, impl->audit),
                 prepare_clerk_statements(impl->db, impl->clerks),
                 prepare_shift_statements(impl->db, impl->shifts),
                 prepare_stock_statements(impl->db, impl->stock)}) {
    if (!s) return std::unexpected(s.error());
  }
  return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::schema_version() const { return impl_->version; }

void Store::adopt_thread() { impl_->owner.claim(); }

Result<Pickup> read_pickup(const db::Stmt& s) {
  auto method = payment_method_from(s.text(4));
  if (!method) return fail("db.corrupt", "pickup " + s.text(0) + " has unknown payment method '" + s.text(4) + "'");
  return Pickup{.id = s.text(0),
                .order_id = s.text(1),
                .pickup_code = s.text(2),
                .buyer_name = s.text(3),
                .method = *method,
                .amount_paid = s.i64(5),
                .clerk = s.text(6),
                .kiosk_id = s.text(7),
                .collected_at = s.i64(8),
                .cash_tendered = s.i64(9),
                .clerk_id = s.text(10)};
}

Status Store::checkpoint() {
  impl_->owner.check("Store::checkpoint");
  return impl_->db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Result<Store::Health> Store::health() {
  impl_->owner.check("Store::health");
  Health h;
  auto one = [&](const char* sql) -> Result<std::string> {
    auto s = impl_->db.prepare(sql);
    if (!s) return std::unexpected(s.error());
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    return *row ? s->text(0) : std::string();
  };
  auto mode = one("PRAGMA journal_mode");
  if (!mode) return std::unexpected(mode.error());
  auto sync = one("PRAGMA synchronous");
  if (!sync) return std::unexpected(sync.error());
  auto fk = one("PRAGMA foreign_keys");
  if (!fk) return std::unexpected(fk.error());
  auto integrity = one("PRAGMA integrity_check");
  if (!integrity) return std::unexpected(integrity.error());
  h.journal_mode = *mode;
  h.synchronous = std::atoi(sync->c_str());
  h.foreign_keys = *fk == "1";
  h.integrity = *integrity;
  return h;
}

// Settings ------------------------------------------------------------------------------------

Status prepare_setting_statements(const db::Db& db, SettingStmts& s) {
  if (auto r = prepare(db, s.get, "SELECT value FROM settings WHERE key = ?1"); !r) return r;
  return prepare(db, s.set,
                 "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
}

Result<std::optional<std::string>> Store::setting(std::string_view key) {
  impl_->owner.check("Store::setting");
  Use s(impl_->settings.get);
  s->bind(1, key);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(s->text(0));
}

Status Store::set_setting(std::string_view key, std::string_view value) {
  impl_->owner.check("Store::set_setting");
  return run(impl_->settings.set, clean(key), to_nfc(value));
}

}  // namespace hp::store
