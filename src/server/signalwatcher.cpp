#include "signalwatcher.h"

#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>
#endif
#ifdef Q_OS_WIN
#include <qt_windows.h>
#endif

namespace {

SignalWatcher *instance = nullptr;

#ifdef Q_OS_UNIX
int pipeFds[2] = {-1, -1};
struct sigaction previousInt;
struct sigaction previousTerm;

void onUnixSignal(int number)
{
    const char byte = char(number);
    // Only async-signal-safe calls here; the event loop does the rest.
    [[maybe_unused]] const ssize_t written = ::write(pipeFds[0], &byte, 1);
}
#endif

#ifdef Q_OS_WIN
BOOL WINAPI onConsoleEvent(DWORD type)
{
    if (!instance)
        return FALSE;
    const QString name =
            type == CTRL_C_EVENT ? QStringLiteral("Ctrl+C") : QStringLiteral("console closed");
    QMetaObject::invokeMethod(
            instance, [name] { Q_EMIT instance->shutdownRequested(name); }, Qt::QueuedConnection);
    return TRUE;
}
#endif

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
    Q_ASSERT(!instance);
    instance = this;
#ifdef Q_OS_UNIX
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, pipeFds) != 0)
        return;
    m_notifier = new QSocketNotifier(pipeFds[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::readSignal);
    struct sigaction action = {};
    action.sa_handler = onUnixSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previousInt);
    sigaction(SIGTERM, &action, &previousTerm);
#endif
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(onConsoleEvent, TRUE);
#endif
}

SignalWatcher::~SignalWatcher()
{
#ifdef Q_OS_UNIX
    if (m_notifier) {
        sigaction(SIGINT, &previousInt, nullptr);
        sigaction(SIGTERM, &previousTerm, nullptr);
        delete m_notifier;
        ::close(pipeFds[0]);
        ::close(pipeFds[1]);
        pipeFds[0] = pipeFds[1] = -1;
    }
#endif
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(onConsoleEvent, FALSE);
#endif
    instance = nullptr;
}

void SignalWatcher::readSignal()
{
#ifdef Q_OS_UNIX
    char byte = 0;
    if (::read(pipeFds[1], &byte, 1) != 1)
        return;
    const QString name = byte == SIGINT ? QStringLiteral("SIGINT") : QStringLiteral("SIGTERM");
    Q_EMIT shutdownRequested(name);
#endif
}
