#include "telnetfilter.h"

namespace {

// RFC 854 command codes and the one option answered positively (RFC 860).
constexpr unsigned char Iac = 255;
constexpr unsigned char Dont = 254;
constexpr unsigned char Do = 253;
constexpr unsigned char Wont = 252;
constexpr unsigned char Will = 251;
constexpr unsigned char Subnegotiation = 250;
constexpr unsigned char AreYouThere = 246;
constexpr unsigned char SubnegotiationEnd = 240;
constexpr unsigned char TimingMark = 6;

} // namespace

QByteArray TelnetFilter::filter(QByteArrayView input, QByteArray &reply)
{
    // Most input has no command at all.
    if (m_state == State::Text && !input.contains(char(Iac)))
        return input.toByteArray();
    QByteArray text;
    text.reserve(input.size());
    for (const char c : input) {
        const auto byte = static_cast<unsigned char>(c);
        switch (m_state) {
        case State::Text:
            if (byte == Iac)
                m_state = State::Command;
            else
                text.append(c);
            break;
        case State::Command:
            m_state = State::Text;
            if (byte == Iac) {
                text.append(c); // an escaped 255
            } else if (byte >= Will) {
                m_verb = byte;
                m_state = State::Option;
            } else if (byte == Subnegotiation) {
                m_state = State::Subnegotiation;
            } else if (byte == AreYouThere) {
                reply.append("-server- yes, still here\n");
            } // other commands (BRK, IP, NOP, erase...) mean nothing here
            break;
        case State::Option:
            m_state = State::Text;
            if (m_verb == Do) {
                reply.append(char(Iac)).append(char(byte == TimingMark ? Will : Wont)).append(c);
            } else if (m_verb == Will) {
                reply.append(char(Iac)).append(char(Dont)).append(c);
            } // DONT and WONT: it is off already
            break;
        case State::Subnegotiation:
            if (byte == Iac)
                m_state = State::SubnegotiationCommand;
            break;
        case State::SubnegotiationCommand:
            m_state = byte == SubnegotiationEnd ? State::Text : State::Subnegotiation;
            break;
        }
    }
    return text;
}
