#include "lineclient.h"

#include "waituntil.h"

#include <QDeadlineTimer>

LineClient::LineClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QTcpSocket(this))
{
    connect(m_socket, &QTcpSocket::readyRead, this, &LineClient::onReadyRead);
}

bool LineClient::connectTo(quint16 port, const QHostAddress &host)
{
    return connectAndWait(m_socket, port, host);
}

void LineClient::sendLine(const QString &line)
{
    m_socket->write(line.toUtf8() + '\n');
}

void LineClient::sendRaw(const QByteArray &bytes)
{
    m_socket->write(bytes);
}

std::optional<QString> LineClient::nextLine(int timeoutMs)
{
    waitUntil([this] { return !m_lines.isEmpty(); }, timeoutMs);
    if (m_lines.isEmpty())
        return std::nullopt;
    return m_lines.takeFirst();
}

std::optional<QString> LineClient::waitForLine(const QString &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (true) {
        const std::optional<QString> line =
                nextLine(int(qMax<qint64>(0, deadline.remainingTime())));
        if (!line)
            return std::nullopt;
        if (line->contains(text))
            return line;
    }
}

bool LineClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool LineClient::waitForDisconnected(int timeoutMs)
{
    return waitForUnconnected(m_socket, timeoutMs);
}

void LineClient::onReadyRead()
{
    m_partial += m_socket->readAll();
    qsizetype lf;
    while ((lf = m_partial.indexOf('\n')) >= 0) {
        QByteArray line = m_partial.left(lf);
        if (line.endsWith('\r'))
            line.chop(1);
        m_lines.append(QString::fromUtf8(line));
        m_allLines.append(m_lines.last());
        m_partial.remove(0, lf + 1);
    }
}
