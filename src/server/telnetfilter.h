#pragma once

#include <QByteArray>
#include <QByteArrayView>

// Telnet clients mix commands (RFC 854 "IAC" sequences) into what the user
// types: option negotiation, and signals such as BRK when a byte of a UTF-8
// character looks like a control key to them. This removes the commands from
// a plain-text client's input and answers what needs an answer: options are
// refused, TIMING-MARK is acknowledged (telnet hides all output until it
// is, RFC 860), "are you there" is answered. Works across reads.
class TelnetFilter
{
public:
    // The text in input; what to send back is appended to reply.
    QByteArray filter(QByteArrayView input, QByteArray &reply);

private:
    enum class State { Text, Command, Option, Subnegotiation, SubnegotiationCommand };

    State m_state = State::Text;
    unsigned char m_verb = 0; // DO, DONT, WILL or WONT awaiting its option
};
