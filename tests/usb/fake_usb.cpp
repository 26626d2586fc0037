#include "tests/usb/fake_usb.hpp"

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <list>
#include <map>

namespace hp::usbtest {

void reexec_under_umockdev(int argc, char** argv) {
  (void)argc;
  const char* pre = std::getenv("LD_PRELOAD");
  if (pre && std::strstr(pre, "libumockdev-preload")) return;
  std::string v = std::string("libumockdev-preload.so.0") + (pre ? std::string(":") + pre : "");
  setenv("LD_PRELOAD", v.c_str(), 1);
  execv("/proc/self/exe", argv);
  std::perror("execv");
  std::exit(1);
}

Testbed::Testbed() : tb_(umockdev_testbed_new()) {}
Testbed::~Testbed() { g_object_unref(tb_); }

namespace {

struct Urb {
  UMockdevIoctlClient* client = nullptr;  // not owned
  UMockdevIoctlData* urb_data = nullptr;  // owned
  UMockdevIoctlData* buf_data = nullptr;  // owned, may be null
  ~Urb() {
    if (urb_data) g_object_unref(urb_data);
    if (buf_data) g_object_unref(buf_data);
  }
  usbdevfs_urb* urb() const { return reinterpret_cast<usbdevfs_urb*>(urb_data->data); }
};

int ep_index(std::uint8_t ep) { return (ep & 0x0f) | ((ep & 0x80) ? 16 : 0); }

}  // namespace

struct FakeDevice::Impl {
  FakeDevice* owner = nullptr;
  UMockdevTestbed* tb = nullptr;
  UMockdevIoctlBase* handler = nullptr;
  std::string syspath, devnode;
  std::mutex m;
  std::list<std::unique_ptr<Urb>> pending;  // IN (and stalled OUT) URBs waiting
  std::list<std::unique_ptr<Urb>> done;     // completed, waiting to be reaped
  std::map<int, std::deque<std::vector<std::uint8_t>>> in_queue;
  std::map<int, std::vector<std::uint8_t>> in_default;
  std::map<int, std::vector<std::uint8_t>> out;
  unsigned claimed = 0;
  std::string driver;
  bool out_stall = false;
  bool out_pipe = false;
  unsigned clear_halts = 0;
  bool hold_discarded = false;
  std::list<std::unique_ptr<Urb>> discarded;  // cancelled but not given back yet
  bool refuse_claim = false;

  const FakeSpec& spec() const { return owner->spec_; }

  // Standard requests from the descriptors. Bytes, or -1 to stall.
  int standard_control(const std::uint8_t* s, std::uint8_t* data, std::size_t len) {
    std::uint8_t type = s[0], req = s[1];
    std::uint16_t value = static_cast<std::uint16_t>(s[2] | (s[3] << 8));
    if ((type & 0x60) != 0) return -1;
    const auto& d = spec().descriptors;
    switch (req) {
      case 0x06: {
        std::uint8_t dt = value >> 8, idx = value & 0xff;
        std::vector<std::uint8_t> src;
        if (dt == 1) src.assign(d.begin(), d.begin() + 18);
        else if (dt == 2 && idx == 0) src.assign(d.begin() + 18, d.end());
        else if (dt == 3 && idx == 0) src = {4, 3, 0x09, 0x04};
        else if (dt == 3 && idx <= spec().strings.size()) {
          const std::string& str = spec().strings[idx - 1];
          src = {static_cast<std::uint8_t>(2 + 2 * str.size()), 3};
          for (char c : str) src.insert(src.end(), {static_cast<std::uint8_t>(c), 0});
        } else {
          return -1;
        }
        std::size_t n = std::min(src.size(), len);
        std::memcpy(data, src.data(), n);
        return static_cast<int>(n);
      }
      case 0x08: if (len) { data[0] = 1; return 1; } return 0;
      case 0x00: if (len >= 2) { data[0] = data[1] = 0; return 2; } return 0;
      case 0x09: case 0x0b: case 0x01: case 0x03: return 0;
      default: return -1;
    }
  }

  // With m held: give queued IN data to waiting IN URBs.
  void match_pending() {
    for (auto it = pending.begin(); it != pending.end();) {
      usbdevfs_urb* u = (*it)->urb();
      if (!(u->endpoint & 0x80)) {  // a held OUT URB
        if (out_stall) { ++it; continue; }
        complete_out(**it);
        done.push_back(std::move(*it));
        it = pending.erase(it);
        continue;
      }
      int idx = ep_index(u->endpoint);
      std::vector<std::uint8_t> pkt;
      auto& q = in_queue[idx];
      if (!q.empty()) {
        pkt = std::move(q.front());
        q.pop_front();
      } else if (auto d = in_default.find(idx); d != in_default.end() && !d->second.empty()) {
        pkt = d->second;
      } else {
        ++it;
        continue;
      }
      std::size_t n = std::min<std::size_t>(pkt.size(), static_cast<std::size_t>(u->buffer_length));
      if (n && (*it)->buf_data) std::memcpy((*it)->buf_data->data, pkt.data(), n);
      u->actual_length = static_cast<int>(n);
      u->status = 0;
      done.push_back(std::move(*it));
      it = pending.erase(it);
    }
  }

  void complete_out(Urb& u) {
    usbdevfs_urb* urb = u.urb();
    auto* buf = u.buf_data ? reinterpret_cast<std::uint8_t*>(u.buf_data->data) : nullptr;
    auto& o = out[ep_index(urb->endpoint)];
    if (buf) o.insert(o.end(), buf, buf + urb->buffer_length);
    urb->actual_length = urb->buffer_length;
    urb->status = 0;
  }

  static UMockdevIoctlData* resolve_arg(UMockdevIoctlClient* client, gsize size) {
    GError* err = nullptr;
    UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
    UMockdevIoctlData* d = umockdev_ioctl_data_resolve(arg, 0, size, &err);
    if (err) {
      std::fprintf(stderr, "fake_usb: resolve failed: %s\n", err->message);
      g_error_free(err);
    }
    return d;
  }

  gboolean submit(UMockdevIoctlClient* client) {
    GError* err = nullptr;
    UMockdevIoctlData* data = resolve_arg(client, sizeof(usbdevfs_urb));
    if (!data) {
      umockdev_ioctl_client_complete(client, -1, EFAULT);
      return TRUE;
    }
    auto u = std::make_unique<Urb>();
    u->client = client;
    u->urb_data = data;
    usbdevfs_urb* urb = u->urb();
    if (urb->buffer_length > 0) {
      u->buf_data = umockdev_ioctl_data_resolve(data, offsetof(usbdevfs_urb, buffer), urb->buffer_length, &err);
      if (err) g_clear_error(&err);
    }
    auto* buf = u->buf_data ? reinterpret_cast<std::uint8_t*>(u->buf_data->data) : nullptr;
    if (urb->type == USBDEVFS_URB_TYPE_ISO) {
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
      if (urb->buffer_length < 8 || !buf) {
        umockdev_ioctl_client_complete(client, -1, EINVAL);
        return TRUE;
      }
      std::size_t len = buf[6] | (buf[7] << 8);
      len = std::min<std::size_t>(len, static_cast<std::size_t>(urb->buffer_length) - 8);
      int r = -2;
      if (spec().control) r = spec().control(buf, buf + 8, len);
      if (r == -2) r = standard_control(buf, buf + 8, len);
      urb->status = r < 0 ? -EPIPE : 0;
      urb->actual_length = r < 0 ? 0 : r;
      std::lock_guard lock(m);
      done.push_back(std::move(u));
    } else if (!(urb->endpoint & 0x80)) {
      std::uint8_t ep = urb->endpoint;
      std::vector<std::uint8_t> copy(buf, buf + (buf ? urb->buffer_length : 0));
      bool held, piped;
      {
        std::lock_guard lock(m);
        held = out_stall;
        piped = out_pipe;
        if (piped) {
          urb->status = -EPIPE;
          urb->actual_length = 0;
          done.push_back(std::move(u));
        } else if (held) {
          pending.push_back(std::move(u));
        } else {
          complete_out(*u);
          done.push_back(std::move(u));
        }
      }
      if (!held && !piped && spec().on_out) spec().on_out(ep, copy);
    } else {
      std::lock_guard lock(m);
      pending.push_back(std::move(u));
      match_pending();
    }
    umockdev_ioctl_client_complete(client, 0, 0);
    return TRUE;
  }

  gboolean reap(UMockdevIoctlClient* client) {
    std::unique_ptr<Urb> u;
    {
      std::lock_guard lock(m);
      auto it = std::find_if(done.begin(), done.end(), [&](const auto& x) { return x->client == client; });
      if (it != done.end()) {
        u = std::move(*it);
        done.erase(it);
      }
    }
    if (!u) {
      umockdev_ioctl_client_complete(client, -1, EAGAIN);
      return TRUE;
    }
    UMockdevIoctlData* ptr = resolve_arg(client, sizeof(void*));
    umockdev_ioctl_data_set_ptr(ptr, 0, u->urb_data);
    umockdev_ioctl_client_complete(client, 0, 0);
    g_object_unref(ptr);
    return TRUE;
  }

  gboolean discard(UMockdevIoctlClient* client) {
    gulong addr = *reinterpret_cast<gulong*>(umockdev_ioctl_client_get_arg(client)->data);
    bool found = false;
    {
      std::lock_guard lock(m);
      for (auto it = pending.begin(); it != pending.end(); ++it) {
        if ((*it)->urb_data->client_addr == addr) {
          (*it)->urb()->status = -ENOENT;
          (*it)->urb()->actual_length = 0;
          (hold_discarded ? discarded : done).push_back(std::move(*it));
          pending.erase(it);
          found = true;
          break;
        }
      }
    }
    umockdev_ioctl_client_complete(client, found ? 0 : -1, found ? 0 : EINVAL);
    return TRUE;
  }

  gboolean handle(UMockdevIoctlClient* client) {
    gulong req = umockdev_ioctl_client_get_request(client);
    switch (req) {
      case USBDEVFS_SUBMITURB: return submit(client);
      case USBDEVFS_REAPURB:
      case USBDEVFS_REAPURBNDELAY: return reap(client);
      case USBDEVFS_DISCARDURB: return discard(client);
      case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData* data = resolve_arg(client, sizeof(guint32));
        *reinterpret_cast<guint32*>(data->data) = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_BULK_CONTINUATION |
                                                  USBDEVFS_CAP_NO_PACKET_SIZE_LIM | USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        umockdev_ioctl_client_complete(client, 0, 0);
        g_object_unref(data);
        return TRUE;
      }
      case USBDEVFS_CLAIMINTERFACE:
      case USBDEVFS_RELEASEINTERFACE: {
        UMockdevIoctlData* data = resolve_arg(client, sizeof(unsigned int));
        unsigned iface = *reinterpret_cast<unsigned*>(data->data);
        g_object_unref(data);
        bool busy;
        {
          std::lock_guard lock(m);
          busy = req == USBDEVFS_CLAIMINTERFACE && ((iface == 0 && !driver.empty()) || refuse_claim);
          if (!busy) {
            if (req == USBDEVFS_CLAIMINTERFACE) claimed |= 1u << iface;
            else claimed &= ~(1u << iface);
          }
        }
        umockdev_ioctl_client_complete(client, busy ? -1 : 0, busy ? EBUSY : 0);
        return TRUE;
      }
      case USBDEVFS_DISCONNECT_CLAIM: {
        UMockdevIoctlData* data = resolve_arg(client, sizeof(usbdevfs_disconnect_claim));
        auto* dc = reinterpret_cast<usbdevfs_disconnect_claim*>(data->data);
        bool refuse;
        {
          std::lock_guard lock(m);
          refuse = refuse_claim;
        }
        if (refuse) {
          g_object_unref(data);
          umockdev_ioctl_client_complete(client, -1, EBUSY);
          return TRUE;
        }
        {
          std::lock_guard lock(m);
          if (dc->interface == 0) driver.clear();
          claimed |= 1u << dc->interface;
        }
        g_object_unref(data);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      case USBDEVFS_GETDRIVER: {
        UMockdevIoctlData* data = resolve_arg(client, sizeof(usbdevfs_getdriver));
        auto* gd = reinterpret_cast<usbdevfs_getdriver*>(data->data);
        bool have = false;
        {
          std::lock_guard lock(m);
          if (gd->interface == 0 && !driver.empty()) {
            g_strlcpy(gd->driver, driver.c_str(), sizeof gd->driver);
            have = true;
          } else if (claimed & (1u << gd->interface)) {
            g_strlcpy(gd->driver, "usbfs", sizeof gd->driver);
            have = true;
          }
        }
        umockdev_ioctl_client_complete(client, have ? 0 : -1, have ? 0 : ENODATA);
        g_object_unref(data);
        return TRUE;
      }
      case USBDEVFS_IOCTL: {
        UMockdevIoctlData* data = resolve_arg(client, sizeof(usbdevfs_ioctl));
        auto* io = reinterpret_cast<usbdevfs_ioctl*>(data->data);
        long res = 0;
        int e = 0;
        {
          std::lock_guard lock(m);
          if (io->ioctl_code == static_cast<int>(USBDEVFS_DISCONNECT)) {
            if (io->ifno == 0 && !driver.empty()) driver.clear();
            else { res = -1; e = ENODATA; }
          } else if (io->ioctl_code == static_cast<int>(USBDEVFS_CONNECT)) {
            if (io->ifno == 0 && driver.empty()) driver = spec().kernel_driver;
          } else {
            res = -1;
            e = ENOTTY;
          }
        }
        g_object_unref(data);
        umockdev_ioctl_client_complete(client, res, e);
        return TRUE;
      }
      case USBDEVFS_CLEAR_HALT: {
        {
          std::lock_guard lock(m);
          ++clear_halts;
        }
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      case USBDEVFS_SETINTERFACE:
      case USBDEVFS_SETCONFIGURATION:
      case USBDEVFS_RESETEP:
      case USBDEVFS_RESET:
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      case USBDEVFS_GET_SPEED:
        umockdev_ioctl_client_complete(client, 2, 0);
        return TRUE;
      default:
        umockdev_ioctl_client_complete(client, -1, ENOTTY);
        return TRUE;
    }
  }

  static gboolean on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
    return static_cast<Impl*>(user)->handle(client);
  }

  static void on_vanished(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user) {
    auto* self = static_cast<Impl*>(user);
    std::lock_guard lock(self->m);
    auto drop = [&](std::list<std::unique_ptr<Urb>>& l) { l.remove_if([&](const auto& u) { return u->client == client; }); };
    drop(self->pending);
    drop(self->done);
    drop(self->discarded);
    self->claimed = 0;
  }
};

FakeDevice::FakeDevice(FakeSpec spec) : spec_(std::move(spec)), impl_(std::make_unique<Impl>()) {}

std::unique_ptr<FakeDevice> FakeDevice::add(UMockdevTestbed* tb, FakeSpec spec) {
  std::unique_ptr<FakeDevice> d(new FakeDevice(std::move(spec)));
  Impl& i = *d->impl_;
  i.owner = d.get();
  i.tb = tb;
  i.driver = d->spec_.kernel_driver;
  i.refuse_claim = d->spec_.refuse_claim;
  const auto& s = d->spec_;
  char node[64];
  std::snprintf(node, sizeof node, "/dev/bus/usb/%03d/%03d", s.busnum, s.devnum);
  i.devnode = node;
  GError* err = nullptr;
  i.handler = umockdev_ioctl_base_new();
  g_signal_connect(i.handler, "handle-ioctl", G_CALLBACK(&Impl::on_ioctl), &i);
  g_signal_connect(i.handler, "client-vanished", G_CALLBACK(&Impl::on_vanished), &i);
  if (!umockdev_testbed_attach_ioctl(tb, i.devnode.c_str(), i.handler, &err)) {
    std::fprintf(stderr, "fake_usb: attach_ioctl: %s\n", err->message);
    g_error_free(err);
    return nullptr;
  }
  const auto& dd = s.descriptors;
  unsigned vid = dd[8] | dd[9] << 8, pid = dd[10] | dd[11] << 8, bcd = dd[12] | dd[13] << 8;
  int minor = (s.busnum - 1) * 128 + s.devnum - 1;
  GString* t = g_string_new(nullptr);
  g_string_append_printf(t, "P: /devices/pci0000:00/0000:00:14.0/usb%d/%s\n", s.busnum, s.sysname.c_str());
  g_string_append_printf(t, "N: bus/usb/%03d/%03d\n", s.busnum, s.devnum);
  g_string_append(t, "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n");
  g_string_append_printf(t, "E: DEVNAME=/dev/bus/usb/%03d/%03d\n", s.busnum, s.devnum);
  g_string_append_printf(t, "E: BUSNUM=%03d\nE: DEVNUM=%03d\n", s.busnum, s.devnum);
  g_string_append_printf(t, "E: PRODUCT=%x/%x/%x\n", vid, pid, bcd);
  g_string_append_printf(t, "E: MAJOR=189\nE: MINOR=%d\nA: dev=189:%d\n", minor, minor);
  // "A:" values are unescaped by umockdev: "\\n" is the trailing newline real sysfs has.
  g_string_append_printf(t, "A: busnum=%d\\n\nA: devnum=%d\\n\nA: speed=12\\n\n", s.busnum, s.devnum);
  g_string_append_printf(t, "A: bConfigurationValue=1\\n\nA: bNumConfigurations=%d\\n\n", dd[17]);
  g_string_append_printf(t, "A: idVendor=%04x\\n\nA: idProduct=%04x\\n\n", vid, pid);
  auto dash = s.sysname.find('-');
  g_string_append_printf(t, "A: devpath=%s\\n\n", dash == std::string::npos ? "0" : s.sysname.c_str() + dash + 1);
  g_string_append(t, "H: descriptors=");
  for (auto b : dd) g_string_append_printf(t, "%02X", b);
  g_string_append(t, "\n\n");
  gboolean ok = umockdev_testbed_add_from_string(tb, t->str, &err);
  g_string_free(t, TRUE);
  i.syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb" + std::to_string(s.busnum) + "/" + s.sysname;
  if (!ok) {
    std::fprintf(stderr, "fake_usb: add_from_string: %s\n", err->message);
    g_error_free(err);
    i.syspath.clear();
    return nullptr;
  }
  return d;
}

void FakeDevice::unplug() {
  if (impl_->syspath.empty()) return;
  umockdev_testbed_uevent(impl_->tb, impl_->syspath.c_str(), "remove");
  umockdev_testbed_remove_device(impl_->tb, impl_->syspath.c_str());
  impl_->syspath.clear();
}

FakeDevice::~FakeDevice() {
  if (impl_->handler) {
    umockdev_testbed_detach_ioctl(impl_->tb, impl_->devnode.c_str(), nullptr);
    g_object_unref(impl_->handler);
  }
}

void FakeDevice::queue_in(std::uint8_t ep, std::span<const std::uint8_t> data) {
  std::lock_guard lock(impl_->m);
  impl_->in_queue[ep_index(ep | 0x80)].emplace_back(data.begin(), data.end());
  impl_->match_pending();
}

void FakeDevice::set_in_default(std::uint8_t ep, std::span<const std::uint8_t> data) {
  std::lock_guard lock(impl_->m);
  impl_->in_default[ep_index(ep | 0x80)].assign(data.begin(), data.end());
  impl_->match_pending();
}

std::vector<std::uint8_t> FakeDevice::take_out(std::uint8_t ep) {
  std::lock_guard lock(impl_->m);
  auto v = std::move(impl_->out[ep_index(ep & 0x7f)]);
  impl_->out[ep_index(ep & 0x7f)].clear();
  return v;
}

std::vector<std::uint8_t> FakeDevice::peek_out(std::uint8_t ep) {
  std::lock_guard lock(impl_->m);
  return impl_->out[ep_index(ep & 0x7f)];
}

void FakeDevice::set_out_stall(bool stall) {
  std::vector<std::pair<std::uint8_t, std::vector<std::uint8_t>>> released;
  {
    std::lock_guard lock(impl_->m);
    impl_->out_stall = stall;
    if (!stall) {
      for (auto& u : impl_->pending) {
        auto* urb = u->urb();
        if (urb->endpoint & 0x80) continue;
        auto* b = u->buf_data ? reinterpret_cast<std::uint8_t*>(u->buf_data->data) : nullptr;
        released.emplace_back(urb->endpoint, std::vector<std::uint8_t>(b, b + (b ? urb->buffer_length : 0)));
      }
      impl_->match_pending();
    }
  }
  if (spec_.on_out)
    for (auto& [ep, bytes] : released) spec_.on_out(ep, bytes);
}

void FakeDevice::set_out_pipe_stall(bool stall) {
  std::lock_guard lock(impl_->m);
  impl_->out_pipe = stall;
}

unsigned FakeDevice::clear_halts() {
  std::lock_guard lock(impl_->m);
  return impl_->clear_halts;
}

void FakeDevice::set_hold_discarded(bool hold) {
  std::lock_guard lock(impl_->m);
  impl_->hold_discarded = hold;
}

std::size_t FakeDevice::release_discarded() {
  std::lock_guard lock(impl_->m);
  std::size_t n = impl_->discarded.size();
  impl_->done.splice(impl_->done.end(), impl_->discarded);
  return n;
}

std::size_t FakeDevice::held_discarded() {
  std::lock_guard lock(impl_->m);
  return impl_->discarded.size();
}

void FakeDevice::set_refuse_claim(bool refuse) {
  std::lock_guard lock(impl_->m);
  impl_->refuse_claim = refuse;
}

unsigned FakeDevice::claimed() {
  std::lock_guard lock(impl_->m);
  return impl_->claimed;
}

bool FakeDevice::kernel_driver_bound() {
  std::lock_guard lock(impl_->m);
  return !impl_->driver.empty();
}

}  // namespace hp::usbtest
