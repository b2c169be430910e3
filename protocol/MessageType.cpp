#include "protocol/MessageType.h"

namespace classroom::protocol {

bool maySend(Role sender, MessageType type)
{
    switch (type) {
    case MessageType::Hello:
    case MessageType::StateReport:
    case MessageType::Heartbeat:
    case MessageType::EnrollRequest:
        return sender == Role::Agent;
    case MessageType::StateSnapshot:
    case MessageType::EnrollReply:
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
    case 6: return MessageType::EnrollRequest;
    case 7: return MessageType::EnrollReply;
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
    case MessageType::EnrollRequest: return "EnrollRequest";
    case MessageType::EnrollReply: return "EnrollReply";
    }
    return "Unknown";
}

}  // namespace classroom::protocol
