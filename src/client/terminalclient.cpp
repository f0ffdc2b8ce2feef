#include "terminalclient.h"

#include "consoleinput.h"
#include "fingerprint.h"
#include "plaintextformat.h"
#include "validation.h"

#include <QLocale>
#include <QTimer>

#include <cstdio>
#include <utility>

using namespace Protocol;

namespace {

// After standard input ends, how long what was typed may wait without progress.
constexpr int LeaveTimeoutMs = 30'000;

} // namespace

TerminalClient::TerminalClient(QObject *parent)
    : QObject(parent)
    , m_commands(&m_client)
    , m_giveUp(new QTimer(this))
{
    // Input has ended and nothing went out for this long: the server is not coming back.
    m_giveUp->setSingleShot(true);
    m_giveUp->setInterval(LeaveTimeoutMs);
    connect(m_giveUp, &QTimer::timeout, this, [this] {
        if (!m_inputEnded)
            return;
        const int waiting = int(m_client.outbox().size());
        if (m_client.keepsOutboxOnDisk())
            status(tr("giving up for now: %n message(s) could not be sent; they are kept and "
                      "sent the next time you connect to %1 port %2 as %3",
                      "", waiting)
                           .arg(m_client.host())
                           .arg(m_client.port())
                           .arg(m_client.nick()));
        else
            status(tr("giving up: %n message(s) could not be sent", "", waiting));
        finish(1);
    });
    connect(&m_client, &ChatClient::stateChanged, this, &TerminalClient::onStateChanged);
    connect(&m_client, &ChatClient::errorOccurred, this, &TerminalClient::onError);
    connect(&m_client, &ChatClient::welcomed, this, [this](const Welcome &welcome) {
        if (!welcome.motd.isEmpty())
            print(PlainTextFormat::serverLine(welcome.motd));
    });
    connect(&m_client, &ChatClient::historyReceived, this, [this](const HistoryPage &page, bool) {
        for (const ChatMessage &message : page.messages) {
            if (message.to.isEmpty())
                printIn(message.room, PlainTextFormat::message(message));
            else
                print(PlainTextFormat::message(message));
        }
    });
    connect(&m_client, &ChatClient::messageReceived, this, [this](const ChatMessage &message) {
        const bool own = message.from.compare(m_client.nick(), Qt::CaseInsensitive) == 0;
        if (own && !message.to.isEmpty())
            print(PlainTextFormat::whisperSent(message.to, message.text));
        else if (!message.to.isEmpty())
            print(PlainTextFormat::message(message));
        else if (!own) // as in the tutorial, what you typed is already on your screen
            printIn(message.room, PlainTextFormat::message(message));
    });
    connect(&m_client, &ChatClient::outgoingChanged, this, [this](const ChatClient::Outgoing &o) {
        if (o.status == ChatClient::Outgoing::Status::Failed)
            status(tr("not sent (%1): %2").arg(o.error, Validation::quoted(o.text, 60)));
        if (o.status != ChatClient::Outgoing::Status::Pending) {
            m_giveUp->start(); // progress: the wait starts again
            // Read on once the outbox has room again.
            if (m_input && m_client.outbox().size() < m_client.settings().maxOutbox / 2)
                m_input->setPaused(false);
        }
        leaveWhenDone();
    });
    connect(&m_client, &ChatClient::userJoined, this, [this](const Joined &joined) {
        printIn(joined.room, PlainTextFormat::joined(joined.nick));
    });
    connect(&m_client, &ChatClient::userLeft, this, [this](const Left &left) {
        // Leaving the server is said once, whatever rooms they were in.
        if (left.room.isEmpty())
            print(PlainTextFormat::left(left.nick, left.reason));
        else
            printIn(left.room, PlainTextFormat::left(left.nick, left.reason));
    });
    connect(&m_client, &ChatClient::topicChanged, this, [this](const Topic &topic) {
        if (topic.text.isEmpty())
            status(tr("%1 has no topic now").arg(topic.room));
        else if (topic.by.isEmpty())
            status(tr("topic of %1: %2").arg(topic.room, topic.text));
        else
            status(tr("topic of %1: %2 (set by %3)").arg(topic.room, topic.text, topic.by));
    });
    connect(&m_client, &ChatClient::roomLeft, this,
            [this](const QString &room, const QString &reason, bool asked) {
                if (asked)
                    status(tr("you left %1").arg(room));
                else if (!reason.isEmpty())
                    status(tr("you are no longer in %1: %2")
                                   .arg(room, ChatClient::describeLeaving(reason)));
                if (Validation::roomKey(m_client.roomName(m_room)) != Validation::roomKey(room))
                    return;
                // Back to the default room, or the last room still joined.
                const QStringList rooms = m_client.rooms();
                if (m_client.isInRoom(QString()))
                    setCurrentRoom(QString());
                else if (!rooms.isEmpty())
                    setCurrentRoom(rooms.last());
                else
                    status(tr("you are in no room now: /join #ROOM goes into one"));
            });
    connect(&m_client, &ChatClient::roomRefused, this, [this](const QString &, const QString &) {
        // A room of before a reconnect that is gone: the interpreter said why.
        if (!m_client.isInRoom(m_room) && m_client.isInRoom(QString()))
            m_room.clear();
    });
    connect(&m_commands, &CommandInterpreter::conversationRequested, this,
            [this](const QString &target) {
                if (CommandInterpreter::isRoom(target))
                    setCurrentRoom(target);
            });
    connect(&m_client, &ChatClient::userRenamed, this, [this](const Renamed &renamed) {
        print(PlainTextFormat::renamed(renamed.from, renamed.to));
    });
    connect(&m_commands, &CommandInterpreter::replied, this,
            [this](const QString &, const QString &text) { status(text); });
    connect(&m_commands, &CommandInterpreter::quitRequested, this, [this](const QString &reason) {
        m_quitting = true;
        m_client.disconnectFromServer(reason);
        // Leave once the goodbye is on its way.
        QTimer::singleShot(200, this, [this] { finish(0); });
    });
    connect(&m_client, &ChatClient::presenceReceived, this, [this](const Presence &presence) {
        printIn(presence.room, PlainTextFormat::presence(presence));
    });
    connect(&m_client, &ChatClient::noticeReceived, this, [this](const Notice &notice) {
        if (notice.room.isEmpty())
            print(PlainTextFormat::serverLine(notice.text));
        else
            printIn(notice.room, PlainTextFormat::serverLine(notice.text));
    });
}

void TerminalClient::setCurrentRoom(const QString &room)
{
    m_room = m_client.isDefaultRoom(room) ? QString() : m_client.roomName(room);
    status(tr("you are in %1 now: what you type goes there").arg(m_client.roomName(room)));
}

void TerminalClient::printIn(const QString &room, const QByteArray &lines)
{
    const bool current = Validation::roomKey(m_client.roomName(room)) ==
                         Validation::roomKey(m_client.roomName(m_room));
    print(current ? lines : PlainTextFormat::inRoom(m_client.roomName(room), lines));
}

void TerminalClient::start(const QString &host, quint16 port, const QString &nick,
                           const QString &password)
{
    m_input = new ConsoleInput(this);
    connect(m_input, &ConsoleInput::lineRead, this, &TerminalClient::execute);
    connect(m_input, &ConsoleInput::closed, this, [this] {
        m_inputEnded = true;
        if (m_asking != ChatClient::ErrorKind::None) {
            status(tr("no answer: not connecting"));
            finish(1);
            return;
        }
        m_giveUp->start();
        leaveWhenDone();
    });
    status(tr("connecting to %1 port %2 as %3…").arg(host).arg(port).arg(nick));
    m_client.connectToServer(host, port, nick, password);
}

void TerminalClient::execute(const QString &line)
{
    if (m_asking != ChatClient::ErrorKind::None) {
        answer(line);
        return;
    }
    if (line.trimmed().isEmpty() || m_quitting)
        return;
    const CommandInterpreter::Outcome outcome = m_commands.execute(line, m_room);
    if (outcome.kind == CommandInterpreter::Outcome::Kind::TooLong) {
        // Not echoed whole: a screenful of it would help no one.
        const QLocale locale;
        status(tr("not sent: the message is %1 bytes, %2 more than the server takes in one "
                  "message (%3): %4")
                       .arg(locale.toString(outcome.size),
                            locale.toString(outcome.size - outcome.limit),
                            locale.toString(outcome.limit), Validation::quoted(outcome.text, 60)));
    }
    // A script piping faster than the server takes: stop reading until there is room.
    if (!m_client.canQueue())
        m_input->setPaused(true);
}

void TerminalClient::leaveWhenDone()
{
    if (m_inputEnded && !m_quitting && m_client.state() == ChatClient::State::Connected &&
        m_client.outbox().isEmpty()) {
        m_quitting = true;
        m_client.disconnectFromServer(QString());
        QTimer::singleShot(200, this, [this] { finish(0); });
    }
}

void TerminalClient::onStateChanged(ChatClient::State state)
{
    if (state == ChatClient::State::Connected) {
        status(tr("connected as %1; type /help for the commands").arg(m_client.nick()));
        if (m_client.isCertificateNew())
            status(tr("encrypted (%1); this computer sees the server's certificate for the first "
                      "time: %2. If the server shows the same, nobody is in between.")
                           .arg(m_client.encryptionDescription(),
                                Fingerprint::shortForm(m_client.certificateFingerprint())));
        else if (m_client.isEncrypted())
            status(tr("encrypted (%1)").arg(m_client.encryptionDescription()));
        else
            status(tr("not encrypted: anyone on the network can read this chat"));
        QTimer::singleShot(0, this, &TerminalClient::leaveWhenDone); // after the replay
    }
}

void TerminalClient::onError(ChatClient::ErrorKind kind, const QString &reason)
{
    if (kind == ChatClient::ErrorKind::CertificateChanged && !m_quitting) {
        status(reason);
        status(tr("SHA-256 before: %1").arg(m_client.pinnedFingerprint()));
        status(tr("SHA-256 now:    %1").arg(m_client.certificateFingerprint()));
        m_asking = kind;
        ask(tr("trust the new certificate? Ask the server's operator which fingerprint it shows "
               "first."),
            std::exchange(m_trustNewCertificate, false), QStringLiteral("--trust-new-certificate"));
        return;
    }
    if (kind == ChatClient::ErrorKind::NotEncrypted && !m_quitting) {
        status(reason);
        m_asking = kind;
        ask(tr("connect without encryption? qtchat remembers the answer for this server."),
            m_allowUnencrypted, QStringLiteral("--allow-unencrypted"));
        return;
    }
    if (m_client.state() == ChatClient::State::Reconnecting) {
        const qint64 ms = QDateTime::currentDateTime().msecsTo(m_client.nextAttemptAt());
        status(tr("%1 Trying again in %2 s.").arg(reason).arg((ms + 999) / 1000));
    } else if (!m_quitting) {
        status(reason);
        finish(1);
    }
}

void TerminalClient::ask(const QString &question, bool given, const QString &option)
{
    if (given) {
        status(tr("%1 yes (%2)").arg(question, option));
        answer(QStringLiteral("yes"));
    } else if (ConsoleInput::isInteractive() && !m_inputEnded) {
        status(tr("%1 Type yes to go on, anything else not to connect.").arg(question));
    } else {
        status(tr("not connecting: no one is here to answer (%1 answers yes).").arg(option));
        m_asking = ChatClient::ErrorKind::None;
        finish(1);
    }
}

void TerminalClient::answer(const QString &line)
{
    const ChatClient::ErrorKind asked = std::exchange(m_asking, ChatClient::ErrorKind::None);
    const QString word = line.trimmed().toLower();
    // "yes" in the user's language too.
    if (word != u"yes" && word != u"y" && word != tr("yes").toLower()) {
        status(tr("not connecting"));
        finish(1);
        return;
    }
    // From the event loop, not from inside the client's own report of the refusal.
    if (asked == ChatClient::ErrorKind::CertificateChanged)
        QTimer::singleShot(0, &m_client, &ChatClient::trustNewCertificate);
    else
        QTimer::singleShot(0, &m_client, &ChatClient::allowUnencrypted);
}

void TerminalClient::print(const QByteArray &lines)
{
    std::fwrite(lines.constData(), 1, size_t(lines.size()), stdout);
    std::fflush(stdout);
}

void TerminalClient::status(const QString &text)
{
    print((QStringLiteral("-!- ") + text + u'\n').toUtf8());
}

void TerminalClient::finish(int exitCode)
{
    if (m_input)
        m_input->disconnect(this);
    // From the event loop: a failure may come while connectToServer() is
    // still running, before the application's loop has started.
    QMetaObject::invokeMethod(
            this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
}
