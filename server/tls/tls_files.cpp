#include "server/tls/tls_files.hpp"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace hp::server {
namespace {

namespace fs = std::filesystem;

template <class T, void (*F)(T*)>
struct Free {
  void operator()(T* p) const { F(p); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free<EVP_PKEY, EVP_PKEY_free>>;
using CertPtr = std::unique_ptr<X509, Free<X509, X509_free>>;

KeyPtr make_key() { return KeyPtr(EVP_EC_gen("P-256")); }

bool add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// issuer == nullptr: self-signed.
CertPtr make_cert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, bool ca, const std::string& san) {
  CertPtr cert(X509_new());
  if (!cert) return nullptr;
  X509_set_version(cert.get(), 2);
  std::unique_ptr<BIGNUM, Free<BIGNUM, BN_free>> serial(BN_new());
  BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY);
  BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()));
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), ca ? 20L * 365 * 24 * 3600 : 5L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Hai Phong Counter"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  bool ok = add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (ca) {
    ok = ok && add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
    ok = ok && add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    ok = ok && add_ext(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    ok = ok && add_ext(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    ok = ok && add_ext(cert.get(), signer, NID_subject_alt_name, san.c_str());
    ok = ok && add_ext(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
  }
  if (!ok) return nullptr;
  if (X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0) return nullptr;
  return cert;
}

// Written beside, then renamed: a crash never leaves half a PEM file.
bool write_pem(const fs::path& path, EVP_PKEY* key, X509* cert) {
  const fs::path tmp = path.string() + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return false;
  if (key) ::fchmod(fileno(f), 0600);
  const bool ok = key ? PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
                      : PEM_write_X509(f, cert) == 1;
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  std::fclose(f);
  if (!ok || !flushed) return false;
  std::error_code ec;
  fs::rename(tmp, path, ec);
  return !ec;
}

KeyPtr read_key(const fs::path& p) {
  FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return nullptr;
  KeyPtr k(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  return k;
}

CertPtr read_cert(const fs::path& p) {
  FILE* f = std::fopen(p.c_str(), "rb");
  if (!f) return nullptr;
  CertPtr c(PEM_read_X509(f, nullptr, nullptr, nullptr));
  std::fclose(f);
  return c;
}

}  // namespace

Result<TlsFiles> ensure_tls_files(const std::string& data_dir) {
  const fs::path dir = fs::path(data_dir) / "tls";
  TlsFiles files{(dir / "ca.pem").string(), (dir / "server.pem").string(), (dir / "server-key.pem").string()};
  std::error_code ec;
  if (fs::exists(files.cert, ec) && fs::exists(files.key, ec)) {
    if (!fs::exists(files.ca, ec)) return fail("tls.io", files.cert + " is there but " + files.ca + " is missing");
    return files;
  }
  fs::create_directories(dir, ec);
  if (ec) return fail("tls.io", "cannot create " + dir.string() + ": " + ec.message());

  // Keep an existing CA (kiosks pinned it); make one only if there is none.
  const fs::path ca_key_path = dir / "ca-key.pem";
  KeyPtr ca_key = read_key(ca_key_path);
  CertPtr ca = ca_key ? read_cert(files.ca) : nullptr;
  if (!ca_key || !ca) {
    ca_key = make_key();
    if (!ca_key) return fail("tls.openssl", "cannot make the CA key");
    ca = make_cert(ca_key.get(), "Hai Phong Counter central CA", nullptr, nullptr, true, "");
    if (!ca) return fail("tls.openssl", "cannot make the CA certificate");
    if (!write_pem(ca_key_path, ca_key.get(), nullptr) || !write_pem(files.ca, nullptr, ca.get()))
      return fail("tls.io", "cannot write the CA under " + dir.string());
  }
  char host[256] = {};
  std::string san = "IP:127.0.0.1,DNS:localhost";
  // Only a plain DNS name goes into the SAN list (a comma or colon would change its meaning).
  auto plain = [](std::string_view h) {
    if (h.empty() || h == "localhost") return false;
    for (char ch : h)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '.') return false;
    return true;
  };
  if (::gethostname(host, sizeof host - 1) == 0 && plain(host)) san += std::string(",DNS:") + host;
  KeyPtr key = make_key();
  if (!key) return fail("tls.openssl", "cannot make the server key");
  CertPtr cert = make_cert(key.get(), "kiosk-server", ca.get(), ca_key.get(), false, san);
  if (!cert) return fail("tls.openssl", "cannot make the server certificate");
  if (!write_pem(files.key, key.get(), nullptr) || !write_pem(files.cert, nullptr, cert.get()))
    return fail("tls.io", "cannot write the server certificate under " + dir.string());
  return files;
}

}  // namespace hp::server
