#pragma once

#include <QHostAddress>
#include <QObject>
#include <QStringList>
#include <QTcpSocket>

// A plain-text client for tests, like nc: sends lines, collects lines.
class LineClient : public QObject
{
    Q_OBJECT

public:
    explicit LineClient(QObject *parent = nullptr);

    bool connectTo(quint16 port, const QHostAddress &host = QHostAddress::LocalHost);
    void sendLine(const QString &line);
    void sendRaw(const QByteArray &bytes);

    // The next line (without its LF), waiting up to timeoutMs.
    std::optional<QString> nextLine(int timeoutMs = 5000);
    // Skips lines until one contains text; returns it.
    std::optional<QString> waitForLine(const QString &text, int timeoutMs = 5000);
    QStringList pendingLines() const { return m_lines; }
    // Every line received since connecting, read or not.
    QStringList allLines() const { return m_allLines; }
    void clearPending() { m_lines.clear(); }

    bool isConnected() const;
    bool waitForDisconnected(int timeoutMs = 5000);

private:
    void onReadyRead();

    QTcpSocket *m_socket;
    QByteArray m_partial;
    QStringList m_lines;
    QStringList m_allLines;
};
