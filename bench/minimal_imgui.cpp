// minimal_imgui: the start-up baseline for the kiosk. The smallest program on the same stack
// (SDL2 + OpenGL 3.2 core + Dear ImGui with one TrueType font, as ImGui's
// example_sdl2_opengl3): opens a full-screen window, draws one frame with a line of text and a
// button, and exits. bench/kiosk_ui_bench.sh times it exactly as it times the kiosk: from
// $HP_T0_NS (set just before exec) to the first frame swapped and finished (glFinish),
// printed as first_frame_ms=...
// Links nothing of the project, so its start-up is the stack's own.
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The kiosk's own face (kiosk/ui/theme.hpp), so both rasterise the same font file.
constexpr const char* kFonts[] = {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                                  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"};

}  // namespace

int main(int, char**) {
  const char* t0_env = std::getenv("HP_T0_NS");
  const std::int64_t t0 = t0_env ? std::atoll(t0_env) : now_ns();
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "minimal_imgui: SDL_Init: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_Window* window = SDL_CreateWindow("minimal_imgui", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, 1280, 800,
                                        SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_FULLSCREEN_DESKTOP);
  if (!window) {
    std::fprintf(stderr, "minimal_imgui: SDL_CreateWindow: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  if (!gl) {
    std::fprintf(stderr, "minimal_imgui: SDL_GL_CreateContext: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  ImFont* font = nullptr;
  for (const char* path : kFonts) {
    if (SDL_RWops* f = SDL_RWFromFile(path, "rb")) {
      SDL_RWclose(f);
      font = io.Fonts->AddFontFromFileTTF(path, 24.0f);
      break;
    }
  }
  if (!font) {
    std::fprintf(stderr, "minimal_imgui: no font (install fonts-noto-core)\n");
    return 1;
  }
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 150");

  SDL_Event e;
  while (SDL_PollEvent(&e)) ImGui_ImplSDL2_ProcessEvent(&e);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::Begin("minimal", nullptr, ImGuiWindowFlags_NoDecoration);
  ImGui::TextUnformatted("Nong san Hai Phong");
  ImGui::Button("OK", ImVec2(200, 60));
  ImGui::End();
  ImGui::Render();
  int w, h;
  SDL_GL_GetDrawableSize(window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.96f, 0.96f, 0.94f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(window);
  glFinish();
  std::printf("first_frame_ms=%.1f\n", t0_env ? static_cast<double>(now_ns() - t0) / 1e6 : -1.0);
  std::fflush(stdout);

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return 0;
}
