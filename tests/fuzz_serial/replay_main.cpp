// Replays a libFuzzer corpus without libFuzzer (g++ builds): every file as is, every prefix,
// and every single-byte flip to a few interesting values, so the ctest run already explores
// truncations and corruptions of real frames.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run(const std::string& s) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s <corpus dir>...\n", argv[0]);
    return 2;
  }
  std::size_t files = 0;
  std::size_t inputs = 0;
  const unsigned char flips[] = {0x00, 0x02, 0x0d, 0x0a, '?', '.', '-', ',', '9', 0x7f, 0xff};
  for (int i = 1; i < argc; ++i) {
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string data{std::istreambuf_iterator<char>(in), {}};
      ++files;
      run(data);
      ++inputs;
      for (std::size_t n = 0; n < data.size(); ++n, ++inputs) run(data.substr(0, n));
      for (std::size_t pos = 0; pos < data.size(); ++pos) {
        for (unsigned char b : flips) {
          std::string m = data;
          m[pos] = static_cast<char>(b);
          run(m);
          ++inputs;
        }
      }
      run(data + data);  // two frames back to back
      ++inputs;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "empty corpus\n");
    return 1;
  }
  std::printf("replayed %zu corpus files as %zu inputs\n", files, inputs);
  return 0;
}
