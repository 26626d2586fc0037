#include <filesystem>

#include "server/storage/pg_storage.hpp"
#include "server/storage/sqlite_storage.hpp"
#include "server/storage/storage.hpp"

namespace hp::server {

Result<std::unique_ptr<Storage>> open_storage(const std::string& data_dir, const std::string& db_url) {
  if (db_url.empty() || db_url.starts_with("sqlite:")) {
    std::error_code ec;
    std::filesystem::create_directories(data_dir, ec);
    if (ec) return fail("storage.io", "cannot create " + data_dir + ": " + ec.message());
    return open_sqlite_storage((std::filesystem::path(data_dir) / "server.db").string());
  }
  if (db_url.starts_with("postgresql://") || db_url.starts_with("postgres://"))
    return open_pg_storage(db_url);
  return fail("storage.unsupported", "--db takes a postgresql:// URL");
}

std::string format_cursor(const Cursor& c) {
  return c.epoch + ":" + std::to_string(c.seq) + (c.snapshot ? ":s" : "");
}

std::optional<Cursor> parse_cursor(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  Cursor c;
  c.epoch = std::string(text.substr(0, colon));
  std::string_view rest = text.substr(colon + 1);
  if (rest.ends_with(":s")) {
    c.snapshot = true;
    rest.remove_suffix(2);
  }
  if (rest.empty() || rest.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char ch : rest) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  c.seq = v;
  return c;
}

}  // namespace hp::server
