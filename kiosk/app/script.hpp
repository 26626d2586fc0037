#pragma once
// Scripted sessions: `kiosk --script FILE` runs the real app from a list of steps, so tests
// and demos go through exactly the code a clerk's touches go through. Format: docs/scripts.md.
#include <string>
#include <vector>

#include "shared/result.hpp"
#include "shared/weight.hpp"

namespace hp::app {

struct ScriptStep {
  enum class Kind { Scan, Weigh, Tap, Type, Key, Wait, Await, Screenshot, Dump, CustomerScreenshot, CustomerDump, Measure, Quit } kind;
  std::string arg;       // text to scan/type, control id, key name, screenshot, dump or await path
  Milligrams mg = 0;     // weigh
  bool stable = true;    // weigh
  int wait_ms = 0;       // wait; measure: the number of frames
  int line = 0;
  bool timed = false;    // scan_timed: the time from the scan to the frame that shows its outcome
};

// Parses a script. "script.syntax" with the line number and what was expected.
Result<std::vector<ScriptStep>> parse_script(const std::string& text);

}  // namespace hp::app
