// Every document, in both ESC/POS modes and both paper widths, printed through the
// interpreter; every symbol in the picture decoded by zbar and compared with what was meant.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "shared/cash/cash.hpp"
#include "shared/codes/kiosk_codes.hpp"
#include "shared/money.hpp"
#include "shared/weight.hpp"
#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/payout_receipt.hpp"
#include "shared/print/produce_label.hpp"
#include "shared/print/receipts.hpp"
#include "shared/print/utf8.hpp"
#include "tests/print/print_fixture.hpp"
#include "tests/print/zbar_decode.hpp"

using namespace hp::print;
using hp::test::Decoded;

namespace {

struct Sample {
  std::string kind;
  Document doc;
  std::vector<Decoded> symbols;  // what zbar must find, sorted
  std::vector<std::string> phrases;  // text mode: must appear in the printed text
};

// What zbar must read off a label printed for paper width_dots wide: each GS1-128 group that
// fits across at GS1's X-dimension, and the QR.
std::vector<Decoded> label_symbols(const ProduceLabel& l, int width_dots) {
  std::vector<Decoded> sym{{"QR-Code", l.trace_url, false}};
  for (const auto& g : label_symbol_groups(l.gs1, width_dots))
    if (gs1_symbol_fits(g, width_dots)) sym.push_back({"CODE-128", gs1_transmitted(g), true});
  std::sort(sym.begin(), sym.end());
  return sym;
}

std::vector<Sample> samples(const DemoData& d) {
  std::vector<Sample> out;
  {
    auto doc = dropoff_receipt(d.config, d.dropoff, d.farmer);
    REQUIRE(doc);
    std::vector<Decoded> sym{{"CODE-128", *dropoff_barcode_digits(d.dropoff.id), false},
                             {"QR-Code", dropoff_url(d.config, d.dropoff), false}};
    std::sort(sym.begin(), sym.end());
    out.push_back({"dropoff", *doc, sym,
                   {"PHIẾU NHẬN NÔNG SẢN", "Nguyễn Thị Hoà", "Trần Văn Đức", hp::format_vnd(d.dropoff.total),
                    "Dưa hấu Quý Kim - loại A", "Bằng chữ:",
                    // Gross, tare and net; a count says "Số lượng"; the card's term as on screen.
                    "Cả bì 13,25 kg - bì 750 g = tịnh 12,5 kg", "Số lượng: 15 quả", "Mã hội viên:",
                    // The short number, not the UUID, for people to read.
                    "Số phiếu: PN-2026-000042", "Quầy:", "AL-01"}});
  }
  {
    auto doc = pickup_receipt(d.config, d.order, d.pickup);
    REQUIRE(doc);
    out.push_back({"pickup", *doc, {}, {"PHIẾU GIAO HÀNG", "Phạm Quốc Việt", "Tiền mặt", hp::format_vnd(150500),
                                         "Đơn hàng: DH-2026-000123"}});
  }
  {
    auto doc = shift_report(d.config, d.shift, d.now);
    REQUIRE(doc);
    out.push_back({"shift", *doc, {}, {"BÁO CÁO CA LÀM VIỆC", "TIỀN MẶT NỘP QUỸ", "Trần Văn Đức"}});
  }
  {
    // The close of a shift opened with a counted float: the count by banknote, short by
    // 10.000 d, with events still unsent and the supervisor's sign-off.
    ShiftSummary shift = d.shift;
    const std::pair<hp::Dong, std::int64_t> opening[] = {{100000, 5}, {50000, 4}, {10000, 10}};
    const std::pair<hp::Dong, std::int64_t> closing[] = {{500000, 1}, {200000, 1}, {50000, 1}, {20000, 2}};
    const hp::cash::Movement moves[] = {{hp::cash::MovementKind::CodCash, 150000, d.now, "Trần Văn Đức", "p1", ""},
                                        {hp::cash::MovementKind::Payout, 150000, d.now, "Trần Văn Đức", "f1", "Lê Thị Hạnh"}};
    shift.closing_count = *hp::cash::count_of(closing);
    shift.balance = hp::cash::reconcile(*hp::cash::count_of(opening), moves, *shift.closing_count);
    shift.unsent_events = 3;
    shift.oldest_unsent_at = d.now - 3'600'000;
    shift.signed_off_by = "Lê Thị Hạnh";
    shift.signed_off_at = d.now;
    auto doc = shift_report(d.config, shift, d.now);
    REQUIRE(doc);
    out.push_back({"shift_cash", *doc, {},
                   {"KIỂM QUỸ TIỀN MẶT", "500.000", "Tiền đếm được:", hp::format_vnd(790000), "Tiền phải có:",
                    hp::format_vnd(800000), "THIẾU", hp::format_vnd(10000), "CHƯA GỬI VỀ TRUNG TÂM",
                    "3 sự kiện chưa gửi", "Kiểm soát duyệt: Lê Thị Hạnh"}});
  }
  {
    // A farmer's cash payout (docs/cash.md): amount in figures and words, the balance left,
    // who paid and who approved, the signature line.
    const PayoutSlip slip{.id = "0190f3a2-7c1e-7b3d-9a55-3e2f1c0d4b6a", .farmer_name = "Nguyễn Văn An",
                          .member_code = "HPM7K2M9QX4A", .amount = 150000, .available_before = 290000, .at = d.now,
                          .clerk = "Trần Văn Đức", .approved_name = "Lê Thị Hạnh", .signed_on_screen = false};
    auto doc = payout_receipt(d.config, slip);
    REQUIRE(doc);
    out.push_back({"payout", *doc, {},
                   {"PHIẾU CHI TRẢ NÔNG DÂN", "Nguyễn Văn An", "SỐ TIỀN CHI", hp::format_vnd(150000),
                    hp::format_vnd(140000), "Người nhận tiền", "Kiểm soát duyệt:", "Lê Thị Hạnh"}});
    PayoutSlip over = slip;
    over.amount = 290001;
    CHECK(payout_receipt(d.config, over).error().code == "print.bad_payout");
  }
  {
    auto doc = queue_ticket(d.config, d.ticket);
    REQUIRE(doc);
    out.push_back({"ticket", *doc, {}, {"SỐ THỨ TỰ", "027", "Gửi nông sản"}});
  }
  {
    // Laid out for 58 mm, it prints on either paper. No GS1-128 of a weight fits 58 mm at
    // 0.5 mm a module: the element string is there as text (and the lot in the QR code).
    auto label = produce_label(d.config, d.dropoff, d.dropoff.items[0], d.farmer, d.products[0]);
    REQUIRE(label);
    out.push_back({"label", label_document(*label, 384), label_symbols(*label, 384),
                   {"Cà chua - loại A", "Khối lượng tịnh: 12,5 kg", label->lot_code, "(3103)012500"}});
  }
  {
    // A counted item: "Số lượng", never "Khối lượng tịnh: 15 quả".
    auto label = produce_label(d.config, d.dropoff, d.dropoff.items[3], d.farmer, d.products[3]);
    REQUIRE(label);
    out.push_back({"label-counted", label_document(*label, 384), label_symbols(*label, 384),
                   {"Bưởi Diễn - loại A", "Số lượng: 15 quả"}});
  }
  return out;
}

// The printed lines as one text, so phrases the printer wrapped at a space still match.
std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) {
    const auto start = l.find_first_not_of(' ');
    if (start != std::string::npos) s += l.substr(start) + " ";
  }
  return s;
}

}  // namespace

TEST_CASE("documents print right in raster and text mode on 80 and 58 mm paper") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(6);
  const struct {
    std::string dropoff, order;
  } d_ids{demo.dropoff.id, demo.order.id};
  for (const std::string printer : {"escpos-80", "escpos-58"}) {
    const auto profile = printer_profile(printer);
    REQUIRE(profile);
    for (const auto mode : {EscPosMode::Raster, EscPosMode::Text}) {
      for (const auto& s : samples(demo)) {
        CAPTURE(printer);
        CAPTURE(s.kind);
        CAPTURE(mode == EscPosMode::Raster ? "raster" : "text");
        EscPosOptions opt;
        opt.mode = mode;
        auto job = encode_escpos(s.doc, *profile, opt, fonts);
        REQUIRE_MESSAGE(job, (job ? "" : job.error().detail));
        CHECK(job->unmappable == 0);
        const auto r = interpret_escpos(job->bytes, InterpretOptions::for_profile(*profile), &fonts);
        CHECK_FALSE(r.truncated);
        CHECK(r.notes.empty());
        CHECK(r.cuts == 1);
        CHECK(r.image.width == profile->width_dots);
        CHECK(r.image.height > 100);
        CHECK(hp::test::zbar_decode(r.image) == s.symbols);
        if (mode == EscPosMode::Text) {
          CHECK(r.wrapped_lines == 0);
          const std::string text = joined(r.text);
          for (const auto& p : s.phrases) {
            CAPTURE(p);
            CHECK(text.find(p) != std::string::npos);
          }
          // No 36-character UUID is printed for people to read.
          CHECK(text.find(d_ids.dropoff) == std::string::npos);
          CHECK(text.find(d_ids.order) == std::string::npos);
          // Right-aligned amounts end exactly at the last column: tone marks took no column.
          for (const auto& line : r.text) {
            if (line.size() > 3 && line.ends_with("₫") && line.find("TỔNG CỘNG") != std::string::npos) {
              CHECK(display_columns(line) == profile->columns);
            }
          }
          CHECK(r.symbols.size() <= s.symbols.size());
        } else {
          CHECK(r.symbols.empty());  // everything went as pictures
        }
      }
    }
  }
}

TEST_CASE("symbols can be forced native in raster mode and raster in text mode") {
  auto fonts = hp::test::open_fonts();
  const std::vector<Gs1Element> els{{"3103", "012500"}, {"10", "A1"}};
  Document doc;
  doc.text("Nhãn thử");
  doc.add(Barcode{BarcodeKind::Gs1_128, gs1_bracketed(els), gs1_human(els), 60});
  doc.add(QrCode{"https://nongsan.haiphong.example/t/HPL8K3M2N4P5QX", QrEcc::M, 4, ""});
  const auto profile = printer_profile("escpos-80");
  std::vector<Decoded> want{{"CODE-128", gs1_transmitted(els), true},
                            {"QR-Code", "https://nongsan.haiphong.example/t/HPL8K3M2N4P5QX", false}};
  std::sort(want.begin(), want.end());
  for (const auto& [mode, symbols] : {std::pair{EscPosMode::Raster, SymbolMode::Native},
                                      std::pair{EscPosMode::Text, SymbolMode::Raster}}) {
    EscPosOptions opt;
    opt.mode = mode;
    opt.symbols = symbols;
    auto job = encode_escpos(doc, *profile, opt, fonts);
    REQUIRE(job);
    const auto r = interpret_escpos(job->bytes, InterpretOptions::for_profile(*profile), &fonts);
    CHECK(hp::test::zbar_decode(r.image) == want);
    if (symbols == SymbolMode::Native) {
      REQUIRE(r.symbols.size() == 2);
      CHECK(r.symbols[0] == PrintedSymbol{"gs1-128", gs1_transmitted(els)});
      CHECK(r.symbols[1] == PrintedSymbol{"qr", want[1].data});
    } else {
      CHECK(r.symbols.empty());
    }
  }
}

TEST_CASE("a native barcode too long for GS w 2 goes as raster") {
  auto fonts = hp::test::open_fonts();
  Document d;
  d.add(Barcode{BarcodeKind::Code128, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCD", "", 60});  // 365 modules
  d.add(QrCode{"https://example.org/x", QrEcc::M, 4, ""});
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  auto job = encode_escpos(d, *printer_profile("escpos-58"), opt, fonts);
  REQUIRE(job);
  const auto r = interpret_escpos(job->bytes, InterpretOptions::for_profile(*printer_profile("escpos-58")), &fonts);
  REQUIRE(r.symbols.size() == 1);  // only the QR went native
  CHECK(r.symbols[0].kind == "qr");
  const auto decoded = hp::test::zbar_decode(r.image);
  CHECK(decoded.size() == 2);
}

TEST_CASE("a crate label's GS1-128 stays horizontal at GS1's X-dimension (4 dots, 0.5 mm) on 58 and 80 mm paper") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(4);
  for (const std::string printer : {"escpos-58", "escpos-80"}) {
    const auto profile = printer_profile(printer);
    REQUIRE(profile);
    const bool wide = profile->width_dots == 576;
    for (std::size_t i : {0u, 1u, 3u}) {  // GTIN + weight + lot, weight + lot, count + lot
      CAPTURE(printer);
      CAPTURE(i);
      auto label = produce_label(demo.config, demo.dropoff, demo.dropoff.items[i], demo.farmer, demo.products[i]);
      REQUIRE(label);
      const auto groups = label_symbol_groups(label->gs1, profile->width_dots);
      // Every element is in exactly one group, in order.
      std::vector<Gs1Element> all;
      for (const auto& g : groups) all.insert(all.end(), g.begin(), g.end());
      CHECK(all == label->gs1);
      std::size_t bars = 0;
      for (const auto& g : groups) bars += gs1_symbol_fits(g, profile->width_dots);
      // 80 mm: the weight (or count) and the 12-digit lot as two symbols; the GTIN does not fit
      // across at 0.5 mm and is text. 58 mm: only a count of up to two digits fits.
      CHECK(bars == (wide ? 2u : (i == 3 ? 1u : 0u)));
      // Text mode sends each symbol natively (GS k) at GS w 4, and nothing else.
      EscPosOptions opt;
      opt.mode = EscPosMode::Text;
      auto job = encode_escpos(label_document(*label, profile->width_dots), *profile, opt, fonts);
      REQUIRE(job);
      std::size_t widths = 0;
      for (std::size_t k = 0; k + 2 < job->bytes.size(); ++k)
        if (job->bytes[k] == 0x1D && job->bytes[k + 1] == 'w') {
          ++widths;
          CHECK(job->bytes[k + 2] == kGs1ModuleDots);
        }
      CHECK(widths == bars);
      const auto r = interpret_escpos(job->bytes, InterpretOptions::for_profile(*profile), &fonts);
      CHECK(r.symbols.size() == bars + 1);  // and the QR
      CHECK(hp::test::zbar_decode(r.image) == label_symbols(*label, profile->width_dots));
      // What is not in bars is there to read.
      const std::string text = joined(r.text);
      for (const auto& g : groups)
        if (!gs1_symbol_fits(g, profile->width_dots)) CHECK(text.find(gs1_human(g)) != std::string::npos);
      // On 80 mm the lot reads back from the last symbol's (10).
      if (wide) CHECK(hp::codes::lot_code_from_batch_digits(all.back().value) == label->lot_code);
      // Raster: the same symbols, and the label stays under 12.5 cm (1000 dots) long; the one
      // symbol of everything, turned along the paper, made it about 16 cm.
      auto raster = encode_escpos(label_document(*label, profile->width_dots), *profile, EscPosOptions{}, fonts);
      REQUIRE(raster);
      const auto pic = interpret_escpos(raster->bytes, InterpretOptions::for_profile(*profile), &fonts);
      CHECK(hp::test::zbar_decode(pic.image) == label_symbols(*label, profile->width_dots));
      CHECK(pic.image.height < 1000);
    }
  }
  // A symbol with a set X-dimension that cannot fit across is refused, never turned or narrowed.
  const auto profile = printer_profile("escpos-80");
  REQUIRE(profile);
  auto label = produce_label(demo.config, demo.dropoff, demo.dropoff.items[0], demo.farmer, demo.products[0]);
  REQUIRE(label);
  REQUIRE(label->gs1[0].ai == "01");
  Document d;
  d.add(Barcode{BarcodeKind::Gs1_128, gs1_bracketed({label->gs1[0]}), "", 80, kGs1ModuleDots});
  for (const auto mode : {EscPosMode::Raster, EscPosMode::Text}) {
    EscPosOptions opt;
    opt.mode = mode;
    auto job = encode_escpos(d, *profile, opt, fonts);
    REQUIRE_FALSE(job);
    CHECK(job.error().code == "print.symbol_too_long");
  }
}

TEST_CASE("a reprint says BẢN SAO at the top and the bottom") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(2);
  auto doc = dropoff_receipt(demo.config, demo.dropoff, demo.farmer, PrintCopy{true, demo.now + 60'000});
  REQUIRE(doc);
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  auto job = encode_escpos(*doc, *printer_profile("escpos-80"), opt, fonts);
  REQUIRE(job);
  const auto r = interpret_escpos(job->bytes, InterpretOptions{}, &fonts);
  std::vector<std::string> lines;
  for (const auto& l : r.text) {
    if (!l.empty()) lines.push_back(l);
  }
  REQUIRE(lines.size() > 4);
  CHECK(lines.front().find("BẢN SAO") != std::string::npos);
  CHECK(lines.back().find("BẢN SAO") != std::string::npos);
  CHECK(joined(r.text).find("In lại lúc 28/11/2026 14:06") != std::string::npos);
  auto original = dropoff_receipt(demo.config, demo.dropoff, demo.farmer);
  REQUIRE(original);
  auto job2 = encode_escpos(*original, *printer_profile("escpos-80"), opt, fonts);
  CHECK(joined(interpret_escpos(job2->bytes, InterpretOptions{}, &fonts).text).find("BẢN SAO") == std::string::npos);
}

TEST_CASE("receipt builders refuse inconsistent records") {
  auto demo = demo_data(2);
  auto bad = demo.dropoff;
  bad.total += 1;
  auto r = dropoff_receipt(demo.config, bad, demo.farmer);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == "print.total_mismatch");
  bad = demo.dropoff;
  bad.id = "not-a-uuid";
  CHECK(dropoff_receipt(demo.config, bad, demo.farmer).error().code == "print.bad_id");
  auto pickup = demo.pickup;
  pickup.order_id = "other";
  CHECK(pickup_receipt(demo.config, demo.order, pickup).error().code == "print.mismatch");
  CHECK(queue_ticket(demo.config, QueueTicket{0, "x", 0, 0}).error().code == "print.bad_ticket");
}

TEST_CASE("a receipt line multiplies exactly as printed, and one that does not is refused") {
  auto fonts = hp::test::open_fonts();
  auto demo = demo_data(1);
  auto& it = demo.dropoff.items[0];
  // The case: 1.234,5 g at 12.000 ₫/kg is stored as 1,235 kg (draft_item) and prints
  // as 1,235 kg x 12.000 = 14.820 ₫.
  it.unit_price = 12000;
  it.gross_mg = hp::round_to_gram(1'234'500);
  it.tare_mg = 0;
  it.net_mg = it.gross_mg;
  it.value = hp::value_by_weight(it.unit_price, it.net_mg);
  CHECK(it.value == 14820);
  demo.dropoff.total = it.value;
  auto doc = dropoff_receipt(demo.config, demo.dropoff, demo.farmer);
  REQUIRE(doc);
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  auto job = encode_escpos(*doc, *printer_profile("escpos-80"), opt, fonts);
  REQUIRE(job);
  const std::string text = joined(interpret_escpos(job->bytes, InterpretOptions::for_profile(*printer_profile("escpos-80")), &fonts).text);
  CAPTURE(text);
  CHECK(text.find("tịnh 1,235 kg") != std::string::npos);
  CHECK(text.find("1,235 kg × " + hp::format_vnd(12000) + "/kg") != std::string::npos);
  CHECK(text.find(hp::format_vnd(14820)) != std::string::npos);
  CHECK(text.find("14.814") == std::string::npos);
  // The value from the unrounded weight (14.814 ₫) disagrees with the printed figures.
  it.value = 14814;
  demo.dropoff.total = it.value;
  auto bad = dropoff_receipt(demo.config, demo.dropoff, demo.farmer);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == "print.value_mismatch");
  it.value = 14820;
  demo.dropoff.total = it.value;
  it.tare_mg = 1000;
  CHECK(dropoff_receipt(demo.config, demo.dropoff, demo.farmer).error().code == "print.weight_mismatch");
  // A line stored before whole grams (a reprint of an old drop-off) prints as it was weighed.
  it.gross_mg = it.net_mg = 1'234'500;
  it.tare_mg = 0;
  it.value = 14814;
  demo.dropoff.total = it.value;
  CHECK(dropoff_receipt(demo.config, demo.dropoff, demo.farmer).has_value());
}

TEST_CASE("the drop-off barcode number maps back to the id") {
  const std::string id = "0193b1d2-8a55-7c3e-9d10-5f6a7b8c9d0e";
  const auto digits = dropoff_barcode_digits(id);
  REQUIRE(digits);
  CHECK(digits->size() == 40);
  CHECK(dropoff_id_from_barcode(*digits) == id);
  CHECK(dropoff_barcode_digits("ffffffff-ffff-ffff-ffff-ffffffffffff")->size() == 40);
  CHECK(dropoff_id_from_barcode(*dropoff_barcode_digits("ffffffff-ffff-ffff-ffff-ffffffffffff")) ==
        "ffffffff-ffff-ffff-ffff-ffffffffffff");
  CHECK_FALSE(dropoff_id_from_barcode("9999999999999999999999999999999999999999"));  // over 2^128
  CHECK_FALSE(dropoff_id_from_barcode("123"));
  CHECK_FALSE(dropoff_barcode_digits("0193B1D2-8A55-7C3E-9D10-5F6A7B8C9D0E"));
}

TEST_CASE("unknown printer profiles and missing fonts are errors") {
  CHECK(printer_profile("epson-xyz").error().code == "print.unknown_profile");
  FontPaths none{{"/nonexistent/a.ttf"}, {"/nonexistent/b.ttf"}, {"/nonexistent/c.ttf"}};
  auto f = FontCache::open(none);
  REQUIRE_FALSE(f);
  CHECK(f.error().code == "print.font_missing");
}
