#include "epolleventdispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <chrono>
#include <climits>
#include <vector>

#include <cerrno>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

// Events taken from epoll in one call.
constexpr int EventsPerWait = 1024;

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    if (m_epoll < 0 || m_wakeFd < 0)
        qFatal("qtchat: cannot make the event dispatcher: %s", strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeFd);
    ::close(m_epoll);
}

qint64 EpollEventDispatcher::nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void EpollEventDispatcher::updateWatch(int fd, Watch &watch)
{
    unsigned int events = 0;
    if (watch.read)
        events |= EPOLLIN;
    if (watch.write)
        events |= EPOLLOUT;
    if (watch.exception)
        events |= EPOLLPRI;
    if (events == 0) {
        if (watch.epolled)
            ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
        m_alwaysReady.removeOne(fd);
        m_watches.remove(fd);
        return;
    }
    if (!watch.epolled && m_alwaysReady.contains(fd))
        return; // as ready as ever
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    const int operation = watch.epolled ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    if (events == watch.events && watch.epolled)
        return;
    if (::epoll_ctl(m_epoll, operation, fd, &event) == 0) {
        watch.epolled = true;
        watch.events = events;
    } else if (errno == EPERM) {
        m_alwaysReady.append(fd); // a file or a device without poll: always ready
    } else {
        qWarning("qtchat: cannot watch descriptor %d: %s", fd, strerror(errno));
    }
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    Watch &watch = m_watches[fd];
    switch (notifier->type()) {
    case QSocketNotifier::Read:
        watch.read = notifier;
        break;
    case QSocketNotifier::Write:
        watch.write = notifier;
        break;
    case QSocketNotifier::Exception:
        watch.exception = notifier;
        break;
    }
    updateWatch(fd, watch);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const auto found = m_watches.find(fd);
    if (found == m_watches.end())
        return;
    Watch &watch = found.value();
    if (watch.read == notifier)
        watch.read = nullptr;
    else if (watch.write == notifier)
        watch.write = nullptr;
    else if (watch.exception == notifier)
        watch.exception = nullptr;
    else
        return;
    updateWatch(fd, watch);
}

void EpollEventDispatcher::schedule(int timerId, Timer &timer, qint64 due)
{
    timer.due = due;
    timer.queued = m_queue.emplace(due, timerId);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    Timer &timer = m_timers[timerId];
    timer.interval = qMax<qint64>(0, interval);
    timer.type = timerType;
    timer.object = object;
    schedule(timerId, timer, nowMs() + timer.interval);
    m_timersOf[object].append(timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto found = m_timers.find(timerId);
    if (found == m_timers.end())
        return false;
    m_queue.erase(found->second.queued);
    const auto of = m_timersOf.find(found->second.object);
    if (of != m_timersOf.end()) {
        of->removeOne(timerId);
        if (of->isEmpty())
            m_timersOf.erase(of);
    }
    m_timers.erase(found);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersOf.take(object);
    for (const int id : ids) {
        const auto found = m_timers.find(id);
        if (found == m_timers.end())
            continue;
        m_queue.erase(found->second.queued);
        m_timers.erase(found);
    }
    return !ids.isEmpty();
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    for (const int id : m_timersOf.value(object)) {
        const auto found = m_timers.find(id);
        if (found != m_timers.end())
            list.append(TimerInfo(id, int(qMin<qint64>(found->second.interval, INT_MAX)),
                                  found->second.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto found = m_timers.find(timerId);
    if (found == m_timers.end())
        return -1;
    return int(qBound<qint64>(0, found->second.due - nowMs(), qint64(INT_MAX)));
}

void EpollEventDispatcher::wakeUp()
{
    // Any thread; one write until the loop has noticed it.
    if (m_wakeUpPending.exchange(true))
        return;
    const quint64 one = 1;
    while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted = true;
    wakeUp();
}

int EpollEventDispatcher::timeoutMs(bool canWait) const
{
    if (!canWait || !m_alwaysReady.isEmpty())
        return 0;
    if (m_queue.empty())
        return -1;
    const qint64 wait = m_queue.begin()->first - nowMs();
    return int(qBound<qint64>(0, wait, qint64(INT_MAX)));
}

bool EpollEventDispatcher::activateTimers()
{
    const qint64 now = nowMs();
    // The timers due now, as they are before any of them runs: a timer that
    // comes due while these run (an interval of 0) waits for the next pass.
    std::vector<int> due;
    for (auto it = m_queue.begin(); it != m_queue.end() && it->first <= now; ++it)
        due.push_back(it->second);
    bool activated = false;
    for (const int id : due) {
        auto found = m_timers.find(id);
        if (found == m_timers.end() || found->second.firing)
            continue; // stopped by an earlier one, or running in an outer loop
        Timer &timer = found->second;
        m_queue.erase(timer.queued);
        // The next time: one interval on, or from now when that is past already.
        qint64 next = timer.due + timer.interval;
        if (next <= now && timer.interval > 0)
            next = now + timer.interval;
        schedule(id, timer, next);
        timer.firing = true;
        QObject *object = timer.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        activated = true;
        found = m_timers.find(id); // gone, if the event stopped it
        if (found != m_timers.end())
            found->second.firing = false;
    }
    return activated;
}

bool EpollEventDispatcher::activateSocket(int fd, unsigned int events)
{
    bool activated = false;
    // Each notifier is looked up as it comes: one may remove another.
    const auto notify = [&](QSocketNotifier *Watch::*which) {
        const auto found = m_watches.constFind(fd);
        if (found == m_watches.constEnd() || !(found.value().*which))
            return;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(found.value().*which, &event);
        activated = true;
    };
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR | EPOLLRDHUP))
        notify(&Watch::read);
    if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR))
        notify(&Watch::write);
    if (events & EPOLLPRI)
        notify(&Watch::exception);
    return activated;
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted = false;
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();
    if (m_interrupted)
        return false;

    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents);
    const int timeout = timeoutMs(canWait);
    if (timeout != 0)
        Q_EMIT aboutToBlock();
    epoll_event events[EventsPerWait];
    int count;
    do {
        count = ::epoll_wait(m_epoll, events, EventsPerWait, timeout);
    } while (count < 0 && errno == EINTR);
    if (count > 0)
        Q_EMIT awake();

    bool activated = false;
    const bool notifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    for (int i = 0; i < count; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_wakeFd) {
            quint64 value = 0;
            while (::read(m_wakeFd, &value, sizeof value) < 0 && errno == EINTR) {
            }
            m_wakeUpPending = false;
            activated = true;
            continue;
        }
        if (notifiers && !m_interrupted)
            activated |= activateSocket(fd, events[i].events);
    }
    if (notifiers && !m_interrupted) {
        const QList<int> ready = m_alwaysReady;
        for (const int fd : ready)
            activated |= activateSocket(fd, EPOLLIN | EPOLLOUT);
    }
    if (!flags.testFlag(QEventLoop::X11ExcludeTimers) && !m_interrupted)
        activated |= activateTimers();
    return activated;
}
