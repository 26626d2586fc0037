// Runs the fuzz entry over every file of the corpus folders (or files) given, for builds
// without libFuzzer. Also feeds each file's prefixes and a few mutations of it.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run_one(const std::vector<std::uint8_t>& b) {
  LLVMFuzzerTestOneInput(b.data(), b.size());
  for (std::size_t n = 0; n < b.size(); n += 1 + b.size() / 97) LLVMFuzzerTestOneInput(b.data(), n);
  // Deterministic mutations: flip one byte at spread-out positions.
  for (std::size_t i = 0; i < b.size(); i += 1 + b.size() / 31) {
    auto m = b;
    m[i] = static_cast<std::uint8_t>(m[i] ^ 0xA5);
    LLVMFuzzerTestOneInput(m.data(), m.size());
  }
}

}  // namespace

int main(int argc, char** argv) {
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::filesystem::path> paths;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& e : std::filesystem::directory_iterator(argv[i])) paths.push_back(e.path());
    } else {
      paths.emplace_back(argv[i]);
    }
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      const std::vector<std::uint8_t> b((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      run_one(b);
      ++files;
    }
  }
  std::printf("replayed %d corpus files\n", files);
  return files > 0 ? 0 : 1;
}
