#!/usr/bin/python3
"""A complete twin-feed publisher in Python, written from docs/protocol.md alone.

It plays a small part of the demo plant (scenes/demo-plant.json): tank levels and temperatures following sine
waves, pump-1's speed ramping to a setpoint an operator can change, and a high-level alarm on tank-1 that is
raised and cleared as the level swings. twinview shows it like any other twin:

    ./examples/publisher.py                      # tcp://127.0.0.1:5556/5557/5558, the demo scene's feed
    ./build/twinview scenes/demo-plant.json      # (with the built-in simulator not running)

Only the standard library and pyzmq (Debian: python3-zmq). Sockets, as the Clone pattern wants (protocol.md,
"Flow"): a PUB for updates and heartbeats, a ROUTER answering snapshot requests, a ROUTER answering commands.

Options: --bind-host HOST, --ports U,S,C (0 = a free port chosen by the OS), --duration SECONDS (0 = run until
interrupted), --rate HZ. The first line printed is machine-readable:
    endpoints tcp://127.0.0.1:P1 tcp://127.0.0.1:P2 tcp://127.0.0.1:P3
"""

import argparse
import math
import random
import struct
import sys
import time

import zmq

# ---------------------------------------------------------------------------------------------------------------
# Wire format (docs/protocol.md). Everything little-endian ("<" in struct formats).

MAGIC = b"TVFD"
VERSION = 1
HEADER = struct.Struct("<4sBBHQIIQQ")  # magic, version, kind, flags, publisher id, epoch, body length, seq, time
assert HEADER.size == 40

# Message kinds.
UPDATES, SNAPSHOT_REQUEST, SNAPSHOT_CHUNK, SNAPSHOT_END, HEARTBEAT, COMMAND_REQUEST, COMMAND_REPLY = range(1, 8)
# Update record tags used here (protocol.md "Update records").
TAG_PROPERTY, TAG_ALARM_RAISE, TAG_ALARM_CLEAR = 1, 8, 9
# Value types.
VALUE_NUMBER, VALUE_BOOL, VALUE_STRING = 1, 2, 3
# Unit codes (protocol.md "Units").
UNIT_DEG_C, UNIT_RPM, UNIT_PERCENT, UNIT_M3H = 4, 8, 9, 11
# Alarm severities and command reply statuses.
SEVERITY_WARNING = 2
ACCEPTED, REJECTED = 1, 2

MAX_FRAME = 1 << 20          # the protocol's default frame cap
RECORDS_PER_CHUNK = 500      # snapshot chunks stay far below the cap
HEARTBEAT_MS = 1000


def now_us():
    return int(time.time() * 1_000_000)


def enc_id(s):
    """`id`: u16 length + UTF-8 bytes (cap 256 bytes)."""
    b = s.encode("utf-8")
    if not 0 < len(b) <= 256:
        raise ValueError("id must be 1..256 bytes: %r" % s)
    return struct.pack("<H", len(b)) + b


def enc_text(s):
    """`text`: u32 length + UTF-8 bytes."""
    b = s.encode("utf-8")
    return struct.pack("<I", len(b)) + b


def enc_value(v):
    # bool first: in Python a bool is also an int.
    if isinstance(v, bool):
        return struct.pack("<BB", VALUE_BOOL, 1 if v else 0)
    if isinstance(v, (int, float)):
        return struct.pack("<Bd", VALUE_NUMBER, float(v))
    return struct.pack("<B", VALUE_STRING) + enc_text(str(v))


def property_record(entity, name, value, unit_code=0, source_us=0):
    """Tag 1: entity, property, source timestamp, unit (kind 1 + code, or kind 0 = none), value."""
    unit = struct.pack("<BH", 1, unit_code) if unit_code else struct.pack("<B", 0)
    return (struct.pack("<B", TAG_PROPERTY) + enc_id(entity) + enc_id(name) + struct.pack("<Q", source_us) + unit +
            enc_value(value))


def alarm_raise_record(alarm_id, entity, severity, text):
    return struct.pack("<B", TAG_ALARM_RAISE) + enc_id(alarm_id) + enc_id(entity) + struct.pack("<B", severity) + \
        enc_text(text)


def alarm_clear_record(alarm_id):
    return struct.pack("<B", TAG_ALARM_CLEAR) + enc_id(alarm_id)


class Reader:
    """Bounds-checked little-endian reader for the frames we receive (never trust a peer)."""

    def __init__(self, data, pos=0):
        self.data, self.pos = data, pos

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("truncated")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def unpack(self, fmt):
        s = struct.Struct(fmt)
        return s.unpack(self.take(s.size))

    def id(self):
        (n,) = self.unpack("<H")
        if n == 0 or n > 256:
            raise ValueError("bad id length")
        return self.take(n).decode("utf-8")

    def text(self):
        (n,) = self.unpack("<I")
        if n > 65536:
            raise ValueError("text too long")
        return self.take(n).decode("utf-8")

    def value(self):
        (t,) = self.unpack("<B")
        if t == VALUE_NUMBER:
            return self.unpack("<d")[0]
        if t == VALUE_BOOL:
            (b,) = self.unpack("<B")
            if b > 1:
                raise ValueError("bad bool")
            return b == 1
        if t == VALUE_STRING:
            return self.text()
        if t == 4:
            return self.unpack("<ddd")
        if t == 5:
            return self.unpack("<dddd")
        raise ValueError("unknown value type %d" % t)


def parse_header(frame):
    """Returns (kind, header tuple, body offset) or raises ValueError, checking what protocol.md lists."""
    if len(frame) < 4 or frame[:4] != MAGIC:
        raise ValueError("bad magic")
    if len(frame) < HEADER.size:
        raise ValueError("truncated")
    h = HEADER.unpack_from(frame)
    _, version, kind, flags, _, _, body_len, _, _ = h
    if version != VERSION:
        raise ValueError("unsupported version %d" % version)
    if not 1 <= kind <= 7 or flags != 0:
        raise ValueError("bad kind/flags")
    if HEADER.size + body_len != len(frame):
        raise ValueError("bad length")
    return kind, h


# ---------------------------------------------------------------------------------------------------------------
# The publisher: state as a key -> encoded record map (what a snapshot sends), a sequence counter, the sockets.

class Publisher:
    def __init__(self, ctx, host, ports):
        self.publisher_id = random.getrandbits(64) or 1
        self.epoch = random.getrandbits(32) or 1  # a new epoch on every start: viewers see a restart, not dupes
        self.sequence = 0
        self.state = {}  # ("p", entity, name) or ("a", alarm id) -> record bytes, in first-seen order
        self.last_send = 0.0
        self.pub = ctx.socket(zmq.PUB)
        self.snap = ctx.socket(zmq.ROUTER)
        self.cmd = ctx.socket(zmq.ROUTER)
        self.endpoints = []
        for sock, port in zip((self.pub, self.snap, self.cmd), ports):
            sock.setsockopt(zmq.LINGER, 0)
            sock.bind("tcp://%s:%s" % (host, port if port else "*"))
            self.endpoints.append(sock.getsockopt(zmq.LAST_ENDPOINT).decode().replace("0.0.0.0", "127.0.0.1"))
        self.pub.setsockopt(zmq.SNDHWM, 100000)

    def frame(self, kind, body, sequence):
        return HEADER.pack(MAGIC, VERSION, kind, 0, self.publisher_id, self.epoch, len(body), sequence,
                           now_us()) + body

    def publish(self, records):
        """One Updates frame, one sequence number, for a batch of (key, record-or-None) pairs (None = delete)."""
        if not records:
            return
        for key, rec in records:
            if rec is None:
                self.state.pop(key, None)
            else:
                self.state[key] = rec
        self.sequence += 1
        body = struct.pack("<I", len(records)) + b"".join(r if r is not None else alarm_clear_record(k[1])
                                                         for k, r in records)
        self.pub.send(self.frame(UPDATES, body, self.sequence))
        self.last_send = time.monotonic()

    def heartbeat_if_due(self):
        if time.monotonic() - self.last_send >= HEARTBEAT_MS / 1000.0:
            self.pub.send(self.frame(HEARTBEAT, struct.pack("<I", HEARTBEAT_MS), self.sequence))
            self.last_send = time.monotonic()

    def serve_snapshot(self, envelope, frame):
        """SnapshotRequest -> chunks holding the whole state at sequence S, then SnapshotEnd(S, chunk count)."""
        kind, _ = parse_header(frame)
        if kind != SNAPSHOT_REQUEST:
            return
        records = list(self.state.values())
        chunks = [records[i:i + RECORDS_PER_CHUNK] for i in range(0, len(records), RECORDS_PER_CHUNK)] or [[]]
        for index, chunk in enumerate(chunks):
            body = struct.pack("<II", index, len(chunk)) + b"".join(chunk)
            self.snap.send_multipart(envelope + [self.frame(SNAPSHOT_CHUNK, body, self.sequence)])
        self.snap.send_multipart(envelope + [self.frame(SNAPSHOT_END, struct.pack("<I", len(chunks)),
                                                        self.sequence)])

    def serve_command(self, envelope, frame, handler):
        kind, _ = parse_header(frame)
        if kind != COMMAND_REQUEST:
            return
        r = Reader(frame, HEADER.size)
        (command_id,) = r.unpack("<Q")
        target, verb = r.id(), r.id()
        _timeout_ms, argc = r.unpack("<IH")
        if argc > 64:
            raise ValueError("too many arguments")
        args = {}
        for _ in range(argc):
            name = r.id()
            args[name] = r.value()
        if r.pos != len(frame):
            raise ValueError("bytes left after the command")
        status, reason = handler(target, verb, args)
        body = struct.pack("<QB", command_id, status) + enc_text(reason)
        self.cmd.send_multipart(envelope + [self.frame(COMMAND_REPLY, body, 0)])

    def poll(self, timeout_s, handler):
        """Serves requests for up to timeout_s. The request is the last frame of the multipart message; what comes
        before it (the ROUTER identity, and an empty delimiter if the peer sent one) is echoed back as the route."""
        poller = zmq.Poller()
        poller.register(self.snap, zmq.POLLIN)
        poller.register(self.cmd, zmq.POLLIN)
        for sock, _ in poller.poll(max(0, int(timeout_s * 1000))):
            parts = sock.recv_multipart()
            envelope, frame = parts[:-1], parts[-1]
            try:
                if sock is self.snap:
                    self.serve_snapshot(envelope, frame)
                else:
                    self.serve_command(envelope, frame, handler)
            except (ValueError, UnicodeDecodeError, struct.error) as e:
                # Malformed request: dropped (a viewer that gets no reply times the command out).
                print("dropped a malformed request: %s" % e, file=sys.stderr)

    def close(self):
        for s in (self.pub, self.snap, self.cmd):
            s.close(0)


# ---------------------------------------------------------------------------------------------------------------
# The plant: a few signals of the demo plant, driven by sine waves, plus pump-1 and its commands.

class MiniPlant:
    def __init__(self):
        self.t = 0.0
        self.pump_setpoint = 1450.0
        self.pump_speed = 1450.0
        self.pump_running = True
        self.alarm_active = False
        self.sent = {}  # key -> last value sent (deadband)

    def handle_command(self, target, verb, args):
        if target != "pump-1":
            return REJECTED, "unknown target '%s'" % target
        if verb == "set":
            speed = args.get("speed")
            if isinstance(speed, bool) or not isinstance(speed, (int, float)):
                return REJECTED, "set needs speed=<rpm>"
            if not 0 <= speed <= 3000:
                return REJECTED, "speed %g rpm outside 0..3000 rpm" % speed
            self.pump_setpoint = float(speed)
            return ACCEPTED, ""
        if verb in ("start", "stop"):
            self.pump_running = verb == "start"
            return ACCEPTED, ""
        return REJECTED, "unknown verb '%s' for pump-1 (start, stop, set speed=<rpm>)" % verb

    def step(self, dt):
        self.t += dt
        target = self.pump_setpoint if self.pump_running else 0.0
        self.pump_speed += max(-400.0 * dt, min(300.0 * dt, target - self.pump_speed))

    def records(self):
        """(key, record) pairs for what changed beyond a small deadband since the last call."""
        src = now_us()
        t = self.t
        signals = [
            ("tank-1", "level", 50 + 35 * math.sin(t * 2 * math.pi / 40), UNIT_PERCENT, 0.05),
            ("tank-1", "temperature", 60 + 12 * math.sin(t * 2 * math.pi / 90), UNIT_DEG_C, 0.05),
            ("tank-2", "level", 55 + 25 * math.sin(t * 2 * math.pi / 55 + 1.0), UNIT_PERCENT, 0.05),
            ("tank-3", "level", 60 + 20 * math.sin(t * 2 * math.pi / 70 + 2.0), UNIT_PERCENT, 0.05),
            ("tank-3", "temperature", 45 + 8 * math.sin(t * 2 * math.pi / 120), UNIT_DEG_C, 0.05),
            ("pump-1", "speed", self.pump_speed, UNIT_RPM, 1.0),
            ("pump-1", "setpoint", self.pump_setpoint, UNIT_RPM, 0.5),
            ("pump-1", "flow", 60 * self.pump_speed / 3000.0, UNIT_M3H, 0.05),
            ("pump-1", "state", "running" if self.pump_running else "stopped", 0, None),
        ]
        out = []
        for entity, name, value, unit, deadband in signals:
            key = ("p", entity, name)
            last = self.sent.get(key)
            if last is not None and (value == last if deadband is None else abs(value - last) < deadband):
                continue
            self.sent[key] = value
            out.append((key, property_record(entity, name, value, unit, src)))
        # An alarm raised above 80 % and cleared below 75 % (hysteresis), as a plant's alarm system would.
        level = 50 + 35 * math.sin(t * 2 * math.pi / 40)
        if not self.alarm_active and level > 80:
            self.alarm_active = True
            out.append((("a", "tank-1-high"), alarm_raise_record("tank-1-high", "tank-1", SEVERITY_WARNING,
                                                                  "tank-1 level high: %.1f %%" % level)))
        elif self.alarm_active and level < 75:
            self.alarm_active = False
            out.append((("a", "tank-1-high"), None))  # None: an alarm clear (and gone from the snapshot)
        return out


def parse_ports(text):
    ports = [int(p) for p in text.split(",")]
    if len(ports) != 3 or any(not 0 <= p <= 65535 for p in ports):
        raise argparse.ArgumentTypeError("--ports wants three ports U,S,C (0 = any free port)")
    return ports


def main():
    ap = argparse.ArgumentParser(description="twin-feed example publisher (part of the demo plant)")
    ap.add_argument("--bind-host", default="127.0.0.1")
    ap.add_argument("--ports", type=parse_ports, default=[5556, 5557, 5558])
    ap.add_argument("--duration", type=float, default=0.0, help="seconds to run (0 = until interrupted)")
    ap.add_argument("--rate", type=float, default=10.0, help="updates per second")
    args = ap.parse_args()
    if args.rate <= 0:
        ap.error("--rate must be > 0")

    ctx = zmq.Context()
    pub = Publisher(ctx, args.bind_host, args.ports)
    print("endpoints " + " ".join(pub.endpoints), flush=True)
    plant = MiniPlant()
    period = 1.0 / args.rate
    start = time.monotonic()
    next_tick = start
    try:
        while args.duration <= 0 or time.monotonic() - start < args.duration:
            now = time.monotonic()
            if now >= next_tick:
                plant.step(period)
                pub.publish(plant.records())
                next_tick = max(next_tick + period, now)
            pub.heartbeat_if_due()
            pub.poll(max(0.0, min(next_tick - time.monotonic(), 0.05)), plant.handle_command)
    except KeyboardInterrupt:
        pass
    finally:
        pub.close()
        ctx.term()
    return 0


if __name__ == "__main__":
    sys.exit(main())
