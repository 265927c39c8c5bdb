// ZapAuthenticator — the hub's gatekeeper for CURVE connections (ZeroMQ RFC 27, ZAP): a handler on
// inproc://zeromq.zap.01 in the hub's ZeroMQ context that libzmq asks about every CURVE handshake. A client key on
// the allow list is accepted and its user name becomes the connection's User-Id (what the hub then trusts, not
// anything the client says); any other key is refused (status 400) and logged once per key. Handshakes only finish
// after the answer, so nothing from an unknown key ever reaches the hub's sockets.
//
// Allow-list file (UTF-8 text; '#' starts a comment at the start of a line or after a space — keys may contain
// '#'): one line per key: `<public key, Z85> <user> <role>`, e.g.
//   rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7  alice  presenter
// Roles are words (the session layer gives them meaning).
//
// Thread-safety: start()/stop()/counters() from the owning thread; the handler runs on its own thread.
#pragma once

#include "core/expected.h"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

namespace zmq {
class context_t;
}

namespace tv::net {

struct AllowedKey {
    std::string user;
    std::string role;
};
// Public key (Z85) -> who it is.
using AllowList = std::map<std::string, AllowedKey>;

// Reads an allow-list file. Errors name the file, line and problem (bad key, missing user or role, a key listed
// twice).
Expected<AllowList> readAllowList(const std::string& path);

class ZapAuthenticator {
public:
    struct Counters {
        uint64_t accepted = 0, denied = 0, malformed = 0;
    };

    // Binds the ZAP endpoint in `context` (one authenticator per context) and starts answering. `context` must
    // outlive the authenticator.
    static Expected<std::unique_ptr<ZapAuthenticator>> start(zmq::context_t& context, AllowList allowList);
    ~ZapAuthenticator(); // stop()
    void stop();
    Counters counters() const;

private:
    ZapAuthenticator() = default;
    void run(void* socket);

    AllowList m_allow;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<uint64_t> m_accepted{0}, m_denied{0}, m_malformed{0};
};

} // namespace tv::net
