// The kiosk program: SDL2 + OpenGL3 + Dear ImGui, one plain main loop (as ImGui's
// example_sdl2_opengl3). This is the only code that includes SDL.
//
// [SECTION] Arguments
// [SECTION] Wiring: store, worker, devices, controller
// [SECTION] Window and ImGui
// [SECTION] Loop: redraw only when something happens
// [SECTION] Shutdown, in reverse
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "kiosk/app/config.hpp"
#include "kiosk/app/controller.hpp"
#include "kiosk/app/store_worker.hpp"
#include "kiosk/app/i18n.hpp"
#include "kiosk/app/script.hpp"
#include "kiosk/app/customer_view.hpp"
#include "kiosk/platform/customer_window.hpp"
#include "kiosk/platform/device_set.hpp"
#include "kiosk/platform/options.hpp"
#include "kiosk/platform/preview_texture.hpp"
#include "shared/text.hpp"
#include "kiosk/platform/script_player.hpp"
#include "kiosk/platform/sound.hpp"
#include "kiosk/store/demo_data.hpp"
#include "kiosk/sync/enrolment.hpp"
#include "kiosk/sync/sync_client.hpp"
#include "kiosk/ui/palette.hpp"
#include "kiosk/ui/theme.hpp"

namespace {

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Full screen means the whole display the window is on, at that display's size, placed at its
// origin: with no window manager (a bare X kiosk session) nobody else sizes or places it, and
// SDL's "fullscreen desktop" alone leaves the window at the size it was created with.
// The window an event is for, or 0 when it is for none in particular.
Uint32 event_window(const SDL_Event& e) {
  switch (e.type) {
    case SDL_WINDOWEVENT: return e.window.windowID;
    case SDL_KEYDOWN:
    case SDL_KEYUP: return e.key.windowID;
    case SDL_TEXTINPUT: return e.text.windowID;
    case SDL_TEXTEDITING: return e.edit.windowID;
    case SDL_MOUSEMOTION: return e.motion.windowID;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: return e.button.windowID;
    case SDL_MOUSEWHEEL: return e.wheel.windowID;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: return e.tfinger.windowID;
    default: return 0;
  }
}

void fill_display(SDL_Window* window) {
  int index = SDL_GetWindowDisplayIndex(window);
  if (index < 0) index = 0;
  SDL_Rect r{};
  if (SDL_GetDisplayBounds(index, &r) != 0) return;
  int x = 0, y = 0, w = 0, h = 0;
  SDL_GetWindowPosition(window, &x, &y);
  SDL_GetWindowSize(window, &w, &h);
  if (x == r.x && y == r.y && w == r.w && h == r.h) return;
  SDL_SetWindowFullscreen(window, 0);
  SDL_SetWindowPosition(window, r.x, r.y);
  SDL_SetWindowSize(window, r.w, r.h);
  SDL_SetWindowFullscreen(window, SDL_WINDOW_FULLSCREEN_DESKTOP);
}

int fatal(const char* what, const std::string& detail) {
  std::fprintf(stderr, "kiosk: %s: %s\n", what, detail.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hp;
  // OpenSSL writes to the centre's socket with write(): a connection the centre (or a proxy)
  // closed must be an error the sync client handles, not a signal that kills the counter.
  std::signal(SIGPIPE, SIG_IGN);
  // [SECTION] Arguments
  auto parsed = platform::parse_options(argc, argv);
  if (!parsed) {
    std::fprintf(stderr, "kiosk: %s\n\n%s", parsed.error().detail.c_str(), platform::usage());
    return 2;
  }
  platform::Options opt = *parsed;
  // With --report-first-frame, each start-up phase's time since exec goes to stderr.
  const char* t0_env = std::getenv("HP_T0_NS");
  const std::int64_t t0 = t0_env ? std::atoll(t0_env) : now_ns();
  auto phase = [&](const char* name) {
    if (opt.report_first_frame) std::fprintf(stderr, "startup %-12s %7.1f ms\n", name, static_cast<double>(now_ns() - t0) / 1e6);
  };
  if (opt.help) {
    std::fputs(platform::usage(), stdout);
    return 0;
  }

  std::vector<app::ScriptStep> script;
  if (!opt.script.empty()) {
    std::ifstream in(opt.script);
    if (!in) return fatal("cannot read script", opt.script);
    std::stringstream ss;
    ss << in.rdbuf();
    auto steps = app::parse_script(ss.str());
    if (!steps) return fatal("bad script", steps.error().detail);
    script = std::move(*steps);
  }

  // [SECTION] Wiring: store, worker, devices, controller
  std::error_code ec;
  std::filesystem::create_directories(opt.data_dir, ec);
  if (ec) return fatal("cannot create data folder", opt.data_dir + ": " + ec.message());
  app::LoadedConfig loaded = app::load_config(opt.config_path);
  for (const auto& p : loaded.problems) std::fprintf(stderr, "kiosk: config: %s\n", p.c_str());
  app::KioskConfig& config = loaded.config;
  if (!opt.language.empty()) config.language = opt.language;
  if (!opt.mode.empty()) config.mode = opt.mode;
  // The customers' kiosk shares the counter's kiosk.db: the counter syncs it and faces no
  // second display from here.
  const bool self_service = config.mode == "self-service";
  if (self_service) config.customer_display = "off";

  Clock clock;
  IdGenerator ids(clock);
  auto opened = store::Store::open(opt.data_dir + "/kiosk.db");
  if (!opened) return fatal("cannot open the store", opened.error().detail);
  if (!opt.enrol_url.empty()) {
    const sync::EnrolRequest request{.data_dir = opt.data_dir, .url = opt.enrol_url, .code = opt.enrol_code,
                                     .ca_file = opt.enrol_ca, .name = config.kiosk_id, .app_version = HP_APP_VERSION};
    auto enrolled = sync::enrol(*opened, request);
    if (!enrolled) {
      std::fprintf(stderr, "kiosk: enrolment failed: %s\n  (%s: %s)\n", sync::enrol_message(enrolled.error(), request).c_str(),
                   enrolled.error().code.c_str(), enrolled.error().detail.c_str());
      return 1;
    }
    std::printf("enrolled: kiosk %s, post office %s (%s), centre %s\n", enrolled->kiosk_id.c_str(),
                enrolled->post_office_id.c_str(), enrolled->post_office_name.c_str(), enrolled->url.c_str());
    return 0;
  }
  auto enrolment = sync::load_enrolment(*opened);
  if (!enrolment) return fatal("cannot read the enrolment", enrolment.error().detail);
  if (opt.demo) {
    if (auto s = store::seed_demo(*opened, ids, clock); !s) return fatal("cannot load demo data", s.error().detail);
  }
  app::StoreWorker worker(std::move(*opened));
  phase("store");

  auto translator = app::Translator::load(opt.assets_dir + "/i18n");
  if (!translator) return fatal("cannot load strings", translator.error().detail);
  translator->set_language(config.language);

  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) return fatal("SDL_Init", SDL_GetError());
  const Uint32 wake_event = SDL_RegisterEvents(1);
  app::RunQueue queue([wake_event] {
    SDL_Event e{};
    e.type = wake_event;
    SDL_PushEvent(&e);  // safe from any thread
  });
  dev::DeviceSink sink = [&queue](dev::DeviceEvent e) {
    queue.post([e = std::move(e)](app::Controller& c) { c.on_device(e); });
  };

  const char* emulator_pipe = std::getenv("HP_DEVICE_EMULATOR_PIPE");
  auto device_set = platform::make_device_set(
      platform::DeviceSetOptions{.kind = opt.devices,
                                 .spool_dir = opt.data_dir + "/spool",
                                 .label_printer = !config.label_printer.empty(),
                                 .devices_toml = opt.devices_config_path,
                                 .capacity_mg = config.scale_capacity_mg,
                                 .serial_scale_port = config.serial_scale_port,
                                 .serial_scale_protocol = config.serial_scale_protocol,
                                 .emulator_pipe = emulator_pipe ? emulator_pipe : ""},
      clock);
  if (!device_set) return fatal("devices", device_set.error().code + ": " + device_set.error().detail);
  platform::DeviceSet& devices_in_use = **device_set;

  // Raster ESC/POS by default; if that cannot be set up (no font), plain text keeps the
  // counter printing and the technician is told why.
  std::unique_ptr<app::JobComposer> composer;
  if (config.print_format == "escpos") {
    if (auto c = app::EscPosJobComposer::create(config)) composer = std::move(*c);
    else loaded.problems.push_back("printing: " + c.error().code + ": " + c.error().detail + " (printing plain text)");
  }
  if (!composer) composer = std::make_unique<app::TextJobComposer>(config);
  const bool escpos_jobs = config.print_format == "escpos" && dynamic_cast<app::EscPosJobComposer*>(composer.get());
  // The USB manager creates its logical devices when it starts, so start before wiring.
  if (auto started = devices_in_use.start(sink); !started)
    loaded.problems.push_back("devices: " + started.error().code + ": " + started.error().detail);
  // Without NFC, a name typed with combining marks is stored decomposed and shown as '?'.
  if (auto t = check_text_support(); !t) loaded.problems.push_back("text: " + t.error().code + ": " + t.error().detail);
  app::Controller controller(config, queue, worker, ids, clock, devices_in_use.controller_devices(), *composer);
  // An enrolled kiosk syncs whenever it runs (scripted sessions too), on its own thread and
  // its own connection to kiosk.db; its state reaches the screen through the queue.
  std::unique_ptr<sync::SyncClient> sync_client;
  if (*enrolment && !self_service) {
    auto started_sync = sync::SyncClient::start(
        opt.data_dir + "/kiosk.db", **enrolment,
        sync::SyncOptions{.pull_interval_ms = config.sync_pull_interval_s * 1000LL,
                          .backoff = {.base_ms = 1'000, .cap_ms = config.sync_retry_max_ms},
                          .timeouts = {.connect_ms = std::min(5'000, config.sync_timeout_ms),
                                       .read_ms = config.sync_timeout_ms,
                                       .write_ms = config.sync_timeout_ms},
                          .app_version = HP_APP_VERSION},
        clock,
        [&queue](const sync::SyncStatus& s) { queue.post([s](app::Controller& c) { c.on_sync(s); }); });
    if (!started_sync) {
      loaded.problems.push_back("sync: " + started_sync.error().code + ": " + started_sync.error().detail);
    } else {
      sync_client = std::move(*started_sync);
      sync::SyncClient* sc = sync_client.get();
      controller.set_sync(app::SyncHooks{.poke = [sc] { sc->poke(); },
                                         .now = [sc] { sc->sync_now(); },
                                         .devices = [sc](std::map<std::string, std::string> d) { sc->set_devices(std::move(d)); }});
    }
  }
  controller.set_config_problems(loaded.problems);

  // [SECTION] Window and ImGui
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // a kiosk keeps no window layout between runs
  io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ui::apply_style();
  auto fonts = ui::load_fonts(*translator);
  if (!fonts) return fatal("fonts", fonts.error().detail);
  // FreeType rasterises the atlas while SDL and the GL driver start up: the two are the
  // largest parts of start-up and share nothing. Joined before any backend touches ImGui.
  std::jthread atlas_builder([&io] { io.Fonts->Build(); });
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  flags |= opt.windowed ? SDL_WINDOW_RESIZABLE : SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
  SDL_Rect place{SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, opt.width, opt.height};
  if (!opt.windowed) SDL_GetDisplayBounds(0, &place);  // created at the display's size, not 1280x800
  SDL_Window* window = SDL_CreateWindow("Nông sản Hải Phòng — Quầy bưu điện", place.x, place.y, place.w, place.h, flags);
  if (!window) return fatal("SDL_CreateWindow", SDL_GetError());
  if (!opt.windowed) fill_display(window);
  SDL_GLContext gl = SDL_GL_CreateContext(window);
  if (!gl) return fatal("SDL_GL_CreateContext", SDL_GetError());
  phase("window+gl");
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);
  SDL_StartTextInput();

  atlas_builder.join();
  phase("fonts");
  auto preview_profile = print::printer_profile(config.printer_dots == 384 ? "escpos-58" : "escpos-80");
  platform::PreviewTexture preview(preview_profile ? *preview_profile : print::PrinterProfile{});
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 150");
  phase("imgui init");

  std::unique_ptr<platform::CustomerWindow> customer;
  if (config.customer_display != "off") {
    std::string why;
    customer = platform::CustomerWindow::open(window, gl, io.Fonts, config.customer_display == "window", &why);
    if (!customer && !why.empty()) loaded.problems.push_back("customer display: " + why);
    if (!why.empty()) controller.set_config_problems(loaded.problems);
  }

  controller.start();
  // Silent in scripted sessions and tests (which also use SDL's dummy audio driver).
  std::optional<platform::Sound> sound(std::in_place, config.sound && opt.script.empty());

  ui::ControlRegistry registry;
  ui::Inputs inputs;
  ui::DemoRequests demo;
  demo.enabled = opt.demo && script.empty() && opt.devices == "sim";
  platform::ScriptPlayer player(std::move(script), registry, devices_in_use.script_devices());
  std::string keyboard_scan;  // a keyboard-wedge scanner types here when no field has focus

  // [SECTION] Loop: redraw only when something happens
  int frames_wanted = 3;  // ImGui settles hover/active state over a couple of frames
  std::uint64_t logged_notice = 0;
  bool first_frame = true;
  bool running = true;
  int exit_code = 0;
  while (running) {
    int timeout_ms;
    if (frames_wanted > 0 || player.active()) {
      timeout_ms = 0;
    } else {
      // Wake for the clock's next minute, or when a weight becomes stable.
      const UtcMillis now = clock.now();
      UtcMillis wake_at = (now / 60'000 + 1) * 60'000;
      if (const UtcMillis d = controller.next_deadline(); d > 0 && d < wake_at) wake_at = d;
      timeout_ms = static_cast<int>(std::max<UtcMillis>(1, wake_at - now));
    }
    SDL_Event e;
    bool got = timeout_ms == 0 ? SDL_PollEvent(&e) : SDL_WaitEventTimeout(&e, timeout_ms);
    while (got) {
      // The customer's window takes no input: only the counter's window feeds ImGui.
      const bool customer_event = customer && event_window(e) == customer->window_id();
      if (e.type != wake_event && !customer_event) ImGui_ImplSDL2_ProcessEvent(&e);
      if (e.type == SDL_QUIT) running = false;
      // With two windows SDL sends no SDL_QUIT when the counter's window is closed.
      if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE && !customer_event) running = false;
      if (customer_event) {
        got = SDL_PollEvent(&e);
        frames_wanted = 3;  // a resize or exposure: draw it again
        continue;
      }
      // A new resolution, a display plugged in, or a window manager that resized us: fill the
      // display again.
      if (!opt.windowed && (e.type == SDL_DISPLAYEVENT || (e.type == SDL_WINDOWEVENT && (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
                                                                                         e.window.event == SDL_WINDOWEVENT_MOVED))))
        fill_display(window);
      if (e.type == SDL_KEYDOWN && !io.WantTextInput) {
        // Keyboard-wedge scanners and a clerk typing a code with no field focused.
        if (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) {
          if (!keyboard_scan.empty()) devices_in_use.keyboard_scan(keyboard_scan);
          keyboard_scan.clear();
        } else if (e.key.keysym.sym == SDLK_F11) {
          opt.windowed = !opt.windowed;
          SDL_SetWindowFullscreen(window, opt.windowed ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP);
          if (!opt.windowed) fill_display(window);
        }
      }
      if (e.type == SDL_TEXTINPUT && !io.WantTextInput && keyboard_scan.size() < 4096) keyboard_scan += e.text.text;
      frames_wanted = 3;
      got = SDL_PollEvent(&e);
    }
    if (queue.drain(controller) > 0) frames_wanted = 3;
    controller.tick();
    // Errors go to the journal with their code and technical detail; the clerk reads only words.
    if (const auto& n = controller.state().notice; n.serial != logged_notice && n.level == app::Level::Error) {
      logged_notice = n.serial;
      std::fprintf(stderr, "kiosk: %s%s%s\n", n.key.c_str(), n.detail.empty() ? "" : ": ", n.detail.c_str());
    }
    if (!running) break;

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    const bool script_ok = player.before_frame(controller, io);
    ImGui::NewFrame();
    std::vector<app::cmd::Command> commands;
    translator->set_language(controller.state().language);
    ui::Frame frame{controller.state(), *translator, *fonts, registry, inputs, commands, demo, clock.now(), {}};
    if (escpos_jobs) frame.preview = preview.update(controller.state().print.last_job_id, controller.state().print.last_payload);
    ui::draw_app(frame);
    ImGui::Render();
    int w, h;
    SDL_GL_GetDrawableSize(window, &w, &h);
    glViewport(0, 0, w, h);
    // The window's background is this clear (the root window draws none: app_view.cpp).
    constexpr ui::Rgb bg = ui::palette::kBackground;
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    player.after_render(w, h);
    SDL_GL_SwapWindow(window);
    if (customer) {
      // In Vietnamese whatever the clerk reads: it faces the farmer (issue 10 item 9).
      translator->set_language("vi");
      customer->draw(app::customer_view(controller.state()), *translator, *fonts, player.take_customer_screenshot(),
                     player.take_customer_dump());
    } else if (!player.take_customer_screenshot().empty() || !player.take_customer_dump().empty()) {
      std::fprintf(stderr, "kiosk: script: there is no customer display (kiosk.toml customer_display)\n");
      exit_code = 3;
      running = false;
    }

    for (const auto& c : commands) controller.apply(c);
    if (!commands.empty()) frames_wanted = 3;
    sound->follow(controller.state());
    for (auto& s : demo.scans) devices_in_use.keyboard_scan(s);
    demo.scans.clear();
    if (demo.load) {
      devices_in_use.demo_load(*demo.load);
      demo.load.reset();
    }
    if (frames_wanted > 0) --frames_wanted;

    if (first_frame) {
      first_frame = false;
      if (opt.report_first_frame) {
        glFinish();
        std::printf("first_frame_ms=%.1f\n", t0_env ? static_cast<double>(now_ns() - t0) / 1e6 : -1.0);
        std::fflush(stdout);
      }
      if (opt.exit_after_first_frame) running = false;
    }
    if (!script_ok) {
      std::fprintf(stderr, "kiosk: script: %s\n", player.error().c_str());
      exit_code = 3;
      running = false;
    }
    if (player.finished()) running = false;
  }

  // [SECTION] Shutdown, in reverse
  sound.reset();
  devices_in_use.stop();
  worker.flush();           // a confirmed drop-off reaches the disk before we go
  queue.drain(controller);  // apply what came back, so printed jobs are marked
  worker.flush();
  if (sync_client) {
    // What this session recorded goes up before the kiosk exits, if the centre answers soon.
    sync_client->drain(std::chrono::seconds(5));
    sync_client.reset();
  }
  customer.reset();   // its ImGui context and GL objects first, while the main ones exist
  preview.release();  // while the GL context still exists
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return exit_code;
}
