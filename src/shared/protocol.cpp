#include "protocol.h"

#include <algorithm>
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

template<typename Enum, size_t Size>
QLatin1String nameOf(const std::array<QLatin1String, Size> &names, Enum value)
{
    const auto index = size_t(value);
    return index < names.size() ? names[index] : QLatin1String("unknown");
}

// The enumerator whose name this is, or Enum::Unknown (the one after the last name).
template<typename Enum, size_t Size>
Enum valueOf(const std::array<QLatin1String, Size> &names, QLatin1String name)
{
    const auto found = std::find(names.cbegin(), names.cend(), name);
    return Enum(found - names.cbegin());
}

} // namespace

QLatin1String typeName(MessageType type)
{
    return nameOf(typeNames, type);
}

MessageType typeFromName(QLatin1String name)
{
    return valueOf<MessageType>(typeNames, name);
}

QLatin1String errorCodeName(ErrorCode code)
{
    return nameOf(errorNames, code);
}

ErrorCode errorCodeFromName(QLatin1String name)
{
    return valueOf<ErrorCode>(errorNames, name);
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
    case ErrorCode::TlsRequired:
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
    case ErrorCode::BadRoom:
    case ErrorCode::NoSuchRoom:
    case ErrorCode::NotInRoom:
    case ErrorCode::RoomLimit:
    case ErrorCode::NotAllowed:
    case ErrorCode::Unknown:
        return false;
    }
    return false;
}

} // namespace Protocol
