#include "protocol/MessageType.h"

namespace classroom::protocol {

bool maySend(Role sender, MessageType type)
{
    switch (type) {
    case MessageType::Hello:
    case MessageType::StateReport:
    case MessageType::Heartbeat:
    case MessageType::EnrollRequest:
    case MessageType::ModuleRequest:
    case MessageType::ChunkRequest:
    case MessageType::ModuleProgress:
    case MessageType::PageView:
    case MessageType::Answer:
        return sender == Role::Agent;
    case MessageType::StateSnapshot:
    case MessageType::EnrollReply:
    case MessageType::ModuleIndex:
    case MessageType::Chunk:
    case MessageType::PageViewAck:
    case MessageType::AnswerAck:
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
    case 8: return MessageType::ModuleRequest;
    case 9: return MessageType::ModuleIndex;
    case 10: return MessageType::ChunkRequest;
    case 11: return MessageType::Chunk;
    case 12: return MessageType::ModuleProgress;
    case 13: return MessageType::PageView;
    case 14: return MessageType::PageViewAck;
    case 15: return MessageType::Answer;
    case 16: return MessageType::AnswerAck;
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
    case MessageType::ModuleRequest: return "ModuleRequest";
    case MessageType::ModuleIndex: return "ModuleIndex";
    case MessageType::ChunkRequest: return "ChunkRequest";
    case MessageType::Chunk: return "Chunk";
    case MessageType::ModuleProgress: return "ModuleProgress";
    case MessageType::PageView: return "PageView";
    case MessageType::PageViewAck: return "PageViewAck";
    case MessageType::Answer: return "Answer";
    case MessageType::AnswerAck: return "AnswerAck";
    }
    return "Unknown";
}

}  // namespace classroom::protocol
