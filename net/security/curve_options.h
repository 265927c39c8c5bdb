// CURVE socket options — how every hub-facing socket (session control, session events, the relayed twin feed)
// turns on encryption and authentication. A server socket (the hub's binds) carries its secret key and a ZAP
// domain, so the ZapAuthenticator (zap_authenticator.h) in the same context decides who may connect; a client
// socket (a viewer's connects) carries its own key pair and the hub's public key. An empty options object means
// "plain TCP": the hub then binds loopback only unless told otherwise (docs/sessions.md, "Security").
// Any thread that owns the socket, before bind/connect.
#pragma once

#include "core/expected.h"

#include <string>

namespace zmq {
class socket_t;
class message_t;
} // namespace zmq

namespace tv::net {

inline constexpr const char* kHubZapDomain = "twinview";

struct CurveServerOptions {
    std::string secretKey; // Z85; empty = no CURVE
    std::string zapDomain = kHubZapDomain;
    bool enabled() const { return !secretKey.empty(); }
};

struct CurveClientOptions {
    std::string publicKey; // this client's key pair, Z85
    std::string secretKey;
    std::string serverKey; // the hub's public key, Z85; empty = no CURVE
    bool enabled() const { return !serverKey.empty(); }
};

// Sets ZMQ_CURVE_SERVER, ZMQ_CURVE_SECRETKEY and ZMQ_ZAP_DOMAIN (no-op when !options.enabled()). Errors name
// the cause ("CURVE secret key: not a 40-character Z85 key").
Expected<void> applyCurveServer(zmq::socket_t& socket, const CurveServerOptions& options);
// Sets ZMQ_CURVE_SERVERKEY, ZMQ_CURVE_PUBLICKEY and ZMQ_CURVE_SECRETKEY (no-op when !options.enabled()).
Expected<void> applyCurveClient(zmq::socket_t& socket, const CurveClientOptions& options);

// The ZAP User-Id libzmq attached to a received message (the allow list's user for that key), or "" when the
// connection is not authenticated.
std::string messageUserId(zmq::message_t& message);

} // namespace tv::net
