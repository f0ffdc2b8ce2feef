#pragma once

#include "codec.h"
#include "framereader.h"
#include "messages.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QObject>
#include <QTcpSocket>

#include <deque>

// A protocol client for tests: real TCP over loopback, frames decoded with
// the shared codec as they arrive, and waits that run the event loop.
class TestClient : public QObject
{
    Q_OBJECT

public:
    explicit TestClient(QObject *parent = nullptr);

    bool connectTo(quint16 port, const QHostAddress &host = QHostAddress::LocalHost);
    // Connects from this local address (any 127.x.y.z works on Linux), to look
    // like another computer.
    bool connectFrom(const QHostAddress &local, quint16 port);
    void sendRaw(const QByteArray &bytes);
    template<typename Message>
    void send(const Message &message)
    {
        sendRaw(Codec::encode(message));
    }

    // Sends hello, waits for welcome (and the users frames after it, for a
    // long list; they are added to its users) and the history frame after it.
    std::optional<Protocol::Welcome> join(const QString &nick,
                                          std::optional<qint64> since = std::nullopt,
                                          const QString &password = QString());
    // The history frame that followed the last welcome.
    Protocol::HistoryPage joinHistory() const { return m_joinHistory; }

    // The next message from the server, waiting up to timeoutMs for it.
    std::optional<Protocol::ServerMessage> next(int timeoutMs = 5000);
    // The next message, which must be a T (otherwise describes what came in lastProblem()).
    template<typename T>
    std::optional<T> nextAs(int timeoutMs = 5000)
    {
        std::optional<Protocol::ServerMessage> message = next(timeoutMs);
        if (!message) {
            m_lastProblem = QStringLiteral("nothing arrived in time");
            return std::nullopt;
        }
        if (const T *value = std::get_if<T>(&*message))
            return *value;
        m_lastProblem = u"got " + describe(*message);
        return std::nullopt;
    }
    // Skips other messages until a T arrives.
    template<typename T>
    std::optional<T> waitFor(int timeoutMs = 5000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            std::optional<Protocol::ServerMessage> message = next(int(deadline.remainingTime()));
            if (!message)
                break;
            if (const T *value = std::get_if<T>(&*message))
                return *value;
        }
        m_lastProblem = QStringLiteral("it did not arrive in time");
        return std::nullopt;
    }
    // A chat message from this nickname, skipping everything else.
    std::optional<Protocol::ChatMessage> waitForMessageFrom(const QString &nick,
                                                            int timeoutMs = 5000);
    // An error frame with this code, skipping everything else.
    std::optional<Protocol::Error> waitForError(Protocol::ErrorCode code, int timeoutMs = 5000);

    int pendingCount() const { return int(m_pending.size()); }
    bool hasPending() const { return !m_pending.empty(); }
    bool isConnected() const;
    bool waitForDisconnected(int timeoutMs = 5000);
    QTcpSocket *socket() { return m_socket; }
    // Stops taking data off the socket, so that the server's output backs up.
    void stopReading();
    // Whether the server reset the connection (seen even while not reading).
    bool wasReset() const;
    // Answers the server's pings as a real client would (off by default).
    void setAnswerPings(bool answer) { m_answerPings = answer; }
    QString lastProblem() const { return m_lastProblem; }
    QStringList decodeErrors() const { return m_decodeErrors; }

    static QString describe(const Protocol::ServerMessage &message);

private:
    void onReadyRead();

    QTcpSocket *m_socket;
    FrameReader m_reader{0};
    std::deque<Protocol::ServerMessage> m_pending;
    Protocol::HistoryPage m_joinHistory;
    QStringList m_decodeErrors;
    QString m_lastProblem;
    bool m_reading = true;
    bool m_answerPings = false;
};
