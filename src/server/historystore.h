#pragma once

#include "historyreader.h"
#include "messages.h"

#include <QHostAddress>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

struct sqlite3;

// The room's history in one SQLite file (SQLite's own API): WAL
// journal, synchronous=FULL, a schema version table with migrations, and a
// counter that keeps ids growing after old messages are pruned. It is
// opened exclusively, so a second server cannot use the same file. A file
// it cannot use (damaged, from a newer version, read-only) is never
// changed: open() fails and says why.
//
// The file is used from a thread of its own, so that the server goes on
// while a transaction is written and synced. Every function but
// writeInBackground() waits for its answer from that thread; work is done
// there in the order it was asked for.
class HistoryStore
{
public:
    static constexpr int SchemaVersion = 3;

    // One stored message and what only the server needs to know about it.
    struct Entry
    {
        Protocol::ChatMessage message; // message.ref is empty
        QString ref;                   // the sender's ref, for duplicate suppression
        QHostAddress fromAddress;      // whispers only
        QHostAddress toAddress;
    };

    struct StoredRef
    {
        QString senderKey;
        QString ref;
        qint64 id = 0;
        qint64 ts = 0;
    };

    // A room and its topic, as kept.
    struct StoredRoom
    {
        QString name;
        QString topic;
        QString topicBy;
        qint64 topicTs = 0;
    };

    class Statement; // a prepared statement (internal)

    HistoryStore();
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // The room that room messages of files from before rooms were in (used
    // when open() brings such a file up to date); "#general" unless told.
    void setDefaultRoom(const QString &name) { m_defaultRoom = name; }
    bool open(const QString &path);
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString errorString() const;
    // Whether open() checked the whole file (it skips that for large files).
    bool checkedFully() const { return m_checkedFully; }

    // The highest id ever stored (0 for a new file), pruned messages included.
    qint64 lastId() const { return m_lastId; }
    // The oldest id still stored (0 when there is none).
    qint64 firstId() const;
    qint64 count();

    // Stores entries (with ids above lastId(), in order) in one transaction.
    bool write(const QList<Entry> &entries);
    // The same in the store's thread, returning at once. done(ok, error) is
    // called later in this thread, from its event loop or waitForWrites(),
    // in the order the writes were asked for.
    using WriteDone = std::function<void(bool ok, const QString &error)>;
    void writeInBackground(QList<Entry> entries, WriteDone done);
    bool isWriting() const { return !m_pendingWrites.empty(); }
    // Waits until every write asked for has finished and its done() was called.
    void waitForWrites();

    // The newest `count` entries, oldest first.
    QList<Entry> newest(int count);
    std::optional<Entry> entry(qint64 id);
    // Refs stored at or after sinceMs, oldest first.
    QList<StoredRef> refsSince(qint64 sinceMs);
    // Up to `limit` messages with ids in [lowId, highId) that reader may see,
    // newest first; *more tells whether there are further ones below.
    QList<Protocol::ChatMessage> visible(qint64 lowId, qint64 highId, int limit,
                                         const HistoryReader &reader, bool *more);

    // Removes messages older than `days` days and all but the newest `keep`
    // (0: no such limit). Returns how many were removed, or -1 on failure.
    qint64 prune(int days, qint64 keep, qint64 nowMs);

    // The rooms kept, by name.
    QList<StoredRoom> rooms();
    // Keeps a room (a new one, a new topic; with oldName, a room renamed:
    // its messages follow it).
    bool saveRoom(const StoredRoom &room, const QString &oldName = QString());
    // Forgets a room and its messages.
    bool removeRoom(const QString &name);

    // SQLite's own check of the whole file: "ok", or what is wrong.
    QString integrityCheck();
    // The value of a PRAGMA on this connection (journal_mode, synchronous...).
    QString pragma(const QString &name);

private:
    struct PendingWrite
    {
        WriteDone done;
        bool finished = false; // the fields below are guarded by m_resultsMutex
        bool ok = false;
        QString error;
    };

    // Runs f in the store's thread and returns its result.
    template<typename F>
    auto inStoreThread(F &&f) const
    {
        if (!m_thread.isRunning() || QThread::currentThread() == &m_thread)
            return f();
        using Result = decltype(f());
        if constexpr (std::is_void_v<Result>) {
            QMetaObject::invokeMethod(m_worker, f, Qt::BlockingQueuedConnection);
        } else {
            Result result{};
            QMetaObject::invokeMethod(
                    m_worker, [&] { result = f(); }, Qt::BlockingQueuedConnection);
            return result;
        }
    }
    bool openNow(const QString &path);
    void closeNow();
    bool writeNow(const QList<Entry> &entries);
    void deliverWriteResults();

    static Entry entryFrom(const Statement &row);
    bool fail(const QString &what);
    bool exec(const char *statement);
    void rollback();
    // Runs statement and collects its first column; the query is finished on return.
    bool query(const QByteArray &statement, QStringList *column, QString *error = nullptr);
    bool migrate(int fromVersion);
    // Runs work in one transaction: committed when it returns true, rolled back otherwise.
    bool inTransaction(const std::function<bool()> &work);
    qint64 readFirstId();

    sqlite3 *m_db = nullptr;
    std::unique_ptr<Statement> m_insertMessage;  // prepared once the file is open
    std::unique_ptr<Statement> m_insertMessages; // several at once
    std::unique_ptr<Statement> m_insertWhisper;
    std::unique_ptr<Statement> m_updateLastId;
    QString m_path;
    QString m_defaultRoom = QString::fromLatin1(Protocol::DefaultRoomName);
    QString m_error; // used in the store's thread
    std::atomic<qint64> m_lastId = 0;
    std::atomic<qint64> m_firstId = 0; // kept so that readers need not wait for a write
    bool m_open = false;
    bool m_checkedFully = false;

    mutable QThread m_thread;
    QObject *m_worker; // lives in m_thread
    class ResultNotifier;
    std::unique_ptr<ResultNotifier> m_resultNotifier; // lives in the thread that made this store
    std::deque<std::shared_ptr<PendingWrite>> m_pendingWrites; // the caller's side
    QMutex m_resultsMutex;
};
