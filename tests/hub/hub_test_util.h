// Helpers for the hub tests: a raw viewer (one DEALER on the hub's control socket, one SUB on its events socket)
// speaking the session codec directly, a private temp directory, and bounded polling. Every wait has a deadline.
#pragma once

#include "net/hub/session_hub.h"
#include "net/session/presence.h"
#include "net/session/session_protocol.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

namespace tv::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
constexpr auto kWait = 10s; // generous for a loaded 2-core machine; every success returns much sooner

class HubTempDir {
public:
    HubTempDir() {
        std::string pattern = "/tmp/tv_hub_test_XXXXXX";
        if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed";
        m_path = pattern;
    }
    ~HubTempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

// Polls `condition` until it holds or `timeout` passes.
inline bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = kWait) {
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return condition();
}

inline std::vector<uint8_t> encodeMsg(const net::SessionMessage& m) {
    std::vector<uint8_t> out;
    auto ok = net::encodeSessionMessage(m, out);
    EXPECT_TRUE(ok.hasValue()) << (ok ? "" : ok.error().message);
    return out;
}

// One raw viewer.
class RawViewer {
public:
    RawViewer(zmq::context_t& ctx, const net::HubEndpoints& ep, const net::CurveClientOptions& curve = {})
        : m_dealer(ctx, zmq::socket_type::dealer), m_sub(ctx, zmq::socket_type::sub) {
        for (zmq::socket_t* s : {&m_dealer, &m_sub}) {
            s->set(zmq::sockopt::linger, 0);
            auto ok = net::applyCurveClient(*s, curve);
            EXPECT_TRUE(ok.hasValue());
        }
        m_dealer.connect(ep.control);
        m_sub.connect(ep.events);
    }

    void sendRaw(const std::vector<uint8_t>& bytes) {
        m_dealer.send(zmq::const_buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
    }
    void send(const net::SessionMessage& m) { sendRaw(encodeMsg(m)); }

    // The next control-socket message the hub sends us, decoded; nullopt on timeout or a decode failure.
    std::optional<net::SessionMessage> receive(std::chrono::milliseconds timeout = kWait) {
        zmq::pollitem_t items[] = {{m_dealer.handle(), 0, ZMQ_POLLIN, 0}};
        zmq::poll(items, 1, timeout);
        if (!(items[0].revents & ZMQ_POLLIN)) return std::nullopt;
        zmq::message_t msg;
        if (!m_dealer.recv(msg, zmq::recv_flags::dontwait)) return std::nullopt;
        auto decoded = net::decodeSessionMessage({static_cast<const uint8_t*>(msg.data()), msg.size()});
        EXPECT_TRUE(decoded.hasValue()) << decoded.error().message;
        if (!decoded) return std::nullopt;
        return std::move(*decoded);
    }
    // Waits for a control message of type T, skipping others (pongs, stray replies).
    template <class T>
    std::optional<T> expect(std::chrono::milliseconds timeout = kWait) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            auto m = receive(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
            if (!m) return std::nullopt;
            if (auto* t = std::get_if<T>(&*m)) return *t;
        }
        return std::nullopt;
    }

    net::JoinReplyMsg join(const std::string& session, const std::string& user, std::optional<net::Role> role,
                           net::DeviceKind device = net::DeviceKind::Desktop, uint64_t instance = 0) {
        subscribe(session);
        send(net::JoinMsg{session, user, role, device, instance ? instance : uint64_t(std::rand()) + 1});
        auto reply = expect<net::JoinReplyMsg>();
        EXPECT_TRUE(reply.has_value()) << user << ": no join reply";
        if (reply && reply->accepted) waitSubscribed(session);
        return reply.value_or(net::JoinReplyMsg{});
    }
    void subscribe(const std::string& session) {
        if (m_subscribed == session) return;
        m_subscribed = session;
        m_sub.set(zmq::sockopt::subscribe, net::sessionEventsTopic(session));
        m_sub.set(zmq::sockopt::subscribe, net::sessionPresenceTopic(session));
    }
    // A heartbeat proves the subscription is live (PUB/SUB drops what is sent before it is).
    void waitSubscribed(const std::string& session) {
        auto hb = nextEvent<net::HeartbeatMsg>([&](const net::HeartbeatMsg& h) { return h.session == session; });
        EXPECT_TRUE(hb.has_value()) << "no heartbeat for " << session;
    }

    net::ReplyMsg request(uint64_t id, net::SessionRequest req) {
        send(net::RequestMsg{id, std::move(req)});
        const auto deadline = Clock::now() + kWait;
        while (Clock::now() < deadline) {
            auto r =
                expect<net::ReplyMsg>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
            if (!r) break;
            if (r->requestId == id) return *r;
        }
        ADD_FAILURE() << "no reply to request " << id;
        return net::ReplyMsg{id, net::ReplyStatus::Failed, "test: no reply", 0};
    }

    // Next events-socket frame [topic, body]; nullopt on timeout.
    std::optional<std::pair<std::string, std::vector<uint8_t>>> receiveEvent(std::chrono::milliseconds timeout) {
        zmq::pollitem_t items[] = {{m_sub.handle(), 0, ZMQ_POLLIN, 0}};
        zmq::poll(items, 1, timeout);
        if (!(items[0].revents & ZMQ_POLLIN)) return std::nullopt;
        zmq::message_t topic, body;
        if (!m_sub.recv(topic, zmq::recv_flags::dontwait)) return std::nullopt;
        if (!topic.more() || !m_sub.recv(body, zmq::recv_flags::dontwait)) {
            ADD_FAILURE() << "events frame without a body";
            return std::nullopt;
        }
        const auto* p = static_cast<const uint8_t*>(body.data());
        return std::make_pair(topic.to_string(), std::vector<uint8_t>(p, p + body.size()));
    }
    // Waits for a session message of type T on the events socket that satisfies `pred`.
    template <class T>
    std::optional<T> nextEvent(const std::function<bool(const T&)>& pred = nullptr,
                               std::chrono::milliseconds timeout = kWait) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            auto frame = receiveEvent(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
            if (!frame) return std::nullopt;
            if (frame->first[0] != 'S') continue;
            auto decoded = net::decodeSessionMessage(frame->second);
            EXPECT_TRUE(decoded.hasValue());
            if (!decoded) continue;
            if (auto* t = std::get_if<T>(&*decoded))
                if (!pred || pred(*t)) return *t;
        }
        return std::nullopt;
    }
    std::optional<net::EventMsg> nextEventOfKind(net::SessionEventKind kind,
                                                 std::chrono::milliseconds timeout = kWait) {
        return nextEvent<net::EventMsg>([kind](const net::EventMsg& e) { return e.event.kind == kind; }, timeout);
    }
    // Next presence record body (verbatim bytes).
    std::optional<std::vector<uint8_t>> nextPresence(std::chrono::milliseconds timeout = kWait) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            auto frame = receiveEvent(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
            if (!frame) return std::nullopt;
            if (frame->first[0] == 'P') return frame->second;
        }
        return std::nullopt;
    }

    zmq::socket_t& dealer() { return m_dealer; }

private:
    zmq::socket_t m_dealer;
    zmq::socket_t m_sub;
    std::string m_subscribed;
};

inline net::PresenceRecord presenceOf(const std::string& user, uint64_t sequence) {
    net::PresenceRecord r;
    r.userId = user;
    r.sequence = sequence;
    r.sentTimeUs = 1000 + sequence;
    r.head.position = vec3(1.0f, 1.7f, float(sequence));
    return r;
}

inline std::vector<uint8_t> presenceBytes(const std::string& user, uint64_t sequence) {
    std::vector<uint8_t> out;
    EXPECT_TRUE(net::encodePresence(presenceOf(user, sequence), out).hasValue());
    return out;
}

inline net::HubOptions hubOptions(const std::string& db) {
    net::HubOptions o;
    o.dbPath = db;
    o.heartbeatMs = 50; // tests wait for a heartbeat to know a subscription is live
    o.presenceTimeoutMs = 5000;
    o.onLog = [](const std::string&) {};
    return o;
}

inline net::SessionRequest createAnnotation(const std::string& text) {
    net::SessionRequest r;
    r.kind = net::SessionRequestKind::CreateAnnotation;
    r.annotation.anchor = vec3(1.0f, 2.0f, 3.0f);
    r.annotation.nodePath = "/plant/pump-1";
    r.annotation.text = text;
    return r;
}

inline net::SessionRequest annotationRequest(net::SessionRequestKind kind, uint64_t id, std::string text = {}) {
    net::SessionRequest r;
    r.kind = kind;
    r.annotationId = id;
    r.text = std::move(text);
    return r;
}

inline net::SessionRequest viewpointRequest(net::SessionRequestKind kind, const std::string& name) {
    net::SessionRequest r;
    r.kind = kind;
    r.viewpoint.name = name;
    r.viewpoint.eye = vec3(5.0f, 2.0f, 5.0f);
    r.viewpoint.target = vec3(0.0f);
    r.viewpointName = name;
    return r;
}

} // namespace tv::test
