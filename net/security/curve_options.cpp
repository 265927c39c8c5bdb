#include "net/security/curve_options.h"

#include "net/security/curve_keys.h"

#include "core/log.h"

#include <zmq.hpp>

namespace tv::net {

namespace {

Expected<void> checkKey(const std::string& key, const char* what) {
    if (!isValidZ85Key(key)) return Error{ErrorCode::InvalidArgument, format("%s: not a 40-character Z85 key", what)};
    return {};
}

} // namespace

Expected<void> applyCurveServer(zmq::socket_t& socket, const CurveServerOptions& options) {
    if (!options.enabled()) return {};
    if (auto ok = checkKey(options.secretKey, "CURVE secret key"); !ok) return ok;
    try {
        socket.set(zmq::sockopt::curve_server, 1);
        socket.set(zmq::sockopt::curve_secretkey, options.secretKey);
        socket.set(zmq::sockopt::zap_domain, options.zapDomain);
    } catch (const zmq::error_t& e) {
        return Error{ErrorCode::InvalidArgument, format("CURVE server options: %s", e.what())};
    }
    return {};
}

Expected<void> applyCurveClient(zmq::socket_t& socket, const CurveClientOptions& options) {
    if (!options.enabled()) return {};
    if (auto ok = checkKey(options.serverKey, "hub public key"); !ok) return ok;
    if (auto ok = checkKey(options.publicKey, "CURVE public key"); !ok) return ok;
    if (auto ok = checkKey(options.secretKey, "CURVE secret key"); !ok) return ok;
    try {
        socket.set(zmq::sockopt::curve_serverkey, options.serverKey);
        socket.set(zmq::sockopt::curve_publickey, options.publicKey);
        socket.set(zmq::sockopt::curve_secretkey, options.secretKey);
    } catch (const zmq::error_t& e) {
        return Error{ErrorCode::InvalidArgument, format("CURVE client options: %s", e.what())};
    }
    return {};
}

std::string messageUserId(zmq::message_t& message) {
    const char* id = zmq_msg_gets(message.handle(), "User-Id");
    return id ? std::string(id) : std::string();
}

} // namespace tv::net
