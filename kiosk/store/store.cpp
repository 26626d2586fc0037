#include "kiosk/store/store.hpp"

#include <algorithm>

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
                 prepare_setting_statements(impl->db, impl->settings)}) {
    if (!s) return std::unexpected(s.error());
  }
  return Store(std::move(impl));
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

int Store::schema_version() const { return impl_->version; }
const db::Db& Store::db() const { return impl_->db; }

// Settings ------------------------------------------------------------------------------------

Status prepare_setting_statements(const db::Db& db, SettingStmts& s) {
  if (auto r = prepare(db, s.get, "SELECT value FROM settings WHERE key = ?1"); !r) return r;
  return prepare(db, s.set,
                 "INSERT INTO settings(key, value) VALUES (?1, ?2) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
}

Result<std::optional<std::string>> Store::setting(std::string_view key) {
  Use s(impl_->settings.get);
  s->bind(1, key);
  auto row = s->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(s->text(0));
}

Status Store::set_setting(std::string_view key, std::string_view value) {
  return run(impl_->settings.set, clean(key), to_nfc(value));
}

}  // namespace hp::store
