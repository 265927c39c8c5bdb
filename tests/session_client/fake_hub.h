// A scripted stand-in for `twinview hub` in the session client's tests: a raw ROUTER (control) and PUB (events)
// on loopback ephemeral ports, driven step by step from the test thread with the real codec. It lets a test send
// what a real hub never would (gaps, another epoch, garbage) and watch what the client does about it.
// Test thread only.
#pragma once

#include "net/session/presence.h"
#include "net/session/session_protocol.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tv::net::test {

using namespace std::chrono_literals;

// Polls `condition` every 2 ms until it holds or `timeout` passes; returns its last value.
template <class F>
bool waitFor(F&& condition, std::chrono::milliseconds timeout = 10000ms) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return condition();
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

struct Received {
    std::string routingId;
    std::optional<SessionMessage> message;  // a session message
    std::optional<PresenceRecord> presence; // or a presence record
};

class FakeHub {
public:
    explicit FakeHub(zmq::context_t& context)
        : m_control(context, zmq::socket_type::router), m_events(context, zmq::socket_type::pub) {
        m_control.set(zmq::sockopt::linger, 0);
        m_events.set(zmq::sockopt::linger, 0);
        m_control.bind("tcp://127.0.0.1:*");
        m_events.bind("tcp://127.0.0.1:*");
        controlEndpoint = m_control.get(zmq::sockopt::last_endpoint);
        eventsEndpoint = m_events.get(zmq::sockopt::last_endpoint);
    }

    // The next message from any viewer, within `timeout`; presence records are skipped unless `wantPresence`.
    std::optional<Received> receive(std::chrono::milliseconds timeout = 10000ms, bool wantPresence = false) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            zmq::pollitem_t item{m_control.handle(), 0, ZMQ_POLLIN, 0};
            zmq::poll(&item, 1, 5ms);
            if (!(item.revents & ZMQ_POLLIN)) continue;
            zmq::message_t id, body;
            (void)m_control.recv(id);
            (void)m_control.recv(body);
            std::span<const uint8_t> bytes(static_cast<const uint8_t*>(body.data()), body.size());
            Received r;
            r.routingId = id.to_string();
            if (bytes.size() >= 4 && std::memcmp(bytes.data(), kPresenceMagic, 4) == 0) {
                ++presenceCount;
                if (!wantPresence) continue;
                auto p = decodePresence(bytes);
                EXPECT_TRUE(p.hasValue());
                if (p) r.presence = *p;
                return r;
            }
            auto m = decodeSessionMessage(bytes);
            EXPECT_TRUE(m.hasValue()) << (m ? "" : m.error().message);
            if (!m) continue;
            r.message = std::move(*m);
            return r;
        }
        return std::nullopt;
    }

    // Waits for a message of type T (others are dropped).
    template <class T>
    std::optional<std::pair<std::string, T>> expect(std::chrono::milliseconds timeout = 10000ms) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            auto r = receive(left);
            if (!r) break;
            if (r->message && std::holds_alternative<T>(*r->message))
                return std::make_pair(r->routingId, std::get<T>(std::move(*r->message)));
        }
        return std::nullopt;
    }

    void sendRaw(const std::string& routingId, std::span<const uint8_t> bytes) {
        m_control.send(zmq::buffer(routingId), zmq::send_flags::sndmore);
        m_control.send(zmq::const_buffer(bytes.data(), bytes.size()));
    }

    void send(const std::string& routingId, const SessionMessage& message) {
        std::vector<uint8_t> bytes;
        auto r = encodeSessionMessage(message, bytes);
        ASSERT_TRUE(r.hasValue()) << r.error().message;
        sendRaw(routingId, bytes);
    }

    void publishRaw(const std::string& topic, std::span<const uint8_t> bytes) {
        m_events.send(zmq::buffer(topic), zmq::send_flags::sndmore);
        m_events.send(zmq::const_buffer(bytes.data(), bytes.size()));
    }

    void publish(const std::string& session, const SessionMessage& message) {
        std::vector<uint8_t> bytes;
        auto r = encodeSessionMessage(message, bytes);
        ASSERT_TRUE(r.hasValue()) << r.error().message;
        publishRaw(sessionEventsTopic(session), bytes);
    }

    void publishPresence(const std::string& session, const PresenceRecord& record) {
        std::vector<uint8_t> bytes;
        auto r = encodePresence(record, bytes);
        ASSERT_TRUE(r.hasValue()) << r.error().message;
        publishRaw(sessionPresenceTopic(session), bytes);
    }

    JoinReplyMsg accept(const std::string& user, uint32_t epoch, Role role = Role::Operator) {
        JoinReplyMsg reply;
        reply.accepted = true;
        reply.user = user;
        reply.role = role;
        reply.colour = 0x336699;
        reply.epoch = epoch;
        reply.eventsEndpoint = eventsEndpoint;
        return reply;
    }

    std::string controlEndpoint, eventsEndpoint;
    uint64_t presenceCount = 0;

private:
    zmq::socket_t m_control, m_events;
};

} // namespace tv::net::test
