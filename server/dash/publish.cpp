#include "server/dash/publish.hpp"

namespace hp::server::dash {

Status publish_change(SqlDb& db, const std::string& scope, const std::string& entity, const std::string& id,
                      const nlohmann::json& data) {
  if (db.postgres()) {
    // The same lock and sequence as server/storage/pg_storage.cpp (kChangesLock, changes_seq).
    if (auto r = db.exec("SELECT pg_advisory_xact_lock(8008001)"); !r) return r;
    return db.exec("INSERT INTO changes(seq, scope, entity, entity_id, data) VALUES (nextval('changes_seq'), ?1, ?2, ?3, ?4)",
                   {scope, entity, id, data.dump()});
  }
  return db.exec("INSERT INTO changes(scope, entity, entity_id, data) VALUES (?1, ?2, ?3, ?4)",
                 {scope, entity, id, data.dump()});
}

}  // namespace hp::server::dash
