// kioskctl render IN.bin OUT.png [--printer escpos-80]
// Renders an ESC/POS print job to a picture, as the printer would print it.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "shared/print/escpos_interpreter.hpp"
#include "tools/kioskctl/commands.hpp"

namespace hp::ctl {

namespace {
std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      o += ' ';
      continue;
    }
    o += c;
  }
  return o;
}
}  // namespace

int cmd_render(const Args& args) {
  if (args.size() != 2 && args.size() != 4) {
    std::fputs("usage: kioskctl render IN.bin OUT.png [--printer escpos-80|escpos-58|...]\n", stderr);
    return 2;
  }
  std::string printer = "escpos-80";
  if (args.size() == 4) {
    if (args[2] != "--printer") {
      std::fputs("usage: kioskctl render IN.bin OUT.png [--printer NAME]\n", stderr);
      return 2;
    }
    printer = args[3];
  }
  auto profile = print::printer_profile(printer);
  if (!profile || profile->language != print::PrinterLanguage::EscPos) {
    std::printf("{\"ok\":false,\"error\":\"print.unknown_profile\",\"detail\":\"%s is not an ESC/POS profile\"}\n",
                json_escape(printer).c_str());
    return 1;
  }
  std::ifstream in(args[0], std::ios::binary);
  if (!in) {
    std::printf("{\"ok\":false,\"error\":\"print.read_failed\",\"detail\":\"cannot read %s\"}\n",
                json_escape(args[0]).c_str());
    return 1;
  }
  const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto fonts = print::FontCache::open();
  auto r = print::interpret_escpos(bytes, print::InterpretOptions::for_profile(*profile), fonts ? &*fonts : nullptr);
  if (r.image.empty()) r.image = print::Bitmap(profile->width_dots, 1);
  if (auto ok = print::write_png(r.image, args[1]); !ok) {
    std::printf("{\"ok\":false,\"error\":\"%s\",\"detail\":\"%s\"}\n", ok.error().code.c_str(),
                json_escape(ok.error().detail).c_str());
    return 1;
  }
  std::string notes, symbols;
  for (const auto& n : r.notes) notes += (notes.empty() ? "\"" : ",\"") + json_escape(n) + "\"";
  for (const auto& s : r.symbols) {
    symbols += (symbols.empty() ? "{" : ",{") + std::string("\"kind\":\"") + s.kind + "\",\"data\":\"" +
               json_escape(s.data) + "\"}";
  }
  std::printf("{\"ok\":true,\"width\":%d,\"height\":%d,\"cuts\":%d,\"truncated\":%s,\"symbols\":[%s],\"notes\":[%s]}\n",
              r.image.width, r.image.height, r.cuts, r.truncated ? "true" : "false", symbols.c_str(), notes.c_str());
  return 0;
}

}  // namespace hp::ctl
