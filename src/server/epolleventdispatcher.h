#pragma once

#include <QAbstractEventDispatcher>
#include <QHash>
#include <QList>

#include <atomic>
#include <map>
#include <unordered_map>

// An event dispatcher for Linux that scales with the number of connections:
// epoll for socket notifiers (Qt's own dispatchers hand every descriptor to
// poll() on every pass, which a room of 10,000 turns into most of the
// server's work) and an ordered queue for timers (Qt's list is searched
// from end to end to remove one). Public Qt API only; installed by the
// headless server with QCoreApplication::setEventDispatcher().
//
// Descriptors epoll cannot watch (a regular file, /dev/null on standard
// input) are taken as always ready, as poll() takes them. Linux only (the
// file is built there alone).
class EpollEventDispatcher : public QAbstractEventDispatcher
{
    Q_OBJECT

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

private:
    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
        QSocketNotifier *exception = nullptr;
        bool epolled = false;    // in the epoll set (else always ready)
        unsigned int events = 0; // what epoll watches for
    };
    struct Timer
    {
        qint64 interval = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        qint64 due = 0; // ms, monotonic
        std::multimap<qint64, int>::iterator queued;
        bool firing = false; // its event is being delivered: not again meanwhile
    };

    static qint64 nowMs();
    void updateWatch(int fd, Watch &watch);
    void schedule(int timerId, Timer &timer, qint64 due);
    // Delivers the events of the timers due now; true if there was one.
    bool activateTimers();
    // Delivers SockAct to the notifiers of fd for events; true if there was one.
    bool activateSocket(int fd, unsigned int events);
    int timeoutMs(bool canWait) const;

    int m_epoll = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};
    QHash<int, Watch> m_watches;             // by descriptor
    QList<int> m_alwaysReady;                // descriptors epoll cannot watch
    std::unordered_map<int, Timer> m_timers; // by id
    std::multimap<qint64, int> m_queue;      // due time -> timer id
    QHash<QObject *, QList<int>> m_timersOf;
};
