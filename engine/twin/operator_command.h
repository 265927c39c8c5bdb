// Operator commands as typed: the command line of the viewer's twin panel ("set pump-3.speed 1200",
// "close valve-7") parsed into a verb, a target entity and typed arguments for net::CommandRequest, and the
// inverse for the panel's history list. Pure functions; any thread.
//
// Grammar (tokens separated by spaces; a "quoted string" or a [vector] is one token even with spaces inside):
//   command  := verb target [value] {name=value}
//   verb     := word                      e.g. set, open, close, start, stop, reset
//   target   := word                      the entity id; "entity.property" when a positional value follows
//   value    := number | true | false | "quoted string" | [n, n, n] | [n, n, n, n] | bare word (a string)
// `set pump-3.speed 1200` == `set pump-3 speed=1200`: a positional value after a dotted target names the argument
// after the last '.'; a positional value after a plain target is the argument "value" (`setpoint tank-1 70`).
// Words are letters, digits and _ - . : / (an entity id such as "line-1/pump:3" stays one word).
#pragma once

#include "core/expected.h"
#include "net/feed/feed_types.h"

#include <string>
#include <string_view>
#include <vector>

namespace tv::twin {

struct OperatorCommand {
    std::string verb;
    std::string target;                     // entity id
    std::vector<net::OwnedCommandArg> args; // in the order typed; names unique
};

// Errors (ErrorCode::Parse) name the problem and the 1-based column where it starts, e.g.
// "expected a verb at column 1", "bad value 'x=' at column 12", "unterminated string at column 18",
// "duplicate argument 'speed' at column 20".
Expected<OperatorCommand> parseOperatorCommand(std::string_view text);

// The canonical text: verb, target, then name=value for every argument (numbers in the shortest form that reads
// back exactly, strings bare when they read back as the same string, else quoted with \" and \\ escaped).
// parseOperatorCommand(formatOperatorCommand(c)) gives back c for every command with valid names.
std::string formatOperatorCommand(const OperatorCommand& command);

// One value as the grammar writes it (the history list shows arguments this way too).
std::string formatOperatorValue(const net::OwnedValue& value);

} // namespace tv::twin
