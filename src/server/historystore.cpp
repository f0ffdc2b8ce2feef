#include "historystore.h"

#include "serverconfig.h"
#include "validation.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>

using namespace Protocol;

namespace {

// Files up to this size are checked whole (PRAGMA quick_check) when opened.
constexpr qint64 FullCheckMaxBytes = 128 * 1024 * 1024;

// The schema, one step per version: migrations[n] takes a file from version n to n + 1.
const std::vector<std::vector<const char *>> migrations = {
        // 0 -> 1: the first schema.
        {
                "CREATE TABLE schema_version (version INTEGER NOT NULL)",
                "INSERT INTO schema_version (version) VALUES (0)",
                "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                "INSERT INTO counters (name, value) VALUES ('last_id', 0)",
                "CREATE TABLE messages ("
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
                " ref TEXT)",
                "CREATE INDEX messages_by_ts ON messages (ts)",
                "CREATE INDEX messages_by_ref ON messages (ts, sender_key, ref) "
                "WHERE ref IS NOT NULL",
        },
        // 1 -> 2: refs are read once, at start, through messages_by_ts; an
        // index of their own only made every message dearer to store.
        {
                "DROP INDEX IF EXISTS messages_by_ref",
        },
        // 2 -> 3: rooms. Messages name their room (whispers none); the room
        // messages stored before are the default room's (filled in by
        // migrate(), which knows its name); rooms and their topics are kept.
        {
                "ALTER TABLE messages ADD COLUMN room TEXT",
                "ALTER TABLE messages ADD COLUMN room_key TEXT",
                "CREATE TABLE rooms (key TEXT PRIMARY KEY, name TEXT NOT NULL,"
                " topic TEXT NOT NULL DEFAULT '', topic_by TEXT NOT NULL DEFAULT '',"
                " topic_ts INTEGER NOT NULL DEFAULT 0)",
                "CREATE INDEX messages_by_room ON messages (room_key, id) WHERE room_key IS NOT "
                "NULL",
        },
};

// Room messages inserted with one statement (of RoomValues values each).
constexpr int RowsPerInsert = 32;
constexpr int RoomValues = 9;

// What entryFrom() reads, in its order.
const QByteArray selectEntries =
        "SELECT id, ts, sender, recipient, action, text, ref, sender_address, recipient_address,"
        " room FROM messages";

} // namespace

// One prepared statement: binds by position (from 1), steps, reads columns
// (from 0), and is reset for the next use or finalized when it goes.
class HistoryStore::Statement
{
public:
    Statement(sqlite3 *db, const QByteArray &sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &m_statement, nullptr) !=
            SQLITE_OK)
            m_statement = nullptr;
    }
    ~Statement() { sqlite3_finalize(m_statement); }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool isValid() const { return m_statement != nullptr; }
    Statement &bind(int index, qint64 value)
    {
        sqlite3_bind_int64(m_statement, index, value);
        return *this;
    }
    // An empty text is stored as NULL.
    Statement &bindTextOrNull(int index, const QString &text)
    {
        if (text.isEmpty()) {
            sqlite3_bind_null(m_statement, index);
            return *this;
        }
        return bindText(index, text);
    }
    Statement &bindText(int index, const QString &text)
    {
        // The bytes stay here until reset(): SQLite need not copy them.
        m_texts.push_back(text.toUtf8());
        const QByteArray &utf8 = m_texts.back();
        sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
        return *this;
    }
    // Runs the statement to its end (no rows expected).
    bool run()
    {
        const int status = m_statement ? sqlite3_step(m_statement) : SQLITE_ERROR;
        reset();
        return status == SQLITE_DONE || status == SQLITE_ROW;
    }
    // The next row; false at the end or on an error (error() tells).
    bool next()
    {
        if (!m_statement)
            return false;
        const int status = sqlite3_step(m_statement);
        m_failed = status != SQLITE_ROW && status != SQLITE_DONE;
        if (m_failed)
            m_error = errorMessage();
        return status == SQLITE_ROW;
    }
    void reset()
    {
        if (!m_statement)
            return;
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
        m_texts.clear();
    }
    bool failed() const { return m_failed || !m_statement; }
    QString error() const { return m_statement ? m_error : errorMessage(); }
    QString errorMessage() const { return QString::fromUtf8(sqlite3_errmsg(m_db)); }

    qint64 integer(int column) const { return sqlite3_column_int64(m_statement, column); }
    bool isNull(int column) const
    {
        return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
    }
    QString text(int column) const
    {
        const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return data ? QString::fromUtf8(data, sqlite3_column_bytes(m_statement, column))
                    : QString();
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    std::vector<QByteArray> m_texts; // bound, until reset()
    bool m_failed = false;
    QString m_error;
};

HistoryStore::Entry HistoryStore::entryFrom(const Statement &row)
{
    HistoryStore::Entry entry;
    entry.message.id = row.integer(0);
    entry.message.ts = row.integer(1);
    entry.message.from = row.text(2);
    entry.message.to = row.text(3);
    entry.message.action = row.integer(4) != 0;
    entry.message.text = row.text(5);
    entry.ref = row.text(6);
    if (!row.isNull(7))
        entry.fromAddress = QHostAddress(row.text(7));
    if (!row.isNull(8))
        entry.toAddress = QHostAddress(row.text(8));
    entry.message.room = row.text(9);
    return entry;
}

namespace {

QString addressText(const QHostAddress &address)
{
    return address.isNull() ? QString() : address.toString();
}

} // namespace

// Calls deliverWriteResults() in the thread that made the store.
class HistoryStore::ResultNotifier : public QObject
{
public:
    explicit ResultNotifier(HistoryStore *store)
        : m_store(store)
    {}

    bool event(QEvent *event) override
    {
        if (event->type() != QEvent::User)
            return QObject::event(event);
        m_store->deliverWriteResults();
        return true;
    }

private:
    HistoryStore *m_store;
};

HistoryStore::HistoryStore()
    : m_worker(new QObject)
    , m_resultNotifier(std::make_unique<ResultNotifier>(this))
{
    // SQLite's memory statistics take a global lock on every allocation;
    // nothing here reads them. (Refused, harmlessly, once SQLite is in use.)
    static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    Q_UNUSED(configured);
    m_thread.setObjectName(QStringLiteral("history"));
    m_worker->moveToThread(&m_thread);
}

HistoryStore::~HistoryStore()
{
    m_pendingWrites.clear(); // whoever asked is gone: the writes finish, unanswered
    close();
    delete m_worker;
}

bool HistoryStore::open(const QString &path)
{
    close();
    m_thread.start();
    if (inStoreThread([&] { return openNow(path); }))
        return true;
    close();
    return false;
}

void HistoryStore::close()
{
    waitForWrites();
    inStoreThread([this] { closeNow(); });
    m_thread.quit();
    m_thread.wait();
}

QString HistoryStore::errorString() const
{
    return inStoreThread([this] { return m_error; });
}

bool HistoryStore::write(const QList<Entry> &entries)
{
    return inStoreThread([&] { return writeNow(entries); });
}

void HistoryStore::writeInBackground(QList<Entry> entries, WriteDone done)
{
    auto pending = std::make_shared<PendingWrite>();
    pending->done = std::move(done);
    m_pendingWrites.push_back(pending);
    const auto work = [this, entries = std::move(entries), pending] {
        const bool ok = writeNow(entries);
        {
            QMutexLocker lock(&m_resultsMutex);
            pending->finished = true;
            pending->ok = ok;
            pending->error = ok ? QString() : m_error;
        }
        // Ahead of other waiting events: the server's deliveries wait for it.
        QCoreApplication::postEvent(m_resultNotifier.get(), new QEvent(QEvent::User),
                                    Qt::HighEventPriority);
    };
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(m_worker, work, Qt::QueuedConnection);
    else
        work(); // not open: fails at once, answered from the event loop
}

void HistoryStore::deliverWriteResults()
{
    while (!m_pendingWrites.empty()) {
        const std::shared_ptr<PendingWrite> first = m_pendingWrites.front();
        {
            QMutexLocker lock(&m_resultsMutex);
            if (!first->finished)
                return;
        }
        m_pendingWrites.pop_front();
        first->done(first->ok, first->error); // may ask for another write
    }
}

void HistoryStore::waitForWrites()
{
    while (!m_pendingWrites.empty()) {
        inStoreThread([] {}); // what was asked for before has run
        deliverWriteResults();
    }
}

bool HistoryStore::fail(const QString &what)
{
    m_error = what;
    closeNow();
    return false;
}

void HistoryStore::rollback()
{
    // SQLite may have rolled back already (after "disk full"): its answer
    // does not replace the error that led here.
    sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool HistoryStore::exec(const char *statement)
{
    if (m_db && sqlite3_exec(m_db, statement, nullptr, nullptr, nullptr) == SQLITE_OK)
        return true;
    m_error = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db))
                   : QStringLiteral("the history file is not open");
    return false;
}

bool HistoryStore::query(const QByteArray &statement, QStringList *column, QString *error)
{
    Statement query(m_db, statement);
    while (query.next())
        column->append(query.text(0));
    if (query.failed()) {
        if (error)
            *error = query.error();
        return false;
    }
    return true;
}

bool HistoryStore::openNow(const QString &path)
{
    m_path = path;
    m_error.clear();
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(u"cannot create the folder " + file.absolutePath());
    const int opened = sqlite3_open_v2(
            QFile::encodeName(path).constData(), &m_db,
            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (opened != SQLITE_OK) {
        const QString why = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db))
                                 : QString::fromUtf8(sqlite3_errstr(opened));
        return fail(u"cannot open " + path + u": " + why);
    }
    sqlite3_extended_result_codes(m_db, 0);
    m_open = true;

    // One server per file; the lock is held from the first write until close.
    // Then nothing is written before the file is known to be ours and sound.
    if (!exec("PRAGMA busy_timeout = 0") || !exec("PRAGMA locking_mode = EXCLUSIVE"))
        return fail(path + u": " + m_error);
    // Reading the list of tables shows whether it is a database at all (and not in use).
    QStringList names;
    QString readError;
    if (!query("SELECT name FROM sqlite_master WHERE type = 'table'", &names, &readError)) {
        if (readError.contains(QLatin1String("locked")))
            return fail(path + u" is in use by another program (another qtchat-server?)");
        return fail(path + u" cannot be read as a history file (" + readError +
                    u"); it was left as it is. Move it away to start a new history.");
    }
    // The full check reads the whole file: done at start unless it is large.
    m_checkedFully = QFileInfo(path).size() <= FullCheckMaxBytes;
    if (m_checkedFully) {
        QStringList problems;
        if (!query("PRAGMA quick_check", &problems, &readError))
            problems = QStringList{readError};
        if (problems != QStringList{QStringLiteral("ok")}) {
            return fail(path + u" is damaged (" + problems.mid(0, 3).join(QLatin1String("; ")) +
                        u"); it was left as it is. Move it away to start a new history.");
        }
    }

    int version = 0;
    if (names.contains(QLatin1String("schema_version"))) {
        QStringList versions;
        if (!query("SELECT version FROM schema_version", &versions) || versions.size() != 1)
            return fail(path + u": cannot read its schema version");
        version = versions.first().toInt();
    } else if (!names.isEmpty()) {
        return fail(path + u" is not a qtchat history file (it has other tables); it was left "
                           u"as it is");
    }
    if (version < 0) {
        return fail(path + u" is damaged (schema version " + QString::number(version) +
                    u"); it was left as it is. Move it away to start a new history.");
    }
    if (version > SchemaVersion) {
        return fail(path + QStringLiteral(" was written by a newer qtchat-server (history schema "
                                          "%1; this one knows up to %2); it was left as it is")
                                   .arg(version)
                                   .arg(SchemaVersion));
    }

    QStringList mode;
    QString modeError;
    if (!query("PRAGMA journal_mode = WAL", &mode, &modeError) ||
        mode != QStringList{QStringLiteral("wal")}) {
        return fail(u"cannot write to " + path + u" (" +
                    (modeError.isEmpty() ? QStringLiteral("no WAL journal") : modeError) +
                    u"); is the folder read-only?");
    }
    if (!exec("PRAGMA synchronous = FULL"))
        return fail(path + u": " + m_error);
    // Also shows whether the file can be written at all.
    if (!migrate(version))
        return fail(u"cannot write to " + path + u" (" + m_error + u")");

    QStringList last;
    if (!query("SELECT value FROM counters WHERE name = 'last_id'", &last) || last.size() != 1)
        return fail(path + u": cannot read the last message id");
    m_lastId = last.first().toLongLong();
    m_firstId = readFirstId();
    return true;
}

bool HistoryStore::migrate(int fromVersion)
{
    return inTransaction([&] {
        for (int version = fromVersion; version < SchemaVersion; ++version) {
            for (const char *statement : migrations.at(size_t(version))) {
                if (!exec(statement))
                    return false;
            }
            if (version == 2) {
                // What was said before rooms was said in the default room.
                const QString key = Validation::roomKey(m_defaultRoom);
                Statement fill(
                        m_db, "UPDATE messages SET room = ?, room_key = ? WHERE recipient IS NULL");
                Statement room(m_db, "INSERT OR IGNORE INTO rooms (key, name) VALUES (?, ?)");
                if (!fill.bindText(1, m_defaultRoom).bindText(2, key).run() ||
                    !room.bindText(1, key).bindText(2, m_defaultRoom).run()) {
                    m_error = fill.errorMessage().isEmpty() ? room.errorMessage()
                                                            : fill.errorMessage();
                    return false;
                }
            }
            Statement bump(m_db, "UPDATE schema_version SET version = ?");
            if (!bump.bind(1, version + 1).run()) {
                m_error = bump.errorMessage();
                return false;
            }
        }
        return true;
    });
}

void HistoryStore::closeNow()
{
    m_insertMessage.reset();
    m_insertMessages.reset();
    m_insertWhisper.reset();
    m_updateLastId.reset();
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
    m_open = false;
}

qint64 HistoryStore::firstId() const
{
    return m_open ? m_firstId.load() : 0;
}

qint64 HistoryStore::readFirstId()
{
    QStringList first;
    if (!query("SELECT MIN(id) FROM messages", &first) || first.isEmpty())
        return 0;
    return first.first().toLongLong();
}

qint64 HistoryStore::count()
{
    return inStoreThread([&]() -> qint64 {
        QStringList count;
        if (!m_open || !query("SELECT COUNT(*) FROM messages", &count) || count.isEmpty())
            return 0;
        return count.first().toLongLong();
    });
}

bool HistoryStore::writeNow(const QList<Entry> &entries)
{
    if (!m_open) {
        m_error = QStringLiteral("the history file is not open");
        return false;
    }
    if (entries.isEmpty())
        return true;
    // Kept prepared while the file is open.
    if (!m_insertMessage) {
        // Room messages leave the whisper columns empty (NULL); they are
        // inserted RowsPerInsert at a time where they can be.
        QByteArray many = "INSERT INTO messages (id, ts, sender, sender_key, action, text, ref,"
                          " room, room_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        m_insertMessage = std::make_unique<Statement>(m_db, many);
        for (int row = 1; row < RowsPerInsert; ++row)
            many += ", (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        m_insertMessages = std::make_unique<Statement>(m_db, many);
        m_insertWhisper = std::make_unique<Statement>(
                m_db, "INSERT INTO messages (id, ts, sender, sender_key, action, text, ref,"
                      " sender_address, recipient, recipient_key, recipient_address)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        m_updateLastId = std::make_unique<Statement>(
                m_db, "UPDATE counters SET value = ? WHERE name = 'last_id'");
        if (!m_insertMessage->isValid() || !m_insertMessages->isValid() ||
            !m_insertWhisper->isValid() || !m_updateLastId->isValid()) {
            m_error = m_insertMessage->errorMessage();
            m_insertMessage.reset();
            m_insertMessages.reset();
            m_insertWhisper.reset();
            m_updateLastId.reset();
            return false;
        }
    }
    if (!sqlite3_get_autocommit(m_db))
        rollback(); // a transaction left open by a rollback that failed
    if (!exec("BEGIN IMMEDIATE"))
        return false;
    const auto bindMessage = [](Statement &insert, int first, const Entry &entry) {
        const ChatMessage &message = entry.message;
        insert.bind(first, message.id)
                .bind(first + 1, message.ts)
                .bindText(first + 2, message.from)
                .bindText(first + 3, Validation::nickKey(message.from))
                .bind(first + 4, message.action ? 1 : 0)
                .bindText(first + 5, message.text)
                .bindTextOrNull(first + 6, entry.ref);
    };
    const auto bindRoom = [](Statement &insert, int first, const Entry &entry) {
        insert.bindText(first + 7, entry.message.room)
                .bindText(first + 8, Validation::roomKey(entry.message.room));
    };
    const auto isWhisper = [](const Entry &entry) { return !entry.message.to.isEmpty(); };
    qint64 highest = m_lastId;
    for (qsizetype next = 0; next < entries.size();) {
        const Entry &entry = entries.at(next);
        Statement *insert = m_insertMessage.get();
        qsizetype rows = 1;
        if (isWhisper(entry)) {
            insert = m_insertWhisper.get();
            bindMessage(*insert, 1, entry);
            insert->bindTextOrNull(8, addressText(entry.fromAddress))
                    .bindText(9, entry.message.to)
                    .bindText(10, Validation::nickKey(entry.message.to))
                    .bindTextOrNull(11, addressText(entry.toAddress));
        } else if (next + RowsPerInsert <= entries.size() &&
                   std::none_of(entries.cbegin() + next, entries.cbegin() + next + RowsPerInsert,
                                isWhisper)) {
            insert = m_insertMessages.get();
            rows = RowsPerInsert;
            for (int row = 0; row < RowsPerInsert; ++row) {
                bindMessage(*insert, 1 + RoomValues * row, entries.at(next + row));
                bindRoom(*insert, 1 + RoomValues * row, entries.at(next + row));
            }
        } else {
            bindMessage(*insert, 1, entry);
            bindRoom(*insert, 1, entry);
        }
        if (!insert->run()) {
            m_error = insert->errorMessage();
            rollback();
            return false;
        }
        for (qsizetype row = next; row < next + rows; ++row)
            highest = qMax(highest, entries.at(row).message.id);
        next += rows;
    }
    if (!m_updateLastId->bind(1, highest).run()) {
        m_error = m_updateLastId->errorMessage();
        rollback();
        return false;
    }
    if (!exec("COMMIT")) {
        rollback();
        return false;
    }
    m_lastId = highest;
    if (m_firstId == 0)
        m_firstId = entries.first().message.id;
    return true;
}

QList<HistoryStore::Entry> HistoryStore::newest(int count)
{
    return inStoreThread([&]() -> QList<Entry> {
        QList<Entry> entries;
        if (!m_open || count <= 0)
            return entries;
        Statement query(m_db, selectEntries + " ORDER BY id DESC LIMIT ?");
        query.bind(1, count);
        while (query.next())
            entries.prepend(entryFrom(query));
        return entries;
    });
}

std::optional<HistoryStore::Entry> HistoryStore::entry(qint64 id)
{
    return inStoreThread([&]() -> std::optional<Entry> {
        if (!m_open)
            return std::nullopt;
        Statement query(m_db, selectEntries + " WHERE id = ?");
        query.bind(1, id);
        if (!query.next())
            return std::nullopt;
        return entryFrom(query);
    });
}

QList<HistoryStore::StoredRef> HistoryStore::refsSince(qint64 sinceMs)
{
    return inStoreThread([&]() -> QList<StoredRef> {
        QList<StoredRef> refs;
        if (!m_open)
            return refs;
        Statement query(m_db, "SELECT sender_key, ref, id, ts FROM messages"
                              " WHERE ts >= ? AND ref IS NOT NULL ORDER BY id");
        query.bind(1, sinceMs);
        while (query.next())
            refs.append({query.text(0), query.text(1), query.integer(2), query.integer(3)});
        return refs;
    });
}

QList<ChatMessage> HistoryStore::visible(qint64 lowId, qint64 highId, int limit,
                                         const HistoryReader &reader, bool *more)
{
    return inStoreThread([&]() -> QList<ChatMessage> {
        QList<ChatMessage> messages;
        *more = false;
        if (!m_open)
            return messages;
        // The reader's rooms as "|#a|#b|" (room names have no "|"); none given: all rooms.
        Statement query(m_db, selectEntries +
                                      " WHERE id >= ? AND id < ? AND ((recipient IS NULL"
                                      " AND (? IS NULL OR instr(?, '|' || room_key || '|')))"
                                      " OR (sender_key = ? AND sender_address = ?)"
                                      " OR (recipient_key = ? AND recipient_address = ?))"
                                      " ORDER BY id DESC LIMIT ?");
        // A reader without a nickname matches no whisper (keys are never empty).
        const QString address = addressText(reader.address);
        QString rooms;
        if (reader.rooms) {
            rooms = QStringLiteral("|");
            for (const QString &key : *reader.rooms)
                rooms += key + u'|';
        }
        query.bind(1, lowId).bind(2, highId);
        if (reader.rooms)
            query.bindText(3, rooms).bindText(4, rooms);
        else
            query.bindTextOrNull(3, QString()).bindTextOrNull(4, QString());
        query.bindText(5, reader.nickKey)
                .bindText(6, address)
                .bindText(7, reader.nickKey)
                .bindText(8, address)
                .bind(9, limit > 0 ? limit + 1 : -1);
        while (query.next()) {
            if (limit > 0 && messages.size() == limit) {
                *more = true;
                break;
            }
            messages.append(entryFrom(query).message);
        }
        return messages;
    });
}

qint64 HistoryStore::prune(int days, qint64 keep, qint64 nowMs)
{
    return inStoreThread([&]() -> qint64 {
        if (!m_open)
            return -1;
        qint64 removed = 0;
        if (days > 0) {
            Statement byAge(m_db, "DELETE FROM messages WHERE ts < ?");
            if (!byAge.bind(1, nowMs - qint64(days) * DayMs).run()) {
                m_error = byAge.errorMessage();
                return -1;
            }
            removed += sqlite3_changes(m_db);
        }
        if (keep > 0) {
            // Each room keeps its newest `keep`, and the whispers theirs.
            QStringList keys;
            if (!query("SELECT DISTINCT room_key FROM messages WHERE room_key IS NOT NULL", &keys,
                       &m_error))
                return -1;
            for (const QString &key : std::as_const(keys)) {
                Statement byCount(m_db, "DELETE FROM messages WHERE room_key = ? AND id < (SELECT"
                                        " MIN(id) FROM (SELECT id FROM messages WHERE room_key = ?"
                                        " ORDER BY id DESC LIMIT ?))");
                if (!byCount.bindText(1, key).bindText(2, key).bind(3, keep).run()) {
                    m_error = byCount.errorMessage();
                    return -1;
                }
                removed += sqlite3_changes(m_db);
            }
            Statement whispers(m_db, "DELETE FROM messages WHERE recipient IS NOT NULL AND id <"
                                     " (SELECT MIN(id) FROM (SELECT id FROM messages WHERE"
                                     " recipient IS NOT NULL ORDER BY id DESC LIMIT ?))");
            if (!whispers.bind(1, keep).run()) {
                m_error = whispers.errorMessage();
                return -1;
            }
            removed += sqlite3_changes(m_db);
        }
        m_firstId = readFirstId();
        return removed;
    });
}

QList<HistoryStore::StoredRoom> HistoryStore::rooms()
{
    return inStoreThread([&]() -> QList<StoredRoom> {
        QList<StoredRoom> rooms;
        if (!m_open)
            return rooms;
        Statement query(m_db, "SELECT name, topic, topic_by, topic_ts FROM rooms ORDER BY key");
        while (query.next())
            rooms.append({query.text(0), query.text(1), query.text(2), query.integer(3)});
        return rooms;
    });
}

bool HistoryStore::inTransaction(const std::function<bool()> &work)
{
    if (!exec("BEGIN IMMEDIATE"))
        return false;
    if (!work()) {
        rollback();
        return false;
    }
    if (!exec("COMMIT")) {
        rollback();
        return false;
    }
    return true;
}

bool HistoryStore::saveRoom(const StoredRoom &room, const QString &oldName)
{
    return inStoreThread([&]() -> bool {
        if (!m_open)
            return false;
        return inTransaction([&] {
            const QString key = Validation::roomKey(room.name);
            if (!oldName.isEmpty() && Validation::roomKey(oldName) != key) {
                // A new name: its messages follow it.
                const QString oldKey = Validation::roomKey(oldName);
                Statement drop(m_db, "DELETE FROM rooms WHERE key = ?");
                Statement move(m_db,
                               "UPDATE messages SET room = ?, room_key = ? WHERE room_key = ?");
                if (!drop.bindText(1, oldKey).run() ||
                    !move.bindText(1, room.name).bindText(2, key).bindText(3, oldKey).run()) {
                    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
                    return false;
                }
            }
            Statement save(m_db, "INSERT OR REPLACE INTO rooms (key, name, topic, topic_by,"
                                 " topic_ts) VALUES (?, ?, ?, ?, ?)");
            if (!save.bindText(1, key)
                         .bindText(2, room.name)
                         .bindText(3, room.topic)
                         .bindText(4, room.topicBy)
                         .bind(5, room.topicTs)
                         .run()) {
                m_error = save.errorMessage();
                return false;
            }
            return true;
        });
    });
}

bool HistoryStore::removeRoom(const QString &name)
{
    return inStoreThread([&]() -> bool {
        if (!m_open)
            return false;
        // Its messages go with it.
        const QString key = Validation::roomKey(name);
        const bool removed = inTransaction([&] {
            Statement drop(m_db, "DELETE FROM rooms WHERE key = ?");
            Statement messages(m_db, "DELETE FROM messages WHERE room_key = ?");
            if (!drop.bindText(1, key).run() || !messages.bindText(1, key).run()) {
                m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
                return false;
            }
            return true;
        });
        m_firstId = readFirstId();
        return removed;
    });
}

QString HistoryStore::integrityCheck()
{
    return inStoreThread([&]() -> QString {
        if (!m_open)
            return QStringLiteral("the history file is not open");
        QStringList lines;
        QString error;
        if (!query("PRAGMA integrity_check", &lines, &error))
            return error;
        return lines.join(u'\n');
    });
}

QString HistoryStore::pragma(const QString &name)
{
    return inStoreThread([&]() -> QString {
        QStringList values;
        const QByteArray statement = "PRAGMA " + name.toUtf8();
        if (!m_open || !query(statement, &values) || values.isEmpty())
            return QString();
        return values.first();
    });
}
