#include "protocol.h"

#include <array>

namespace Protocol {

namespace {

constexpr std::array<QLatin1String, size_t(MessageType::Unknown)> typeNames = {
#define QTCHAT_NAME(name, wire) QLatin1String(wire),
        QTCHAT_MESSAGE_TYPES(QTCHAT_NAME)
#undef QTCHAT_NAME
};

constexpr std::array<QLatin1String, size_t(ErrorCode::Unknown)> errorNames = {
#define QTCHAT_NAME(name, wire) QLatin1String(wire),
        QTCHAT_ERROR_CODES(QTCHAT_NAME)
#undef QTCHAT_NAME
};

} // namespace

QLatin1String typeName(MessageType type)
{
    const auto index = size_t(type);
    return index < typeNames.size() ? typeNames[index] : QLatin1String("unknown");
}

MessageType typeFromName(QLatin1String name)
{
    for (size_t i = 0; i < typeNames.size(); ++i) {
        if (typeNames[i] == name)
            return MessageType(i);
    }
    return MessageType::Unknown;
}

QLatin1String errorCodeName(ErrorCode code)
{
    const auto index = size_t(code);
    return index < errorNames.size() ? errorNames[index] : QLatin1String("unknown");
}

ErrorCode errorCodeFromName(QLatin1String name)
{
    for (size_t i = 0; i < errorNames.size(); ++i) {
        if (errorNames[i] == name)
            return ErrorCode(i);
    }
    return ErrorCode::Unknown;
}

bool errorClosesConnection(ErrorCode code)
{
    switch (code) {
    case ErrorCode::FrameTooLarge:
    case ErrorCode::ProtocolUnsupported:
    case ErrorCode::AuthFailed:
    case ErrorCode::ServerFull:
    case ErrorCode::TooManyConnections:
    case ErrorCode::Banned:
    case ErrorCode::HandshakeTimeout:
    case ErrorCode::RateLimited:
    case ErrorCode::SendqExceeded:
    case ErrorCode::PingTimeout:
    case ErrorCode::Kicked:
    case ErrorCode::ServerShutdown:
        return true;
    case ErrorCode::BadFrame:
    case ErrorCode::UnknownType:
    case ErrorCode::BadNick:
    case ErrorCode::NickTaken:
    case ErrorCode::NotRegistered:
    case ErrorCode::TextTooLong:
    case ErrorCode::EmptyText:
    case ErrorCode::BadText:
    case ErrorCode::NoSuchNick:
    case ErrorCode::Unknown:
        return false;
    }
    return false;
}

} // namespace Protocol
