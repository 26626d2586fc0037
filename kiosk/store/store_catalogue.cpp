// Administrative units, association branches and the product catalogue: reference data the
// centre sends; the kiosk only reads it (and seeds it for demos).
#include "kiosk/store/store_impl.hpp"

namespace hp::store {

Status prepare_catalogue_statements(const db::Db& db, CatalogueStmts& s) {
  // Listed in the order the centre sent them (rowid survives an upsert). Without a parent, every
  // unit of the kind is listed (the counter shows all districts of the province it serves).
  if (auto r = prepare(db, s.units_root,
                       "SELECT id, kind, name, parent_id, active FROM admin_units "
                       "WHERE kind = ?1 ORDER BY rowid");
      !r)
    return r;
  if (auto r = prepare(db, s.units_child,
                       "SELECT id, kind, name, parent_id, active FROM admin_units "
                       "WHERE kind = ?1 AND parent_id = ?2 ORDER BY rowid");
      !r)
    return r;
  if (auto r = prepare(db, s.upsert_unit,
                       "INSERT INTO admin_units(id, kind, name, parent_id, active) VALUES (?1, ?2, ?3, ?4, ?5) "
                       "ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                       "parent_id = excluded.parent_id, active = excluded.active");
      !r)
    return r;
  if (auto r = prepare(db, s.branches, "SELECT name FROM branches ORDER BY rowid"); !r) return r;
  if (auto r = prepare(db, s.upsert_branch, "INSERT INTO branches(name) VALUES (?1) ON CONFLICT(name) DO NOTHING");
      !r)
    return r;
  if (auto r = prepare(db, s.products,
                       "SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.gtin, p.image, pp.grade, pp.price, "
                       "p.shelf_life_days, p.shelf_warn_days "
                       "FROM products p LEFT JOIN product_prices pp ON pp.product_id = p.id "
                       "ORDER BY p.rowid, pp.grade");
      !r)
    return r;
  if (auto r = prepare(db, s.upsert_product,
                       "INSERT INTO products(id, sku, name_vi, name_en, unit, gtin, image, shelf_life_days, shelf_warn_days) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                       "ON CONFLICT(id) DO UPDATE SET sku = excluded.sku, name_vi = excluded.name_vi, "
                       "name_en = excluded.name_en, unit = excluded.unit, gtin = excluded.gtin, image = excluded.image, "
                       "shelf_life_days = excluded.shelf_life_days, shelf_warn_days = excluded.shelf_warn_days");
      !r)
    return r;
  if (auto r = prepare(db, s.delete_prices, "DELETE FROM product_prices WHERE product_id = ?1"); !r) return r;
  return prepare(db, s.insert_price, "INSERT INTO product_prices(product_id, grade, price) VALUES (?1, ?2, ?3)");
}

Result<std::vector<AdminUnit>> Store::admin_units(std::string_view kind, std::optional<std::string_view> parent_id) {
  impl_->owner.check("Store::admin_units");
  auto& c = impl_->catalogue;
  Use s(parent_id ? c.units_child : c.units_root);
  s->bind(1, kind);
  if (parent_id) s->bind(2, *parent_id);
  std::vector<AdminUnit> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(AdminUnit{.id = s->text(0),
                            .kind = s->text(1),
                            .name = s->text(2),
                            .parent_id = s->opt_text(3),
                            .active = s->i64(4) != 0});
  }
  return out;
}

Status Store::upsert_admin_unit(const AdminUnit& u) {
  impl_->owner.check("Store::upsert_admin_unit");
  if (u.id.empty()) return fail("admin_unit.invalid", "an administrative unit needs an id");
  std::optional<std::string> parent;
  if (u.parent_id && !u.parent_id->empty()) parent = clean(*u.parent_id);
  return run(impl_->catalogue.upsert_unit, clean(u.id), clean(u.kind), clean(u.name), parent, u.active ? 1 : 0);
}

Result<std::vector<std::string>> Store::branches() {
  impl_->owner.check("Store::branches");
  Use s(impl_->catalogue.branches);
  std::vector<std::string> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(s->text(0));
  }
  return out;
}

Status Store::upsert_branch(std::string_view name) {
  impl_->owner.check("Store::upsert_branch");
  return run(impl_->catalogue.upsert_branch, clean(name));
}

Result<std::vector<Product>> Store::products() {
  impl_->owner.check("Store::products");
  Use s(impl_->catalogue.products);
  std::vector<Product> out;
  while (true) {
    auto row = s->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    std::string id = s->text(0);
    if (out.empty() || out.back().id != id) {
      Product p;
      p.id = std::move(id);
      p.sku = s->text(1);
      p.name_vi = s->text(2);
      p.name_en = s->text(3);
      auto unit = price_unit_from(s->text(4));
      if (!unit) return fail("db.corrupt", "product " + p.id + " has unknown unit '" + s->text(4) + "'");
      p.unit = *unit;
      p.gtin = s->opt_text(5);
      p.image = s->text(6);
      if (!s->is_null(9)) p.shelf_life_days = static_cast<int>(s->i64(9));
      p.shelf_warn_days = static_cast<int>(s->i64(10));
      out.push_back(std::move(p));
    }
    if (!s->is_null(7)) out.back().prices.push_back(GradePrice{.grade = s->text(7), .price = s->i64(8)});
  }
  return out;
}

Status upsert_product_rows(CatalogueStmts& c, const Product& p) {
  if (p.id.empty()) return fail("product.invalid", "a product needs an id");
  std::optional<std::string> gtin;
  if (p.gtin && !p.gtin->empty()) gtin = trim(*p.gtin);
  if (p.shelf_life_days && (*p.shelf_life_days < 0 || *p.shelf_life_days > 3650))
    return fail("product.invalid", "product " + p.id + ": shelf_life_days out of range");
  if (p.shelf_warn_days < 0 || p.shelf_warn_days > 3650)
    return fail("product.invalid", "product " + p.id + ": shelf_warn_days out of range");
  std::optional<std::int64_t> life;
  if (p.shelf_life_days) life = *p.shelf_life_days;
  if (auto r = run(c.upsert_product, clean(p.id), clean(p.sku), clean(p.name_vi), clean(p.name_en), to_string(p.unit),
                   gtin, clean(p.image), life, std::int64_t{p.shelf_warn_days});
      !r)
    return r;
  if (auto r = run(c.delete_prices, clean(p.id)); !r) return r;
  for (const auto& g : p.prices)
    if (auto r = run(c.insert_price, clean(p.id), clean(g.grade), g.price); !r) return r;
  return {};
}

Status Store::upsert_product(const Product& p) {
  impl_->owner.check("Store::upsert_product");
  if (p.id.empty()) return fail("product.invalid", "a product needs an id");
  auto tx = db::Transaction::begin(impl_->db);
  if (!tx) return std::unexpected(tx.error());
  if (auto r = upsert_product_rows(impl_->catalogue, p); !r) return r;
  return tx->commit();
}

}  // namespace hp::store
