#include "commandinterpreter.h"

#include "plaintextformat.h"
#include "textsplitter.h"
#include "validation.h"

#include <QLocale>

#include <algorithm>

using namespace Protocol;

CommandInterpreter::CommandInterpreter(ChatClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    connect(client, &ChatClient::usersListed, this, [this] {
        if (!m_whoAsked)
            return;
        m_whoAsked = false;
        QStringList nicks;
        for (const UserInfo &user : m_client->users())
            nicks.append(user.nick);
        std::sort(nicks.begin(), nicks.end(), [](const QString &a, const QString &b) {
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
        // A large room is named in part: the list beside shows them all.
        constexpr qsizetype MostNamed = 100;
        if (nicks.size() > MostNamed) {
            const QLocale locale;
            Q_EMIT replied(m_whoPeer,
                           tr("In the room (%1): %2, and %3 more")
                                   .arg(locale.toString(nicks.size()),
                                        nicks.mid(0, MostNamed).join(QLatin1String(", ")),
                                        locale.toString(nicks.size() - MostNamed)));
            return;
        }
        Q_EMIT replied(
                m_whoPeer,
                tr("In the room (%1): %2").arg(nicks.size()).arg(nicks.join(QLatin1String(", "))));
    });
    connect(client, &ChatClient::outboxRestored, this, [this](int count) {
        Q_EMIT replied(QString(), tr("%n message(s) you typed earlier wait to be sent; they go as "
                                     "soon as the server has you.",
                                     "", count));
    });
    connect(client, &ChatClient::outboxNotKept, this, [this](const QString &reason) {
        Q_EMIT replied(QString(), tr("Messages that wait to be sent cannot be kept on disk (%1): "
                                     "they are lost if qtchat quits before the server has them.")
                                          .arg(reason));
    });
    connect(client, &ChatClient::userRenamed, this, [this](const Renamed &renamed) {
        if (Validation::nickKey(renamed.to) == Validation::nickKey(m_nickAsked))
            m_nickAsked.clear();
    });
    connect(client, &ChatClient::serverError, this, [this](const Error &error) {
        // A refused /nick is answered where it was typed; anything else where
        // the last line was.
        if ((error.code == ErrorCode::NickTaken || error.code == ErrorCode::BadNick) &&
            !m_nickAsked.isEmpty()) {
            const QString asked = m_nickAsked;
            m_nickAsked.clear();
            Q_EMIT replied(m_nickPeer, m_client->describe(error, asked));
            return;
        }
        Q_EMIT replied(m_lastPeer, m_client->describe(error));
    });
}

CommandInterpreter::Outcome CommandInterpreter::refuse(const QString &peer, const QString &text)
{
    Q_EMIT replied(peer, text);
    Outcome outcome;
    outcome.kind = Outcome::Kind::Refused;
    return outcome;
}

bool CommandInterpreter::isHere(const QString &nick) const
{
    const QString key = Validation::nickKey(nick);
    const QList<UserInfo> users = m_client->users();
    return std::any_of(users.cbegin(), users.cend(), [&key](const UserInfo &user) {
        return Validation::nickKey(user.nick) == key;
    });
}

qsizetype CommandInterpreter::maxText() const
{
    return m_client->limits().maxText;
}

CommandInterpreter::Outcome CommandInterpreter::execute(const QString &line, const QString &peer)
{
    m_lastPeer = peer;
    const PlainTextFormat::Command command = PlainTextFormat::parseLine(line);
    switch (command.kind) {
    case PlainTextFormat::Command::Kind::Help:
        // The window and the terminal mode talk in the default room (no room commands yet).
        for (const QString &help : PlainTextFormat::helpLines(false))
            Q_EMIT replied(peer, PlainTextFormat::translated(help));
        return Outcome();
    case PlainTextFormat::Command::Kind::Usage:
        return refuse(peer, PlainTextFormat::translated(command.usage));
    case PlainTextFormat::Command::Kind::Unknown:
        return refuse(peer, PlainTextFormat::localizedUnknownCommand(command.name));
    case PlainTextFormat::Command::Kind::Request:
        break;
    }
    if (const auto *bye = std::get_if<Bye>(&command.message)) {
        Q_EMIT quitRequested(bye->reason);
        return Outcome();
    }
    if (m_client->host().isEmpty()) {
        Outcome outcome;
        outcome.kind = Outcome::Kind::NotConnected;
        return outcome;
    }
    const bool connected = m_client->state() == ChatClient::State::Connected;

    QString to = peer; // a private conversation's peer, or /msg's
    QString text;
    bool action = false;
    if (const auto *say = std::get_if<Say>(&command.message)) {
        if (say->action && !peer.isEmpty())
            return refuse(peer, tr("/me cannot be sent privately; use it in the room."));
        text = say->text;
        action = say->action;
    } else if (const auto *whisper = std::get_if<Whisper>(&command.message)) {
        // Known to be away (the list is current while connected): no conversation with no one.
        if (connected && !isHere(whisper->to)) {
            return refuse(peer, tr("Not sent: no one called %1 is here; /who lists who is.")
                                        .arg(Validation::quoted(whisper->to)));
        }
        to = whisper->to;
        for (const UserInfo &user : m_client->users()) {
            if (Validation::nickKey(user.nick) == Validation::nickKey(to))
                to = user.nick; // as they write it
        }
        text = whisper->text;
    } else if (const auto *nick = std::get_if<Nick>(&command.message)) {
        const Validation::NickCheck check = Validation::checkNick(nick->nick);
        if (!check.ok) {
            return refuse(
                    peer,
                    tr("This nickname cannot be used: %1").arg(Validation::localizedReason(check)));
        }
        if (check.nick == m_client->nick())
            return refuse(peer, tr("You are already called %1.").arg(check.nick));
        m_nickAsked = check.nick;
        m_nickPeer = peer;
        m_client->changeNick(check.nick);
        return Outcome();
    } else if (std::holds_alternative<Who>(command.message)) {
        if (!connected)
            return refuse(peer, tr("Not connected: the list of people comes once the server "
                                   "is back."));
        m_whoAsked = true;
        m_whoPeer = peer;
        m_client->requestUsers();
        return Outcome();
    } else if (std::holds_alternative<Join>(command.message) ||
               std::holds_alternative<Part>(command.message) ||
               std::holds_alternative<RoomsRequest>(command.message) ||
               std::holds_alternative<SetTopic>(command.message)) {
        return refuse(peer, tr("This version of qtchat talks in the server's default room only: "
                               "%1 is not available here (plain-text clients such as nc have "
                               "it).")
                                    .arg(line.trimmed().section(u' ', 0, 0)));
    } else {
        return Outcome();
    }

    // A message: checked here, so that what the server would refuse stays
    // with the person who typed it.
    const Validation::TextCheck check = Validation::checkText(text, maxText());
    if (check.error == ErrorCode::TextTooLong) {
        Outcome outcome;
        outcome.kind = Outcome::Kind::TooLong;
        outcome.text = text;
        outcome.action = action;
        outcome.to = to;
        outcome.size = check.size;
        outcome.limit = check.limit;
        return outcome;
    }
    if (check.error)
        return refuse(peer, tr("Not sent: %1").arg(Validation::localizedReason(check)));
    if (!to.isEmpty() && to != peer)
        Q_EMIT privateConversationRequested(to);
    sendText(check.text, action, to);
    return Outcome();
}

void CommandInterpreter::sendText(const QString &text, bool action, const QString &peer)
{
    if (peer.isEmpty())
        m_client->sendMessage(text, action);
    else
        m_client->sendWhisper(peer, text);
}

QStringList CommandInterpreter::split(const QString &text) const
{
    return TextSplitter::split(text, maxText());
}
