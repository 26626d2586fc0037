// kioskctl sample KIND --printer P [--mode raster|text] --out FILE [--items N] [--reprint] [--png FILE]
// Writes a sample document filled with Vietnamese demo data, as the printer would receive it.
#include <cstdio>
#include <fstream>
#include <string>

#include "shared/print/demo_data.hpp"
#include "shared/print/escpos_encoder.hpp"
#include "shared/print/escpos_interpreter.hpp"
#include "shared/print/produce_label.hpp"
#include "shared/print/receipts.hpp"
#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {

namespace {

int usage() {
  std::fputs(
      "usage: kioskctl sample dropoff|pickup|label|shift|ticket --printer escpos-80|escpos-58|zpl|tspl\n"
      "                [--mode raster|text] --out FILE [--items N] [--reprint] [--png FILE]\n"
      "       (zpl and tspl print only 'label'; --png renders an ESC/POS result for a look)\n",
      stderr);
  return 2;
}

int fail_json(const Error& e) {
  std::printf("{\"ok\":false,\"error\":\"%s\",\"detail\":\"%s\"}\n", e.code.c_str(), e.detail.c_str());
  return 1;
}

}  // namespace

int cmd_sample(const Args& args) {
  if (args.empty()) return usage();
  const std::string kind = args[0];
  std::string printer, mode = "raster", out, png;
  int items = 6;
  bool reprint = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& a = args[i];
    auto value = [&]() -> const std::string* { return i + 1 < args.size() ? &args[++i] : nullptr; };
    const std::string* v = nullptr;
    if (a == "--printer" && (v = value())) printer = *v;
    else if (a == "--mode" && (v = value())) mode = *v;
    else if (a == "--out" && (v = value())) out = *v;
    else if (a == "--png" && (v = value())) png = *v;
    else if (a == "--items" && (v = value())) items = std::atoi(v->c_str());
    else if (a == "--reprint") reprint = true;
    else return usage();
  }
  if (printer.empty() || out.empty() || (mode != "raster" && mode != "text") || items < 1 || items > 200) {
    return usage();
  }
  auto profile = print::printer_profile(printer);
  if (!profile) return fail_json(profile.error());
  auto fonts = print::FontCache::open();
  if (!fonts) return fail_json(fonts.error());
  const auto demo = print::demo_data(items);
  const print::PrintCopy copy{reprint, demo.now + 3'600'000};

  std::string bytes;
  if (profile->language != print::PrinterLanguage::EscPos) {
    if (kind != "label") {
      std::fputs("kioskctl sample: zpl and tspl printers print only 'label'\n", stderr);
      return 2;
    }
    auto label = print::produce_label(demo.config, demo.dropoff, demo.dropoff.items[0], demo.farmer, demo.products[0]);
    if (!label) return fail_json(label.error());
    auto enc = profile->language == print::PrinterLanguage::Zpl ? print::encode_zpl(*label, *profile, *fonts)
                                                               : print::encode_tspl(*label, *profile, *fonts);
    if (!enc) return fail_json(enc.error());
    bytes = std::move(*enc);
    if (!png.empty()) {
      auto layout = print::layout_label(*label, *profile, *fonts);
      if (!layout) return fail_json(layout.error());
      if (auto ok = print::write_png(print::render_label(*layout, *label), png); !ok) return fail_json(ok.error());
    }
  } else {
    Result<print::Document> doc = fail("ctl.usage", "unknown kind");
    if (kind == "dropoff") doc = print::dropoff_receipt(demo.config, demo.dropoff, demo.farmer, copy);
    else if (kind == "pickup") doc = print::pickup_receipt(demo.config, demo.order, demo.pickup, copy);
    else if (kind == "shift") doc = print::shift_report(demo.config, demo.shift, demo.now);
    else if (kind == "ticket") doc = print::queue_ticket(demo.config, demo.ticket);
    else if (kind == "label") {
      auto label = print::produce_label(demo.config, demo.dropoff, demo.dropoff.items[0], demo.farmer, demo.products[0]);
      if (!label) return fail_json(label.error());
      doc = print::label_document(*label, profile->width_dots);
    } else {
      return usage();
    }
    if (!doc) return fail_json(doc.error());
    print::EscPosOptions opt;
    opt.mode = mode == "text" ? print::EscPosMode::Text : print::EscPosMode::Raster;
    auto job = print::encode_escpos(*doc, *profile, opt, *fonts);
    if (!job) return fail_json(job.error());
    bytes.assign(job->bytes.begin(), job->bytes.end());
    if (!png.empty()) {
      auto r = print::interpret_escpos(job->bytes, print::InterpretOptions::for_profile(*profile), &*fonts);
      if (auto ok = print::write_png(r.image, png); !ok) return fail_json(ok.error());
    }
  }
  std::ofstream f(out, std::ios::binary);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!f) {
    std::printf("{\"ok\":false,\"error\":\"print.write_failed\",\"detail\":\"cannot write %s\"}\n", out.c_str());
    return 1;
  }
  std::printf("{\"ok\":true,\"kind\":\"%s\",\"printer\":\"%s\",\"mode\":\"%s\",\"bytes\":%zu}\n", kind.c_str(),
              printer.c_str(), mode.c_str(), bytes.size());
  return 0;
}

}  // namespace hp::ctl
