#include "protocol/MessageType.h"

namespace classroom::protocol {

bool maySend(Role sender, MessageType type)
{
    switch (type) {
    case MessageType::Hello:
    case MessageType::StateReport:
    case MessageType::Heartbeat:
        return sender == Role::Agent;
    case MessageType::StateSnapshot:
        return sender == Role::Console;
    case MessageType::Error:
        return true;
    }
    return false;
}

std::optional<MessageType> messageTypeFromWire(std::uint64_t value)
{
    switch (value) {
    case 1: return MessageType::Hello;
    case 2: return MessageType::StateSnapshot;
    case 3: return MessageType::StateReport;
    case 4: return MessageType::Error;
    case 5: return MessageType::Heartbeat;
    default: return std::nullopt;
    }
}

std::string_view toString(MessageType type)
{
    switch (type) {
    case MessageType::Hello: return "Hello";
    case MessageType::StateSnapshot: return "StateSnapshot";
    case MessageType::StateReport: return "StateReport";
    case MessageType::Error: return "Error";
    case MessageType::Heartbeat: return "Heartbeat";
    }
    return "Unknown";
}

}  // namespace classroom::protocol
