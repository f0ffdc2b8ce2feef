#pragma once

#include "historystore.h"
#include "messagehistory.h"
#include "serverconfig.h"

#include <QObject>

class QTimer;

// The history's way to disk: the file opened (or why the history stays in
// memory), what is said in one pass of the event loop written in one
// transaction in the history's thread, writes that failed tried again, old
// messages forgotten (--history-days, --history-max). Deliveries wait for
// the write of what they carry (the Router asks isWaiting()); written()
// says when they may go.
class HistoryPipeline : public QObject
{
    Q_OBJECT

public:
    explicit HistoryPipeline(const ServerConfig &config, QObject *parent = nullptr);
    // Writes what waits: nothing acknowledged is lost on a clean stop.
    ~HistoryPipeline() override;

    const MessageHistory &history() const { return m_history; }
    MessageHistory &history() { return m_history; }
    HistoryStore *store() { return &m_store; }
    // Where the history is kept, or why it is only in memory, for people.
    QString status() const { return m_status; }

    // Stores message under the next id (see MessageHistory::append); it is
    // written with the rest of this pass.
    Protocol::ChatMessage append(const Protocol::ChatMessage &message, const QString &ref,
                                 const QHostAddress &fromAddress = MessageHistory::noAddress(),
                                 const QHostAddress &toAddress = MessageHistory::noAddress());
    qint64 lastId() const { return m_history.lastId(); }
    // Whether what was appended is not written yet, while writing works:
    // deliveries wait (when writing fails, they go anyway).
    bool isWaiting() const;
    bool isFailing() const { return m_failing; }

public Q_SLOTS:
    // Writes everything waiting, now (then written()).
    void commitNow();
    void applyRetention();

Q_SIGNALS:
    // A write finished (or failed): deliveries that waited for it may go.
    void written();

private:
    void open();
    void scheduleCommit();
    void startCommit();
    void writeInBackground(); // also what m_retry does
    void onWritten(const MessageHistory::CommitResult &result);
    void noteResult(const MessageHistory::CommitResult &result);

    const ServerConfig &m_config;
    HistoryStore m_store; // before m_history, which uses it
    MessageHistory m_history;
    QString m_status;
    bool m_commitScheduled = false;
    bool m_failing = false; // writing failed; retried by m_retry
    QTimer *m_retry = nullptr;
};
