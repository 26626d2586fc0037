#pragma once
// The server's TLS files under DIR/tls/: ca.pem (what kiosks pin), ca-key.pem, server.pem and
// server-key.pem. On first start the server makes its own CA and an ECDSA P-256 certificate
// for 127.0.0.1, localhost and the host name, unless server.pem and server-key.pem are there.
#include <string>

#include "shared/result.hpp"

namespace hp::server {

struct TlsFiles {
  std::string ca;
  std::string cert;
  std::string key;
};

// Errors: "tls.io" (cannot write the files), "tls.openssl" (key or certificate generation).
Result<TlsFiles> ensure_tls_files(const std::string& data_dir);

}  // namespace hp::server
