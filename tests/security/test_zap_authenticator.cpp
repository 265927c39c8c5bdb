// The hub's CURVE gatekeeper over loopback (ephemeral port, bounded waits): a client whose key is on the allow
// list connects, its messages arrive encrypted and carry the User-Id from the allow list; a client with an unknown
// key or the wrong server key never gets a message through; allow-list files with mistakes are refused with
// the file, line and cause.
#include "net/security/curve_keys.h"
#include "net/security/zap_authenticator.h"

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

using namespace tv;
namespace fs = std::filesystem;

namespace {

struct Server {
    zmq::socket_t socket;
    std::string endpoint;
};

Server curveServer(zmq::context_t& ctx, const net::CurveKeyPair& keys) {
    Server s{zmq::socket_t(ctx, zmq::socket_type::router), {}};
    s.socket.set(zmq::sockopt::linger, 0);
    s.socket.set(zmq::sockopt::curve_server, 1);
    s.socket.set(zmq::sockopt::curve_secretkey, keys.secretKey);
    s.socket.set(zmq::sockopt::zap_domain, "twinview");
    s.socket.bind("tcp://127.0.0.1:*");
    s.endpoint = s.socket.get(zmq::sockopt::last_endpoint);
    return s;
}

zmq::socket_t curveClient(zmq::context_t& ctx, const std::string& endpoint, const std::string& serverPublic,
                          const net::CurveKeyPair& mine) {
    zmq::socket_t c(ctx, zmq::socket_type::dealer);
    c.set(zmq::sockopt::linger, 0);
    c.set(zmq::sockopt::curve_serverkey, serverPublic);
    c.set(zmq::sockopt::curve_publickey, mine.publicKey);
    c.set(zmq::sockopt::curve_secretkey, mine.secretKey);
    c.connect(endpoint);
    return c;
}

// The next message body arriving at the server within `ms`, with the User-Id ZAP assigned to its connection.
std::optional<std::pair<std::string, std::string>> receive(zmq::socket_t& server, int ms) {
    zmq::pollitem_t item{server.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(ms)) <= 0) return std::nullopt;
    zmq::message_t identity, body;
    if (!server.recv(identity) || !server.recv(body)) return std::nullopt;
    const char* user = body.gets("User-Id");
    return std::make_pair(body.to_string(), std::string(user ? user : ""));
}

} // namespace

TEST(ZapAuthenticator, OnlyAllowedKeysGetThroughAndCarryTheirUser) {
    zmq::context_t ctx(1);
    auto hub = net::generateCurveKeyPair(), alice = net::generateCurveKeyPair(), mallory = net::generateCurveKeyPair();
    ASSERT_TRUE(hub && alice && mallory);
    net::AllowList allow{{alice->publicKey, {"alice", "operator"}}};
    auto auth = net::ZapAuthenticator::start(ctx, allow);
    ASSERT_TRUE(auth) << auth.error().message;
    Server server = curveServer(ctx, *hub);

    zmq::socket_t good = curveClient(ctx, server.endpoint, hub->publicKey, *alice);
    good.send(zmq::str_buffer("hello from alice"), zmq::send_flags::none);
    auto got = receive(server.socket, 10000);
    ASSERT_TRUE(got) << "an allowed key must connect";
    EXPECT_EQ(got->first, "hello from alice");
    EXPECT_EQ(got->second, "alice") << "the hub learns who it is from the allow list";

    zmq::socket_t bad = curveClient(ctx, server.endpoint, hub->publicKey, *mallory);
    bad.send(zmq::str_buffer("let me in"), zmq::send_flags::dontwait);
    // A key that claims to be the hub's but is not: the handshake cannot complete.
    auto impostor = net::generateCurveKeyPair();
    zmq::socket_t wrongServer = curveClient(ctx, server.endpoint, impostor->publicKey, *alice);
    wrongServer.send(zmq::str_buffer("wrong hub key"), zmq::send_flags::dontwait);
    EXPECT_FALSE(receive(server.socket, 1500)) << "nothing from an unknown key or a wrong server key";
    auto counters = (*auth)->counters();
    EXPECT_GE(counters.accepted, 1u);
    EXPECT_GE(counters.denied, 1u);

    // Alice's connection still works after the refusals.
    good.send(zmq::str_buffer("still here"), zmq::send_flags::none);
    auto again = receive(server.socket, 10000);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->first, "still here");
    (*auth)->stop();
}

TEST(ZapAuthenticator, AllowListFilesAreCheckedLineByLine) {
    auto a = net::generateCurveKeyPair(), b = net::generateCurveKeyPair();
    ASSERT_TRUE(a && b);
    fs::path dir = fs::temp_directory_path() / ("tv-allow-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    fs::path good = dir / "allow.txt";
    std::ofstream(good) << "# hub allow list\n"
                        << a->publicKey << "  alice presenter\n\n"
                        << b->publicKey << " bob observer  # trainee\n";
    auto list = net::readAllowList(good.string());
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ(list->at(a->publicKey).user, "alice");
    EXPECT_EQ(list->at(b->publicKey).role, "observer");

    struct Case {
        std::string text;
        const char* expect;
    };
    const Case cases[] = {
        {a->publicKey + " alice\n", "line 1: expected <public key> <user> <role>"},
        {"notakey alice presenter\n", "line 1: 'notakey' is not a CURVE public key"},
        {a->publicKey + " alice presenter\n" + a->publicKey + " alice2 observer\n", "line 2: key listed twice"},
        {a->publicKey + " alice presenter extra\n", "line 1: expected"},
    };
    int i = 0;
    for (const Case& c : cases) {
        fs::path p = dir / ("bad" + std::to_string(i++) + ".txt");
        std::ofstream(p) << c.text;
        auto r = net::readAllowList(p.string());
        ASSERT_FALSE(r) << c.text;
        EXPECT_NE(r.error().message.find(p.string() + ": " + c.expect), std::string::npos) << r.error().message;
    }
    EXPECT_FALSE(net::readAllowList((dir / "missing.txt").string()));
    fs::remove_all(dir);
}
