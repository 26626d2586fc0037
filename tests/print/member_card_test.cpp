// The member card and the void slip (docs/printing.md): printed through the interpreter on
// both paper widths, the card's QR code and barcode read back by zbar as the plain member
// code the kiosk's scanner takes; the CCCD only masked.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "shared/codes/classify.hpp"
#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/member_card.hpp"
#include "shared/print/agent_summary.hpp"
#include "shared/print/void_slip.hpp"
#include "tests/print/print_fixture.hpp"
#include "tests/print/zbar_decode.hpp"

using namespace hp::print;
using hp::test::Decoded;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) {
    const auto start = l.find_first_not_of(' ');
    if (start != std::string::npos) s += l.substr(start) + " ";
  }
  return s;
}

// A document as an 80 mm printer in text mode prints it, read back as one line of words.
std::string printed_text(const Document& doc, hp::print::FontCache& fonts) {
  const auto profile = printer_profile("escpos-80");
  EscPosOptions opt;
  opt.mode = EscPosMode::Text;
  auto job = encode_escpos(doc, *profile, opt, fonts);
  REQUIRE(job);
  return joined(interpret_escpos(job->bytes, InterpretOptions::for_profile(*profile), &fonts).text);
}

}  // namespace

TEST_CASE("member card: the member code as QR and Code 128, read back by zbar; the name large; the CCCD masked") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(7);
  hp::Farmer f = demo.farmer;
  f.citizen_id = "031085001234";
  f.vietgap = "VietGAP-TT-19-01-31-0042";
  auto doc = member_card(demo.config, f);
  REQUIRE(doc);
  // The name in double size: a farmer who reads slowly still knows the card is theirs.
  CHECK(std::any_of(doc->blocks.begin(), doc->blocks.end(), [&](const Block& b) {
    const auto* l = std::get_if<Line>(&b);
    return l && l->size == TextSize::Double && !l->cells.empty() && l->cells[0].text == f.name;
  }));
  for (const std::string printer : {"escpos-80", "escpos-58"}) {
    CAPTURE(printer);
    const auto profile = printer_profile(printer);
    REQUIRE(profile);
    for (const auto mode : {EscPosMode::Raster, EscPosMode::Text}) {
      EscPosOptions opt;
      opt.mode = mode;
      auto job = encode_escpos(*doc, *profile, opt, fonts);
      REQUIRE(job);
      CHECK(job->unmappable == 0);
      const auto r = interpret_escpos(job->bytes, InterpretOptions::for_profile(*profile), &fonts);
      CHECK_FALSE(r.truncated);
      CHECK(r.cuts == 1);
      std::vector<Decoded> want{{"CODE-128", f.member_code, false}, {"QR-Code", f.member_code, false}};
      std::sort(want.begin(), want.end());
      auto got = hp::test::zbar_decode(r.image);
      std::sort(got.begin(), got.end());
      CHECK(got == want);
      if (mode == EscPosMode::Text) {
        const std::string text = joined(r.text);
        CHECK(text.find("THẺ HỘI VIÊN") != std::string::npos);
        CHECK(text.find("********1234") != std::string::npos);
        CHECK(text.find("031085001234") == std::string::npos);
        // The certificate's number may wrap anywhere in its cell: its start is on the first line.
        CHECK_MESSAGE(text.find("VietGAP-TT-19") != std::string::npos, text);
      }
    }
  }
  // What zbar read is what the kiosk's scanner takes as a member card.
  const auto c = hp::codes::classify(f.member_code);
  CHECK(c.kind == hp::codes::CodeKind::member);
  CHECK(c.valid);
}

TEST_CASE("member card: refused without a code or a name") {
  const auto demo = demo_data(7);
  hp::Farmer f = demo.farmer;
  f.member_code.clear();
  CHECK(member_card(demo.config, f).error().code == "print.bad_member");
}

TEST_CASE("void slip: which drop-off, its value, why and who approved") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(7);
  const hp::DropOffVoid v{.id = "0190a000-0000-7000-8000-000000000001", .drop_off_id = demo.dropoff.id,
                          .reason = "Nhầm nông dân", .clerk_id = "c1", .approved_by = "s1", .voided_at = demo.dropoff.created_at + 60'000};
  auto doc = void_slip(demo.config, demo.dropoff, v, "Trần Thị Bình");
  REQUIRE(doc);
  const std::string text = printed_text(*doc, fonts);
  CHECK(text.find("PHIẾU HỦY NHẬN HÀNG") != std::string::npos);
  CHECK(text.find("Nhầm nông dân") != std::string::npos);
  CHECK(text.find("Trần Thị Bình") != std::string::npos);
  CHECK(text.find(hp::format_vnd(demo.dropoff.total)) != std::string::npos);
  hp::DropOffVoid other = v;
  other.drop_off_id = "another";
  CHECK(void_slip(demo.config, demo.dropoff, other, "").error().code == "print.bad_void");
}

TEST_CASE("agent's summary: a line per farmer, the total and the commission at the visit's rate, read back from ESC/POS") {
  auto fonts = hp::test::open_fonts();
  const auto demo = demo_data(7);
  const hp::AgentCredit credit{.agent_id = "ag-1", .code = "DL-0001", .name = "Lê Văn Hùng", .visit_id = "v-1",
                               .commission_bp = 350, .commission = 0};
  std::vector<hp::DropOff> visit;
  for (int i = 0; i < 3; ++i) {
    hp::DropOff d = demo.dropoff;
    d.id += std::to_string(i);
    d.farmer_id += std::to_string(i);
    d.farmer_name = std::string("Nông dân ") + static_cast<char>('A' + i);
    d.agent = credit;
    d.agent->commission = hp::commission_of(d.total, credit.commission_bp);
    visit.push_back(d);
  }
  auto totals = agent_visit_totals(visit);
  REQUIRE(totals);
  CHECK(totals->farmers == 3);
  CHECK(totals->value == 3 * demo.dropoff.total);
  CHECK(totals->commission == 3 * hp::commission_of(demo.dropoff.total, 350));
  CHECK(percent_of_bp(350) == "3,50 %");
  CHECK(percent_of_bp(1205) == "12,05 %");

  auto doc = agent_summary(demo.config, visit, demo.dropoff.created_at);
  REQUIRE(doc);
  const std::string text = printed_text(*doc, fonts);
  CHECK(text.find("BẢNG KÊ GIAO HÀNG ĐẠI LÝ") != std::string::npos);
  CHECK(text.find("Lê Văn Hùng") != std::string::npos);
  CHECK(text.find("Nông dân C") != std::string::npos);
  CHECK(text.find(hp::format_vnd(totals->value)) != std::string::npos);
  CHECK(text.find("3,50 %") != std::string::npos);
  CHECK(text.find(hp::format_vnd(totals->commission)) != std::string::npos);

  // Not one visit: refused, as a drop-off without an agent or an empty list is.
  auto mixed = visit;
  mixed[1].agent->visit_id = "v-2";
  CHECK(agent_visit_totals(mixed).error().code == "print.bad_visit");
  mixed[1].agent.reset();
  CHECK(agent_summary(demo.config, mixed, 0).error().code == "print.bad_visit");
  CHECK(agent_visit_totals({}).error().code == "print.bad_visit");
}
