#include "drivers/hid/keyboard_layout.hpp"

#include <initializer_list>

namespace hp::hid {
namespace {

struct Entry {
  std::uint8_t usage;
  KeyCaps caps;
};

// Keys every layout shares: control keys and the numeric keypad (some scanners type digits
// on the keypad, united-manufacturing-hub#895).
constexpr Entry kCommon[] = {
    {0x28, {"\r", "\r", nullptr}}, {0x2B, {"\t", "\t", nullptr}}, {0x2C, {" ", " ", nullptr}},
    {0x54, {"/", "/", nullptr}},   {0x55, {"*", "*", nullptr}},   {0x56, {"-", "-", nullptr}},
    {0x57, {"+", "+", nullptr}},   {0x58, {"\r", "\r", nullptr}}, {0x59, {"1", "1", nullptr}},
    {0x5A, {"2", "2", nullptr}},   {0x5B, {"3", "3", nullptr}},   {0x5C, {"4", "4", nullptr}},
    {0x5D, {"5", "5", nullptr}},   {0x5E, {"6", "6", nullptr}},   {0x5F, {"7", "7", nullptr}},
    {0x60, {"8", "8", nullptr}},   {0x61, {"9", "9", nullptr}},   {0x62, {"0", "0", nullptr}},
    {0x63, {".", ".", nullptr}},
};

constexpr const char* kLower[] = {"a","b","c","d","e","f","g","h","i","j","k","l","m",
                                  "n","o","p","q","r","s","t","u","v","w","x","y","z"};
constexpr const char* kUpper[] = {"A","B","C","D","E","F","G","H","I","J","K","L","M",
                                  "N","O","P","Q","R","S","T","U","V","W","X","Y","Z"};

constexpr std::uint8_t letter(char c) { return static_cast<std::uint8_t>(c - 'a'); }

// Builds a layout: the common keys, then letters placed by `letters` (the letter each
// usage 0x04..0x1D types), then the layout's own entries.
constexpr KeyboardLayout make_layout(std::string_view name, std::string_view letters,
                                     std::initializer_list<Entry> own) {
  KeyboardLayout l{name, {}};
  for (const auto& e : kCommon) l.keys[e.usage] = e.caps;
  for (std::size_t i = 0; i < letters.size() && i < 26; ++i) {
    if (letters[i] < 'a' || letters[i] > 'z') continue;
    auto k = letter(letters[i]);
    l.keys[0x04 + i] = KeyCaps{kLower[k], kUpper[k], nullptr};
  }
  for (const auto& e : own) l.keys[e.usage] = e.caps;
  return l;
}

// US: hathach/tinyusb HID_KEYCODE_TO_ASCII, as in tests/vectors/hid_keyboard.json.
constexpr KeyboardLayout kUs = make_layout(
    "us", "abcdefghijklmnopqrstuvwxyz",
    {{0x1E, {"1", "!"}}, {0x1F, {"2", "@"}}, {0x20, {"3", "#"}}, {0x21, {"4", "$"}},
     {0x22, {"5", "%"}}, {0x23, {"6", "^"}}, {0x24, {"7", "&"}}, {0x25, {"8", "*"}},
     {0x26, {"9", "("}}, {0x27, {"0", ")"}}, {0x2D, {"-", "_"}}, {0x2E, {"=", "+"}},
     {0x2F, {"[", "{"}}, {0x30, {"]", "}"}}, {0x31, {"\\", "|"}}, {0x32, {"#", "~"}},
     {0x33, {";", ":"}}, {0x34, {"'", "\""}}, {0x35, {"`", "~"}}, {0x36, {",", "<"}},
     {0x37, {".", ">"}}, {0x38, {"/", "?"}}, {0x64, {"\\", "|"}}});

// French AZERTY (Windows/X11 "fr"): digits need Shift; dead keys (^ and trema) type their
// spacing form, since a scanner never combines them.
constexpr KeyboardLayout kFr = make_layout(
    "fr", "qbcdefghijkl,noparstuvzxyw",
    {{0x10, {",", "?"}},           {0x1E, {"&", "1"}},           {0x1F, {"é", "2", "~"}},
     {0x20, {"\"", "3", "#"}},     {0x21, {"'", "4", "{"}},      {0x22, {"(", "5", "["}},
     {0x23, {"-", "6", "|"}},      {0x24, {"è", "7", "`"}},      {0x25, {"_", "8", "\\"}},
     {0x26, {"ç", "9", "^"}},      {0x27, {"à", "0", "@"}},      {0x2D, {")", "°", "]"}},
     {0x2E, {"=", "+", "}"}},      {0x2F, {"^", "¨"}},           {0x30, {"$", "£", "¤"}},
     {0x31, {"*", "µ"}},           {0x32, {"*", "µ"}},           {0x33, {"m", "M"}},
     {0x34, {"ù", "%"}},           {0x35, {"²", nullptr}},       {0x36, {";", "."}},
     {0x37, {":", "/"}},           {0x38, {"!", "§"}},           {0x64, {"<", ">"}},
     {0x08, {"e", "E", "€"}}});

// German QWERTZ.
constexpr KeyboardLayout kDe = make_layout(
    "de", "abcdefghijklmnopqrstuvwxzy",
    {{0x1E, {"1", "!"}},           {0x1F, {"2", "\"", "²"}},     {0x20, {"3", "§", "³"}},
     {0x21, {"4", "$"}},           {0x22, {"5", "%"}},           {0x23, {"6", "&"}},
     {0x24, {"7", "/", "{"}},      {0x25, {"8", "(", "["}},      {0x26, {"9", ")", "]"}},
     {0x27, {"0", "=", "}"}},      {0x2D, {"ß", "?", "\\"}},     {0x2E, {"´", "`"}},
     {0x2F, {"ü", "Ü"}},           {0x30, {"+", "*", "~"}},      {0x31, {"#", "'"}},
     {0x32, {"#", "'"}},           {0x33, {"ö", "Ö"}},           {0x34, {"ä", "Ä"}},
     {0x35, {"^", "°"}},           {0x36, {",", ";"}},           {0x37, {".", ":"}},
     {0x38, {"-", "_"}},           {0x64, {"<", ">", "|"}},      {0x14, {"q", "Q", "@"}},
     {0x08, {"e", "E", "€"}},      {0x10, {"m", "M", "µ"}}});

}  // namespace

const KeyboardLayout& us_layout() { return kUs; }

const KeyboardLayout* keyboard_layout(std::string_view name) {
  if (name == "us" || name.empty()) return &kUs;
  if (name == "fr") return &kFr;
  if (name == "de") return &kDe;
  return nullptr;
}

}  // namespace hp::hid
