#pragma once
// A signature drawn on the touch screen: strokes of points on a fixed logical canvas, turned
// into a small grey PNG to keep with a record (proof of pickup; a payout receipt signs the
// same way). Pure functions: the screen collects points, the controller keeps them
// (cmd::AddSignatureStroke), the store worker renders them.
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/records/signature_strokes.hpp"
#include "shared/result.hpp"

namespace hp::app {

// Points clamped to the canvas; at most kMaxStrokePoints kept (a finger resting on the glass
// sends points forever).
inline constexpr std::size_t kMaxStrokePoints = 2000;
SignatureStroke clean_stroke(const SignatureStroke& raw);

// Total length of the strokes in canvas units: a tap or a dot is not a signature.
std::int64_t ink_length(const std::vector<SignatureStroke>& strokes);
inline constexpr std::int64_t kMinSignatureInk = 60;
inline bool is_signature(const std::vector<SignatureStroke>& strokes) { return ink_length(strokes) >= kMinSignatureInk; }

// 8-bit grey pixels (0 ink, 255 paper), width x height, the canvas scaled to fit; the pen is
// `pen` pixels wide.
std::vector<std::uint8_t> render_signature(const std::vector<SignatureStroke>& strokes, int width, int height, int pen);

// The PNG bytes (grey, 300 x 100 by default: a few kilobytes). "signature.empty" when the
// strokes are not a signature.
Result<std::string> signature_png(const std::vector<SignatureStroke>& strokes, int width = 300, int height = 100);

}  // namespace hp::app
