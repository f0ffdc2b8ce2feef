#pragma once

#include "historyreader.h"
#include "messages.h"

#include <QHostAddress>
#include <QList>
#include <QString>

#include <optional>

// The room's history in one SQLite file (Qt SQL, QSQLITE driver): WAL
// journal, synchronous=FULL, a schema version table with migrations, and a
// counter that keeps ids growing after old messages are pruned. It is
// opened exclusively, so a second server cannot use the same file. A file
// it cannot use (damaged, from a newer version, read-only) is never
// changed: open() fails and says why.
class HistoryStore
{
public:
    static constexpr int SchemaVersion = 1;

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

    HistoryStore();
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    bool open(const QString &path);
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    // Whether open() checked the whole file (it skips that for large files).
    bool checkedFully() const { return m_checkedFully; }

    // The highest id ever stored (0 for a new file), pruned messages included.
    qint64 lastId() const { return m_lastId; }
    // The oldest id still stored (0 when there is none).
    qint64 firstId();
    qint64 count();

    // Stores entries (with ids above lastId(), in order) in one transaction.
    bool write(const QList<Entry> &entries);

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

    // SQLite's own check of the whole file: "ok", or what is wrong.
    QString integrityCheck();
    // The value of a PRAGMA on this connection (journal_mode, synchronous...).
    QString pragma(const QString &name);

private:
    bool fail(const QString &what);
    bool exec(const QString &statement);
    void rollback();
    // Runs statement and collects its first column; the query is finished on return.
    bool query(const QString &statement, QStringList *column, QString *error = nullptr);
    bool migrate(int fromVersion);

    QString m_connection;
    QString m_path;
    QString m_error;
    qint64 m_lastId = 0;
    bool m_open = false;
    bool m_checkedFully = false;
};
