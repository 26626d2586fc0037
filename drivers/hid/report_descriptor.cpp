#include "drivers/hid/report_descriptor.hpp"

#include <algorithm>

namespace hp::hid {
namespace {

constexpr std::size_t kMaxFields = 4096;
constexpr int kMaxDepth = 32;

std::uint32_t item_value(std::span<const std::uint8_t> data) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < data.size(); ++i) v |= std::uint32_t(data[i]) << (8 * i);
  return v;
}

}  // namespace

bool HidDescriptorSummary::has_application_page(std::uint16_t page) const {
  return std::any_of(applications.begin(), applications.end(), [&](const HidUsage& u) { return u.page == page; });
}

const HidField* HidDescriptorSummary::writable(HidUsage usage) const {
  for (const auto& f : fields)
    if (f.usage == usage && f.kind != HidField::Kind::Input) return &f;
  return nullptr;
}

Result<HidDescriptorSummary> parse_report_descriptor(std::span<const std::uint8_t> bytes) {
  HidDescriptorSummary out;
  std::uint16_t page = 0;
  std::uint8_t report_id = 0;
  std::vector<std::uint32_t> local_usages;  // page << 16 | id, page 0 meaning "current page"
  std::uint32_t usage_min = 0;
  bool have_min = false;
  int depth = 0;
  std::size_t i = 0;
  auto full = [&](std::uint32_t u) {
    return u >> 16 ? HidUsage{std::uint16_t(u >> 16), std::uint16_t(u & 0xFFFF)} : HidUsage{page, std::uint16_t(u)};
  };
  while (i < bytes.size()) {
    std::uint8_t prefix = bytes[i];
    if (prefix == 0xFE) {  // long item: skip it
      if (i + 2 >= bytes.size()) return fail("hid.descriptor", "truncated long item");
      i += 3 + bytes[i + 1];
      continue;
    }
    std::size_t size = prefix & 0x03;
    if (size == 3) size = 4;
    if (i + 1 + size > bytes.size()) return fail("hid.descriptor", "truncated item");
    auto data = bytes.subspan(i + 1, size);
    std::uint32_t v = item_value(data);
    std::uint8_t type = (prefix >> 2) & 0x03, tag = prefix >> 4;
    i += 1 + size;
    if (type == 1) {  // global
      if (tag == 0x0) page = static_cast<std::uint16_t>(v);
      else if (tag == 0x8) report_id = static_cast<std::uint8_t>(v);
      continue;
    }
    if (type == 2) {  // local
      std::uint32_t u = size == 4 ? v : (v & 0xFFFF);
      if (tag == 0x0) local_usages.push_back(u);
      else if (tag == 0x1) { usage_min = u; have_min = true; }
      else if (tag == 0x2 && have_min) {
        for (std::uint32_t k = usage_min; k <= u && local_usages.size() < 256; ++k) local_usages.push_back(k);
        have_min = false;
      }
      continue;
    }
    if (type == 0) {  // main
      if (tag == 0xA) {  // collection
        if (++depth > kMaxDepth) return fail("hid.descriptor", "collections nested too deep");
        if (v == 0x01 && depth == 1 && !local_usages.empty()) out.applications.push_back(full(local_usages.front()));
      } else if (tag == 0xC) {  // end collection
        depth = std::max(depth - 1, 0);
      } else if (tag == 0x8 || tag == 0x9 || tag == 0xB) {
        auto kind = tag == 0x8 ? HidField::Kind::Input : tag == 0x9 ? HidField::Kind::Output : HidField::Kind::Feature;
        for (auto u : local_usages) {
          if (out.fields.size() >= kMaxFields) return fail("hid.descriptor", "too many fields");
          out.fields.push_back({kind, report_id, full(u)});
        }
      }
      local_usages.clear();
      have_min = false;
      continue;
    }
  }
  return out;
}

}  // namespace hp::hid
