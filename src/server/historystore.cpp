#include "historystore.h"

#include "validation.h"

#include <QAtomicInt>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Protocol;

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000;

// Files up to this size are checked whole (PRAGMA quick_check) when opened.
constexpr qint64 FullCheckMaxBytes = 128 * 1024 * 1024;

// The schema, one step per version: migrations[n] takes a file from version n to n + 1.
const QList<QStringList> migrations = {
        // 0 -> 1: the first schema.
        {
                QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
                QStringLiteral("INSERT INTO schema_version (version) VALUES (0)"),
                QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT "
                               "NULL)"),
                QStringLiteral("INSERT INTO counters (name, value) VALUES ('last_id', 0)"),
                QStringLiteral("CREATE TABLE messages ("
                               " id INTEGER PRIMARY KEY,"
                               " ts INTEGER NOT NULL,"
                               " sender TEXT NOT NULL,"
                               " sender_key TEXT NOT NULL,"
                               " sender_address TEXT,"
                               " recipient TEXT,"
                               " recipient_key TEXT,"
                               " recipient_address TEXT,"
                               " action INTEGER NOT NULL DEFAULT 0,"
                               " text TEXT NOT NULL,"
                               " ref TEXT)"),
                QStringLiteral("CREATE INDEX messages_by_ts ON messages (ts)"),
                QStringLiteral("CREATE INDEX messages_by_ref ON messages (ts, sender_key, ref) "
                               "WHERE ref IS NOT NULL"),
        },
};

const QString columns = QStringLiteral(
        "id, ts, sender, recipient, action, text, ref, sender_address, recipient_address");

HistoryStore::Entry entryFrom(const QSqlQuery &query)
{
    HistoryStore::Entry entry;
    entry.message.id = query.value(0).toLongLong();
    entry.message.ts = query.value(1).toLongLong();
    entry.message.from = query.value(2).toString();
    entry.message.to = query.value(3).toString();
    entry.message.action = query.value(4).toBool();
    entry.message.text = query.value(5).toString();
    entry.ref = query.value(6).toString();
    if (!query.isNull(7))
        entry.fromAddress = QHostAddress(query.value(7).toString());
    if (!query.isNull(8))
        entry.toAddress = QHostAddress(query.value(8).toString());
    return entry;
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(text);
}

QVariant addressOrNull(const QHostAddress &address)
{
    return address.isNull() ? QVariant(QMetaType(QMetaType::QString))
                            : QVariant(address.toString());
}

} // namespace

HistoryStore::HistoryStore()
{
    static QAtomicInt counter;
    m_connection = QStringLiteral("qtchat-history-%1").arg(counter.fetchAndAddRelaxed(1));
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::fail(const QString &what)
{
    m_error = what;
    close();
    return false;
}

void HistoryStore::rollback()
{
    // SQLite may have rolled back already (after "disk full"): its answer
    // does not replace the error that led here.
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.exec(QStringLiteral("ROLLBACK"));
}

bool HistoryStore::exec(const QString &statement)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(statement))
        return true;
    m_error = query.lastError().text();
    return false;
}

bool HistoryStore::open(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(QStringLiteral("Qt's SQLite driver is not installed (Debian and Ubuntu: "
                                   "package libqt6sql6-sqlite)"));
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(u"cannot create the folder " + file.absolutePath());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
        db.setDatabaseName(path);
        if (!db.open())
            return fail(u"cannot open " + path + u": " + db.lastError().text());
    }
    m_open = true;

    // One server per file; the lock is held from the first write until close.
    // Then nothing is written before the file is known to be ours and sound.
    if (!exec(QStringLiteral("PRAGMA busy_timeout = 0")) ||
        !exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")))
        return fail(path + u": " + m_error);
    // Reading the list of tables shows whether it is a database at all (and not in use).
    QStringList names;
    QString readError;
    if (!query(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"), &names,
               &readError)) {
        if (readError.contains(QLatin1String("locked")))
            return fail(path + u" is in use by another program (another qtchat-server?)");
        return fail(path + u" cannot be read as a history file (" + readError +
                    u"); it was left as it is. Move it away to start a new history.");
    }
    // The full check reads the whole file: done at start unless it is large.
    m_checkedFully = QFileInfo(path).size() <= FullCheckMaxBytes;
    if (m_checkedFully) {
        QStringList problems;
        if (!query(QStringLiteral("PRAGMA quick_check"), &problems, &readError))
            problems = QStringList{readError};
        if (problems != QStringList{QStringLiteral("ok")}) {
            return fail(path + u" is damaged (" + problems.mid(0, 3).join(QLatin1String("; ")) +
                        u"); it was left as it is. Move it away to start a new history.");
        }
    }

    int version = 0;
    if (names.contains(QLatin1String("schema_version"))) {
        QStringList versions;
        if (!query(QStringLiteral("SELECT version FROM schema_version"), &versions) ||
            versions.size() != 1)
            return fail(path + u": cannot read its schema version");
        version = versions.first().toInt();
    } else if (!names.isEmpty()) {
        return fail(path + u" is not a qtchat history file (it has other tables); it was left "
                           u"as it is");
    }
    if (version > SchemaVersion) {
        return fail(path + QStringLiteral(" was written by a newer qtchat-server (history schema "
                                          "%1; this one knows up to %2); it was left as it is")
                                   .arg(version)
                                   .arg(SchemaVersion));
    }

    QStringList mode;
    QString modeError;
    if (!query(QStringLiteral("PRAGMA journal_mode = WAL"), &mode, &modeError) ||
        mode != QStringList{QStringLiteral("wal")}) {
        return fail(u"cannot write to " + path + u" (" +
                    (modeError.isEmpty() ? QStringLiteral("no WAL journal") : modeError) +
                    u"); is the folder read-only?");
    }
    if (!exec(QStringLiteral("PRAGMA synchronous = FULL")))
        return fail(path + u": " + m_error);
    // Also shows whether the file can be written at all.
    if (!migrate(version))
        return fail(u"cannot write to " + path + u" (" + m_error + u")");

    QStringList last;
    if (!query(QStringLiteral("SELECT value FROM counters WHERE name = 'last_id'"), &last) ||
        last.size() != 1)
        return fail(path + u": cannot read the last message id");
    m_lastId = last.first().toLongLong();
    return true;
}

bool HistoryStore::query(const QString &statement, QStringList *column, QString *error)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!query.exec(statement)) {
        if (error)
            *error = query.lastError().text();
        return false;
    }
    while (query.next())
        column->append(query.value(0).toString());
    return true;
}

bool HistoryStore::migrate(int fromVersion)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    for (int version = fromVersion; version < SchemaVersion; ++version) {
        for (const QString &statement : migrations.at(version)) {
            if (!exec(statement)) {
                rollback();
                return false;
            }
        }
        QSqlQuery bump(db);
        bump.prepare(QStringLiteral("UPDATE schema_version SET version = ?"));
        bump.addBindValue(version + 1);
        if (!bump.exec()) {
            m_error = bump.lastError().text();
            rollback();
            return false;
        }
    }
    if (!exec(QStringLiteral("COMMIT"))) {
        rollback();
        return false;
    }
    return true;
}

void HistoryStore::close()
{
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_open = false;
}

qint64 HistoryStore::firstId()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!m_open || !query.exec(QStringLiteral("SELECT MIN(id) FROM messages")) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 HistoryStore::count()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!m_open || !query.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

bool HistoryStore::write(const QList<Entry> &entries)
{
    if (!m_open) {
        m_error = QStringLiteral("the history file is not open");
        return false;
    }
    if (entries.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!exec(QStringLiteral("BEGIN IMMEDIATE")))
        return false;
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral(
            "INSERT INTO messages (id, ts, sender, sender_key, sender_address, recipient,"
            " recipient_key, recipient_address, action, text, ref)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    qint64 highest = m_lastId;
    for (const Entry &entry : entries) {
        const ChatMessage &message = entry.message;
        insert.addBindValue(message.id);
        insert.addBindValue(message.ts);
        insert.addBindValue(message.from);
        insert.addBindValue(Validation::nickKey(message.from));
        insert.addBindValue(addressOrNull(entry.fromAddress));
        insert.addBindValue(textOrNull(message.to));
        insert.addBindValue(
                textOrNull(message.to.isEmpty() ? QString() : Validation::nickKey(message.to)));
        insert.addBindValue(addressOrNull(entry.toAddress));
        insert.addBindValue(message.action ? 1 : 0);
        insert.addBindValue(message.text);
        insert.addBindValue(textOrNull(entry.ref));
        if (!insert.exec()) {
            m_error = insert.lastError().text();
            rollback();
            return false;
        }
        highest = qMax(highest, message.id);
    }
    QSqlQuery counter(db);
    counter.prepare(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'last_id'"));
    counter.addBindValue(highest);
    if (!counter.exec()) {
        m_error = counter.lastError().text();
        rollback();
        return false;
    }
    if (!exec(QStringLiteral("COMMIT"))) {
        rollback();
        return false;
    }
    m_lastId = highest;
    return true;
}

QList<HistoryStore::Entry> HistoryStore::newest(int count)
{
    QList<Entry> entries;
    if (!m_open || count <= 0)
        return entries;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT " + columns + u" FROM messages ORDER BY id DESC LIMIT ?");
    query.addBindValue(count);
    if (!query.exec())
        return entries;
    while (query.next())
        entries.prepend(entryFrom(query));
    return entries;
}

std::optional<HistoryStore::Entry> HistoryStore::entry(qint64 id)
{
    if (!m_open)
        return std::nullopt;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT " + columns + u" FROM messages WHERE id = ?");
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return entryFrom(query);
}

QList<HistoryStore::StoredRef> HistoryStore::refsSince(qint64 sinceMs)
{
    QList<StoredRef> refs;
    if (!m_open)
        return refs;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT sender_key, ref, id, ts FROM messages"
                                 " WHERE ts >= ? AND ref IS NOT NULL ORDER BY id"));
    query.addBindValue(sinceMs);
    if (!query.exec())
        return refs;
    while (query.next()) {
        refs.append({query.value(0).toString(), query.value(1).toString(),
                     query.value(2).toLongLong(), query.value(3).toLongLong()});
    }
    return refs;
}

QList<ChatMessage> HistoryStore::visible(qint64 lowId, qint64 highId, int limit,
                                         const HistoryReader &reader, bool *more)
{
    QList<ChatMessage> messages;
    *more = false;
    if (!m_open)
        return messages;
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(u"SELECT " + columns +
                  u" FROM messages WHERE id >= ? AND id < ? AND (recipient IS NULL"
                  u" OR (sender_key = ? AND sender_address = ?)"
                  u" OR (recipient_key = ? AND recipient_address = ?))"
                  u" ORDER BY id DESC LIMIT ?");
    // A reader without a nickname matches no whisper (keys are never empty).
    const QString address = reader.address.isNull() ? QString() : reader.address.toString();
    query.addBindValue(lowId);
    query.addBindValue(highId);
    query.addBindValue(reader.nickKey);
    query.addBindValue(address);
    query.addBindValue(reader.nickKey);
    query.addBindValue(address);
    query.addBindValue(limit > 0 ? limit + 1 : -1);
    if (!query.exec())
        return messages;
    while (query.next()) {
        if (limit > 0 && messages.size() == limit) {
            *more = true;
            break;
        }
        messages.append(entryFrom(query).message);
    }
    return messages;
}

qint64 HistoryStore::prune(int days, qint64 keep, qint64 nowMs)
{
    if (!m_open)
        return -1;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    qint64 removed = 0;
    if (days > 0) {
        QSqlQuery byAge(db);
        byAge.prepare(QStringLiteral("DELETE FROM messages WHERE ts < ?"));
        byAge.addBindValue(nowMs - qint64(days) * DayMs);
        if (!byAge.exec()) {
            m_error = byAge.lastError().text();
            return -1;
        }
        removed += byAge.numRowsAffected();
    }
    if (keep > 0) {
        QSqlQuery byCount(db);
        byCount.prepare(QStringLiteral("DELETE FROM messages WHERE id < (SELECT MIN(id) FROM"
                                       " (SELECT id FROM messages ORDER BY id DESC LIMIT ?))"));
        byCount.addBindValue(keep);
        if (!byCount.exec()) {
            m_error = byCount.lastError().text();
            return -1;
        }
        removed += byCount.numRowsAffected();
    }
    return removed;
}

QString HistoryStore::integrityCheck()
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (!m_open || !query.exec(QStringLiteral("PRAGMA integrity_check")))
        return query.lastError().text();
    QStringList lines;
    while (query.next())
        lines.append(query.value(0).toString());
    return lines.join(u'\n');
}

QString HistoryStore::pragma(const QString &name)
{
    QStringList values;
    if (!m_open || !query(u"PRAGMA " + name, &values) || values.isEmpty())
        return QString();
    return values.first();
}
