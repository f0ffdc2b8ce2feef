#pragma once

#include <QByteArray>
#include <QObject>

class QSocketNotifier;

// Lines typed on standard input, delivered in the event loop: the headless
// server's operator console and the client's terminal mode. On Unix a
// notifier watches the descriptor; Windows has none for a console, so a
// thread of its own blocks on it (never joined: it ends with the process).
class ConsoleInput : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleInput(QObject *parent = nullptr);

    // Whether standard input is a terminal (a person types) rather than a pipe or a file.
    static bool isInteractive();
    // Stops reading for a while (the reader is busy); input waits in the pipe.
    // (Unix; on Windows lines keep coming.)
    void setPaused(bool paused);

Q_SIGNALS:
    void lineRead(const QString &line);
    // Standard input ended (Ctrl+D, the end of a pipe, or none at all for a service).
    void closed();

private:
    void readAvailable();
    void processPending();

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_pending;
    bool m_ended = false;
    bool m_paused = false;
    bool m_closedSent = false;
    bool m_discarding = false; // the rest of an over-long line is skipped
};
