#pragma once
#include <doctest/doctest.h>

#include "shared/print/font_cache.hpp"

namespace hp::test {

// Each test case opens its own cache; the fonts come from fonts-noto-core / fonts-dejavu-core.
inline print::FontCache open_fonts() {
  auto f = print::FontCache::open();
  REQUIRE_MESSAGE(f.has_value(), "fonts missing: install fonts-noto-core and fonts-dejavu-core");
  return std::move(*f);
}

}  // namespace hp::test
