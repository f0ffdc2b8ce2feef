#include "testclient.h"

#include "waituntil.h"

#include <QDeadlineTimer>

#ifdef Q_OS_UNIX
#include <poll.h>
#endif

using namespace Protocol;

TestClient::TestClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QTcpSocket(this))
{
    connect(m_socket, &QTcpSocket::readyRead, this, &TestClient::onReadyRead);
}

bool TestClient::connectTo(quint16 port, const QHostAddress &host)
{
    return connectAndWait(m_socket, port, host);
}

bool TestClient::connectFrom(const QHostAddress &local, quint16 port)
{
    return m_socket->bind(local, 0) && connectAndWait(m_socket, port);
}

void TestClient::sendRaw(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

std::optional<Welcome> TestClient::join(const QString &nick, std::optional<qint64> since,
                                        const QString &password)
{
    Hello hello;
    hello.nick = nick;
    hello.client = QStringLiteral("qtchat-tests");
    hello.since = since;
    hello.password = password;
    send(hello);
    std::optional<Welcome> welcome = nextAs<Welcome>();
    if (!welcome)
        return std::nullopt;
    // A long list of people comes in users frames after the welcome: it is
    // added to the welcome's, as a client does.
    while (!welcome->usersIncluded) {
        std::optional<Users> piece = nextAs<Users>();
        if (!piece)
            return std::nullopt;
        welcome->users.append(piece->users);
        welcome->usersIncluded = piece->complete;
    }
    std::optional<HistoryPage> history = nextAs<HistoryPage>();
    if (!history)
        return std::nullopt;
    m_joinHistory = *history;
    return welcome;
}

std::optional<ServerMessage> TestClient::next(int timeoutMs)
{
    if (m_pending.empty())
        waitUntil([this] { return !m_pending.empty(); }, timeoutMs);
    if (m_pending.empty())
        return std::nullopt;
    ServerMessage message = std::move(m_pending.front());
    m_pending.pop_front();
    return message;
}

std::optional<ChatMessage> TestClient::waitForMessageFrom(const QString &nick, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<ChatMessage> message =
                waitFor<ChatMessage>(int(deadline.remainingTime()));
        if (!message)
            break;
        if (message->from == nick)
            return message;
    }
    m_lastProblem = u"no message from " + nick + u" arrived in time";
    return std::nullopt;
}

std::optional<Error> TestClient::waitForError(ErrorCode code, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<Error> error = waitFor<Error>(int(deadline.remainingTime()));
        if (!error)
            break;
        if (error->code == code)
            return error;
        m_lastProblem = u"got error " + error->codeName + u": " + error->message;
    }
    return std::nullopt;
}

bool TestClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool TestClient::waitForDisconnected(int timeoutMs)
{
    return waitForUnconnected(m_socket, timeoutMs);
}

void TestClient::stopReading()
{
    m_reading = false;
    m_socket->setReadBufferSize(1);
    m_socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
}

bool TestClient::wasReset() const
{
#ifdef Q_OS_UNIX
    pollfd check{int(m_socket->socketDescriptor()), 0, 0};
    return ::poll(&check, 1, 0) == 1 && (check.revents & (POLLERR | POLLHUP));
#else
    return m_socket->error() == QAbstractSocket::RemoteHostClosedError;
#endif
}

void TestClient::onReadyRead()
{
    if (!m_reading)
        return;
    m_reader.append(m_socket->readAll());
    QByteArray frame;
    while (m_reader.next(frame) == FrameReader::Status::Frame) {
        Decoded<ServerMessage> decoded = Codec::decodeServerFrame(frame);
        if (!decoded.ok()) {
            m_decodeErrors.append(decoded.error.message + u": " + QString::fromUtf8(frame));
            continue;
        }
        if (const auto *ping = std::get_if<Ping>(&*decoded.message); ping && m_answerPings)
            send(Pong{ping->token});
        else
            m_pending.push_back(std::move(*decoded.message));
    }
}

QString TestClient::describe(const ServerMessage &message)
{
    return std::visit(
            [](const auto &m) {
                const QByteArray frame = Codec::encode(m);
                return QString::fromUtf8(frame.left(300)).trimmed();
            },
            message);
}
