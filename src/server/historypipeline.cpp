#include "historypipeline.h"

#include "englishcount.h"
#include "serverlogging.h"

#include <QDateTime>
#include <QDir>
#include <QTimer>

namespace {

// Retention (--history-days, --history-max) is applied at start and then this often.
constexpr int RetentionIntervalMs = 60 * 60 * 1000;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

HistoryPipeline::HistoryPipeline(const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_history(config.historySize)
{
    open();
}

HistoryPipeline::~HistoryPipeline()
{
    m_commitScheduled = false;
    if (m_history.hasUncommitted())
        noteResult(m_history.commit());
}

void HistoryPipeline::open()
{
    if (m_config.dataDir.isEmpty() || !m_config.historyOnDisk) {
        m_status = QStringLiteral("history is kept in memory only");
        return;
    }
    const QString path = QDir(m_config.dataDir).filePath(QStringLiteral("history.sqlite"));
    m_store.setDefaultRoom(m_config.defaultRoom);
    if (!m_store.open(path)) {
        m_status = u"history is kept in memory only: " + m_store.errorString();
        qCWarning(lcServer).noquote() << "history:" << m_store.errorString()
                                      << "- the room keeps its history in memory only";
        return;
    }
    m_history.attachStore(&m_store, nowMs());
    m_retry = new QTimer(this);
    m_retry->setInterval(m_config.historyRetryMs);
    connect(m_retry, &QTimer::timeout, this, &HistoryPipeline::writeInBackground);
    applyRetention();
    m_status = QStringLiteral("history in %1 (%2, last id %3)")
                       .arg(path, englishCount(m_store.count(), "message", "messages"))
                       .arg(m_store.lastId());
    qCInfo(lcServer).noquote() << m_status;
    if (!m_store.checkedFully())
        qCInfo(lcServer) << "history: the file is large; its full check was skipped at start";
    if (m_config.historyDays > 0 || m_config.historyMax > 0) {
        auto *retention = new QTimer(this);
        retention->setTimerType(Qt::VeryCoarseTimer);
        connect(retention, &QTimer::timeout, this, &HistoryPipeline::applyRetention);
        retention->start(RetentionIntervalMs);
    }
}

void HistoryPipeline::applyRetention()
{
    if (m_config.historyDays <= 0 && m_config.historyMax <= 0)
        return;
    commitNow();
    const qint64 removed = m_history.prune(m_config.historyDays, m_config.historyMax, nowMs());
    if (removed < 0)
        qCWarning(lcServer).noquote()
                << "history: cannot remove old messages:" << m_store.errorString();
    else if (removed > 0)
        qCInfo(lcServer).noquote() << "history: removed" << removed << "old messages";
}

Protocol::ChatMessage HistoryPipeline::append(const Protocol::ChatMessage &message,
                                              const QString &ref, const QHostAddress &fromAddress,
                                              const QHostAddress &toAddress)
{
    const Protocol::ChatMessage stored = m_history.append(message, ref, fromAddress, toAddress);
    scheduleCommit();
    return stored;
}

bool HistoryPipeline::isWaiting() const
{
    return !m_failing && m_history.writtenUpTo() < m_history.lastId();
}

void HistoryPipeline::scheduleCommit()
{
    if (m_commitScheduled || m_failing || !m_history.hasUncommitted())
        return;
    // What is said during this pass of the event loop is written in one
    // transaction, in the history's thread; what it carries is delivered
    // after that. Meanwhile the server goes on.
    m_commitScheduled = true;
    QMetaObject::invokeMethod(this, &HistoryPipeline::startCommit, Qt::QueuedConnection);
}

void HistoryPipeline::startCommit()
{
    m_commitScheduled = false;
    if (!m_failing) // otherwise m_retry tries again
        writeInBackground();
}

void HistoryPipeline::writeInBackground()
{
    // While a write is under way, what comes meanwhile waits for the next one.
    m_history.commitInBackground(
            [this](const MessageHistory::CommitResult &result) { onWritten(result); });
}

void HistoryPipeline::onWritten(const MessageHistory::CommitResult &result)
{
    noteResult(result);
    if (!m_failing && m_history.hasUncommitted())
        startCommit(); // the history's thread goes on while this one delivers
    Q_EMIT written();
}

void HistoryPipeline::commitNow()
{
    m_commitScheduled = false;
    if (m_history.hasUncommitted())
        noteResult(m_history.commit());
    Q_EMIT written();
}

void HistoryPipeline::noteResult(const MessageHistory::CommitResult &result)
{
    const QString path = m_store.path();
    if (result.ok) {
        if (m_failing) {
            m_failing = false;
            m_retry->stop();
            qCInfo(lcServer).noquote() << "history: writing to" << path << "again;"
                                       << result.written << "waiting messages written";
            m_status = u"history in " + path;
        }
        return;
    }
    if (!m_failing) {
        m_failing = true;
        qCWarning(lcServer).noquote()
                << "history: cannot write to" << path + u':' << result.error
                << "- messages are kept in memory and written when that works again (tried "
                   "every"
                << m_config.historyRetryMs / 1000.0
                << "seconds); if the server stops before, they are lost";
        m_status = u"history cannot be written to " + path + u": " + result.error;
        m_retry->start();
    }
    if (result.givenUp > 0) {
        qCWarning(lcServer).noquote() << "history:" << result.givenUp
                                      << "messages waited too long and will not be written";
    }
}
