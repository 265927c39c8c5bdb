#include "net/security/zap_authenticator.h"

#include "core/log.h"
#include "net/security/curve_keys.h"

#include <zmq.hpp>

#include <array>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace tv::net {

Expected<AllowList> readAllowList(const std::string& path) {
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::Io, path + ": cannot read the allow list");
    AllowList list;
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        // A comment starts with '#' at the start of the line or after blank space: '#' is also a Z85 digit, so a
        // '#' inside a key is part of the key.
        for (size_t i = 0; i < line.size(); ++i)
            if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
                line.resize(i);
                break;
            }
        std::istringstream words(line);
        std::string key, user, role, extra;
        if (!(words >> key)) continue; // blank or comment
        if (!(words >> user >> role) || (words >> extra))
            return makeError(ErrorCode::Parse,
                             format("%s: line %d: expected <public key> <user> <role>", path.c_str(), lineNo));
        if (!isValidZ85Key(key))
            return makeError(ErrorCode::Parse, format("%s: line %d: '%s' is not a CURVE public key (40 Z85 characters)",
                                                      path.c_str(), lineNo, key.c_str()));
        if (!list.emplace(key, AllowedKey{user, role}).second)
            return makeError(ErrorCode::Parse, format("%s: line %d: key listed twice", path.c_str(), lineNo));
    }
    return list;
}

Expected<std::unique_ptr<ZapAuthenticator>> ZapAuthenticator::start(zmq::context_t& context, AllowList allowList) {
    auto socket = std::make_unique<zmq::socket_t>(context, zmq::socket_type::rep);
    socket->set(zmq::sockopt::linger, 0);
    try {
        socket->bind("inproc://zeromq.zap.01");
    } catch (const zmq::error_t& e) {
        return makeError(ErrorCode::Io, std::string("cannot start the ZAP authenticator: ") + e.what());
    }
    std::unique_ptr<ZapAuthenticator> auth(new ZapAuthenticator());
    auth->m_allow = std::move(allowList);
    // The socket moves to the thread, which alone uses it (ZeroMQ sockets are not thread-safe).
    auth->m_thread = std::thread([a = auth.get(), s = socket.release()] {
        a->run(s);
        delete static_cast<zmq::socket_t*>(s);
    });
    return auth;
}

ZapAuthenticator::~ZapAuthenticator() { stop(); }

void ZapAuthenticator::stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

ZapAuthenticator::Counters ZapAuthenticator::counters() const { return {m_accepted, m_denied, m_malformed}; }

void ZapAuthenticator::run(void* raw) {
    zmq::socket_t& socket = *static_cast<zmq::socket_t*>(raw);
    std::set<std::string> loggedDenials;
    while (!m_stop) {
        zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
        if (zmq::poll(&item, 1, std::chrono::milliseconds(50)) <= 0) continue;
        // RFC 27 request: version, request id, domain, address, identity, mechanism, credentials...
        std::vector<zmq::message_t> frames;
        for (;;) {
            zmq::message_t m;
            if (!socket.recv(m, zmq::recv_flags::dontwait)) break;
            bool more = m.more();
            frames.push_back(std::move(m));
            if (!more) break;
        }
        std::string requestId = frames.size() > 1 ? frames[1].to_string() : std::string();
        std::string status = "400", text = "malformed ZAP request", userId;
        if (frames.size() >= 7 && frames[0].to_string() == "1.0" && frames[5].to_string() == "CURVE" &&
            frames[6].size() == 32) {
            std::array<char, 41> z85{};
            zmq_z85_encode(z85.data(), static_cast<const uint8_t*>(frames[6].data()), 32);
            auto it = m_allow.find(z85.data());
            if (it != m_allow.end()) {
                status = "200";
                text = "OK";
                userId = it->second.user;
                ++m_accepted;
            } else {
                text = "key not on the allow list";
                ++m_denied;
                if (loggedDenials.insert(z85.data()).second)
                    logWarn("hub: refused a connection from %s: CURVE key %s is not on the allow list",
                            frames[3].to_string().c_str(), z85.data());
            }
        } else {
            ++m_malformed;
        }
        const std::string reply[] = {"1.0", requestId, status, text, userId, ""};
        for (size_t i = 0; i < 6; ++i)
            socket.send(zmq::buffer(reply[i]), i + 1 < 6 ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
}

} // namespace tv::net
