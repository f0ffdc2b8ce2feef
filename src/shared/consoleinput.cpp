#include "consoleinput.h"

#include <QCoreApplication>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <unistd.h>

#include <cerrno>
#else
#include <io.h>

#include <cstdio>
#include <thread>
#endif

namespace {

// No command or message is that long; a longer unfinished line is dropped.
constexpr qsizetype MaxLineBytes = 64 * 1024;

} // namespace

bool ConsoleInput::isInteractive()
{
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO);
#else
    return _isatty(_fileno(stdin));
#endif
}

ConsoleInput::ConsoleInput(QObject *parent)
    : QObject(parent)
{
#ifdef Q_OS_UNIX
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ConsoleInput::readAvailable);
#else
    // Lines are handed to the main thread through the application object,
    // which outlives this one; the guard is only read in the main thread.
    QPointer<ConsoleInput> guard(this);
    std::thread([guard] {
        char buffer[4096];
        QByteArray line;
        bool discarding = false;
        while (std::fgets(buffer, sizeof buffer, stdin)) {
            line += buffer;
            const bool complete = line.endsWith('\n');
            if (!complete && line.size() < MaxLineBytes)
                continue;
            if (!complete || discarding) {
                // Too long to take: skipped up to its end.
                discarding = !complete;
                line.clear();
                continue;
            }
            const QString text = QString::fromLocal8Bit(line).trimmed();
            line.clear();
            QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [guard, text] {
                        if (guard)
                            Q_EMIT guard->lineRead(text);
                    },
                    Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [guard] {
                    if (guard)
                        Q_EMIT guard->closed();
                },
                Qt::QueuedConnection);
    }).detach();
#endif
}

void ConsoleInput::setPaused(bool paused)
{
    m_paused = paused;
#ifdef Q_OS_UNIX
    if (!m_ended)
        m_notifier->setEnabled(!paused);
    if (!paused)
        QTimer::singleShot(0, this, &ConsoleInput::processPending);
#endif
}

void ConsoleInput::readAvailable()
{
#ifdef Q_OS_UNIX
    char buffer[4096];
    const ssize_t got = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (got < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (got <= 0) {
        m_ended = true;
        m_notifier->setEnabled(false);
        if (!m_pending.isEmpty() && !m_pending.endsWith('\n'))
            m_pending += '\n'; // the last line needs no LF
    } else {
        m_pending.append(buffer, got);
    }
    processPending();
#endif
}

void ConsoleInput::processPending()
{
    const QPointer<ConsoleInput> self(this); // a line may end it all (/quit)
    qsizetype end;
    while (!m_paused && (end = m_pending.indexOf('\n')) >= 0) {
        QByteArray line = m_pending.left(end);
        m_pending.remove(0, end + 1);
        if (m_discarding) { // the end of a line too long to take
            m_discarding = false;
            continue;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        Q_EMIT lineRead(QString::fromLocal8Bit(line));
        if (!self)
            return;
    }
    if (m_pending.size() > MaxLineBytes && m_pending.indexOf('\n') < 0) {
        qWarning("qtchat: a line longer than %lld bytes was not taken",
                 static_cast<long long>(MaxLineBytes));
        m_pending.clear();
        m_discarding = true;
    }
    if (m_ended && !m_paused && !m_closedSent) {
        m_closedSent = true;
        Q_EMIT closed();
    }
}
