// Text is stored in NFC; farmers are found by accent-insensitive name, phone or member code.
#include <algorithm>

#include "shared/text.hpp"
#include "store_fixture.hpp"

using namespace hp;
using namespace hp::store;
using namespace hp::store::testing;

namespace {

std::vector<std::string> names(const Result<std::vector<Farmer>>& r) {
  REQUIRE(r.has_value());
  std::vector<std::string> out;
  for (const auto& f : *r) out.push_back(f.name);
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

}  // namespace

TEST_CASE("decomposed text is stored and read back in NFC") {
  Fixture fx("store_nfc");
  Store store = fx.open();
  // "Nguyễn Thị Hoà" typed with combining marks (e + U+0302 + U+0303, o + U+0300).
  const std::string decomposed = "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Hoa\xCC\x80";
  REQUIRE_FALSE(is_nfc(decomposed));
  NewFarmer nf{.id = fx.ids.next(), .member_code = "HPM7K2M9QX4B", .name = "  " + decomposed + " ",
               .phone = "0912345678", .commune = "Đa\xCC\xA3i Ho\xCC\x9B\xCC\xA3p", .district = "Kie\xCC\x82\xCC\x81n Thu\xCC\xA3y",
               .branch = "", .cooperative = "", .created_at = kNow};
  auto r = store.register_farmer(nf, fx.ids.next());
  REQUIRE(r.has_value());
  auto back = store.farmer_by_id(nf.id);
  REQUIRE(back.has_value());
  REQUIRE(back->has_value());
  CHECK((*back)->name == "Nguyễn Thị Hoà");
  CHECK(is_nfc((*back)->name));
  CHECK((*back)->commune == "Đại Hợp");
  CHECK((*back)->district == "Kiến Thụy");

  Product p{.id = fx.ids.next(), .sku = "SU-HAO", .name_vi = "Su ha\xCC\x80o", .name_en = "Kohlrabi",
            .unit = PriceUnit::PerKg, .gtin = std::nullopt, .image = "", .prices = {{"A", 15000}}};
  REQUIRE(store.upsert_product(p).has_value());
  auto products = store.products();
  REQUIRE(products.has_value());
  REQUIRE(products->size() == 1);
  CHECK((*products)[0].name_vi == "Su hào");

  Order o = ready_order(fx.ids, "PKTEST0001", false, 50000);
  o.buyer_name = "Tra\xCC\x82\xCC\x80n Va\xCC\x86n Bi\xCC\x80nh";
  o.items[0].product_name = "Ca\xCC\x80 chua";
  REQUIRE(store.upsert_order(o).has_value());
  auto ob = store.order_by_pickup_code("PKTEST0001");
  REQUIRE(ob.has_value());
  REQUIRE(ob->has_value());
  CHECK((*ob)->buyer_name == "Trần Văn Bình");
  CHECK((*ob)->items[0].product_name == "Cà chua");

  REQUIRE(store.set_setting("clerk", "Chi\xCC\xA3 Ha\xCC\xA3nh").has_value());
  CHECK(store.setting("clerk")->value() == "Chị Hạnh");
}

TEST_CASE("farmers are found by accent-insensitive name words, by phone and by member code") {
  Fixture fx("store_search");
  Store store = fx.open();
  add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  add_farmer(store, fx.ids, "Nguyễn Thị Hoà", "0983123456", "HPM3N8P5RT2C");
  add_farmer(store, fx.ids, "Trần Văn Nguyên", "0904567890", "HPMB6W9C4YV7");
  add_farmer(store, fx.ids, "Đỗ Văn Hùng", "0388456789", "HPMD4E7F3GH9");

  // Words match in any order; a name that starts with the query comes first.
  auto n1 = names(store.search_farmers("nguyen van", 10));
  CHECK(n1 == std::vector<std::string>{"Nguyễn Văn An", "Trần Văn Nguyên"});
  CHECK(names(store.search_farmers("nguyen van an", 10)) == std::vector<std::string>{"Nguyễn Văn An"});
  CHECK(has(names(store.search_farmers("van an", 10)), "Nguyễn Văn An"));
  CHECK(names(store.search_farmers("NGUYỄN", 10)).size() == 3);   // two Nguyễn and one Nguyên
  CHECK(names(store.search_farmers("nguyen", 10))[0].starts_with("Nguyễn"));  // name starts first
  CHECK(names(store.search_farmers("hoa", 10)) == std::vector<std::string>{"Nguyễn Thị Hoà"});
  CHECK(names(store.search_farmers("Hòa", 10)) == std::vector<std::string>{"Nguyễn Thị Hoà"});
  CHECK(names(store.search_farmers("do hung", 10)) == std::vector<std::string>{"Đỗ Văn Hùng"});  // đ -> d
  CHECK(names(store.search_farmers("ung", 10)).empty());  // words match from their start
  CHECK(names(store.search_farmers("nguyen", 1)).size() == 1);
  CHECK(names(store.search_farmers("   ", 10)).empty());
  CHECK(names(store.search_farmers("xyz", 10)).empty());

  // Phone digits as a prefix or a suffix, however they are typed.
  CHECK(names(store.search_farmers("0912", 10)) == std::vector<std::string>{"Nguyễn Văn An"});
  CHECK(names(store.search_farmers("3456", 10)) == std::vector<std::string>{"Nguyễn Thị Hoà"});
  CHECK(names(store.search_farmers("0983 123 456", 10)) == std::vector<std::string>{"Nguyễn Thị Hoà"});
  CHECK(names(store.search_farmers("6789", 10)) == std::vector<std::string>{"Đỗ Văn Hùng"});
  CHECK(names(store.search_farmers("09", 10)).size() == 3);
  CHECK(names(store.search_farmers("5555", 10)).empty());
  CHECK(names(store.search_farmers("+84 912 345 678", 10)) == std::vector<std::string>{"Nguyễn Văn An"});

  // A member code in full, in any case.
  CHECK(names(store.search_farmers("hpmb6w9c4yv7", 10)) == std::vector<std::string>{"Trần Văn Nguyên"});
  auto by_code = store.farmer_by_member_code(" hpm3n8p5rt2c ");
  REQUIRE(by_code.has_value());
  REQUIRE(by_code->has_value());
  CHECK((*by_code)->name == "Nguyễn Thị Hoà");
  CHECK_FALSE(store.farmer_by_member_code("HPM000000000")->has_value());
}

TEST_CASE("search input that is not valid UTF-8 gives an answer, not a crash") {
  Fixture fx("store_search_bad");
  Store store = fx.open();
  add_farmer(store, fx.ids, "Nguyễn Văn An", "0912345678", "HPM7K2M9QX4B");
  auto r = store.search_farmers("\xff\xfe nguy\xc3", 10);
  CHECK(r.has_value());
  CHECK(store.order_by_pickup_code("\xff\x00\x01")->has_value() == false);
  CHECK(store.today(kNow, "\xc3\x28", 10).has_value());
}
