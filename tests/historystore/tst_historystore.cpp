// The SQLite history file: schema and pragmas, reading back, retention, and
// files it must not touch.
#include "historystore.h"
#include "validation.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Protocol;

class tst_HistoryStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void newFileHasSchemaAndPragmas();
    void writesAndReadsBack();
    void versionOneFileIsMigrated();
    void versionTwoFileGetsRooms();
    void roomsAreKept();
    void roomsArePagedApart();
    void pruneKeepsEachRoomsNewest();
    void whispersOnlyForTheirParties_data();
    void whispersOnlyForTheirParties();
    void idsKeepGrowingAfterPruning();
    void pruneByAge();
    void filesItMustNotTouch_data();
    void filesItMustNotTouch();
    void oneServerPerFile();
    void folderThatCannotBeCreated();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("history.sqlite")); }
    static HistoryStore::Entry entry(qint64 id, const QString &from, const QString &text,
                                     qint64 ts = 1000, const QString &ref = QString())
    {
        HistoryStore::Entry e;
        e.message.id = id;
        e.message.ts = ts;
        e.message.from = from;
        e.message.text = text;
        e.ref = ref;
        return e;
    }
    static HistoryStore::Entry inRoom(qint64 id, const QString &room, const QString &text)
    {
        HistoryStore::Entry e = entry(id, QStringLiteral("alice"), text, 1000 + id);
        e.message.room = room;
        return e;
    }
    static HistoryReader readerIn(const QStringList &rooms)
    {
        HistoryReader reader;
        reader.rooms.emplace();
        for (const QString &room : rooms)
            reader.rooms->insert(Validation::roomKey(room));
        return reader;
    }
    static QList<qint64> ids(const QList<ChatMessage> &messages)
    {
        QList<qint64> list;
        for (const ChatMessage &message : messages)
            list.append(message.id);
        return list;
    }
    // A plain SQLite file made without HistoryStore.
    static void makeDatabase(const QString &path, const QStringList &statements)
    {
        {
            QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("maker"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            for (const QString &statement : statements)
                QVERIFY2(query.exec(statement), qPrintable(statement));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("maker"));
    }

    // The first value of statement's first row in the file at path, read with
    // Qt SQL independently of HistoryStore (-1 if that fails).
    static qint64 peek(const QString &path, const QString &statement)
    {
        qint64 value = -1;
        {
            QSqlDatabase db =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(path);
            QSqlQuery query(db);
            if (db.open() && query.exec(statement) && query.next())
                value = query.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return value;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_HistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_HistoryStore::newFileHasSchemaAndPragmas()
{
    HistoryStore store;
    QVERIFY2(store.open(path()), qPrintable(store.errorString()));
    QCOMPARE(store.lastId(), 0);
    QCOMPARE(store.pragma(QStringLiteral("journal_mode")), QStringLiteral("wal"));
    QCOMPARE(store.pragma(QStringLiteral("synchronous")), QStringLiteral("2")); // FULL
    QCOMPARE(store.pragma(QStringLiteral("locking_mode")), QStringLiteral("exclusive"));
    QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    store.close();

    // The version is recorded in its table.
    QCOMPARE(peek(path(), QStringLiteral("SELECT version FROM schema_version")),
             HistoryStore::SchemaVersion);
}

void tst_HistoryStore::writesAndReadsBack()
{
    HistoryStore store;
    QVERIFY(store.open(path()));
    QList<HistoryStore::Entry> batch;
    for (int i = 1; i <= 5; ++i)
        batch.append(entry(i, QStringLiteral("Alice"), QStringLiteral("m%1").arg(i), 1000 + i,
                           QStringLiteral("r%1").arg(i)));
    batch[2].message.action = true;
    QVERIFY2(store.write(batch), qPrintable(store.errorString()));
    QCOMPARE(store.lastId(), 5);
    QCOMPARE(store.count(), 5);
    QCOMPARE(store.firstId(), 1);

    const QList<HistoryStore::Entry> newest = store.newest(3);
    QCOMPARE(newest.size(), 3);
    QCOMPARE(newest.first().message.id, 3);
    QVERIFY(newest.first().message.action);
    QCOMPARE(newest.last().message.text, QStringLiteral("m5"));
    QCOMPARE(newest.last().ref, QStringLiteral("r5"));

    const std::optional<HistoryStore::Entry> second = store.entry(2);
    QVERIFY(second);
    QCOMPARE(second->message.from, QStringLiteral("Alice"));
    QCOMPARE(second->message.ts, 1002);
    QVERIFY(!store.entry(99));

    const QList<HistoryStore::StoredRef> refs = store.refsSince(1004);
    QCOMPARE(refs.size(), 2);
    QCOMPARE(refs.first().senderKey, Validation::nickKey(QStringLiteral("alice")));
    QCOMPARE(refs.first().ref, QStringLiteral("r4"));
    QCOMPARE(refs.first().id, 4);

    bool more = true;
    QCOMPARE(ids(store.visible(1, 6, 2, HistoryReader(), &more)), (QList<qint64>{5, 4}));
    QVERIFY(more);
    QCOMPARE(ids(store.visible(1, 3, 5, HistoryReader(), &more)), (QList<qint64>{2, 1}));
    QVERIFY(!more);

    // Everything is still there after closing and opening again.
    store.close();
    HistoryStore reopened;
    QVERIFY(reopened.open(path()));
    QCOMPARE(reopened.lastId(), 5);
    QCOMPARE(reopened.newest(10).size(), 5);
}

void tst_HistoryStore::versionOneFileIsMigrated()
{
    // A file as the first release wrote it, with one message and its ref.
    makeDatabase(
            path(),
            {QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
             QStringLiteral("INSERT INTO schema_version (version) VALUES (1)"),
             QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT "
                            "NULL)"),
             QStringLiteral("INSERT INTO counters (name, value) VALUES ('last_id', 7)"),
             QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
                            " sender TEXT NOT NULL, sender_key TEXT NOT NULL, sender_address TEXT,"
                            " recipient TEXT, recipient_key TEXT, recipient_address TEXT,"
                            " action INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, ref TEXT)"),
             QStringLiteral("CREATE INDEX messages_by_ts ON messages (ts)"),
             QStringLiteral("CREATE INDEX messages_by_ref ON messages (ts, sender_key, ref) "
                            "WHERE ref IS NOT NULL"),
             QStringLiteral("INSERT INTO messages (id, ts, sender, sender_key, text, ref)"
                            " VALUES (7, 5000, 'Alice', 'alice', 'hello', 'r7')")});
    {
        HistoryStore store;
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
        QCOMPARE(store.lastId(), 7);
        QCOMPARE(store.firstId(), 7);
        const std::optional<HistoryStore::Entry> kept = store.entry(7);
        QVERIFY(kept);
        QCOMPARE(kept->message.text, QStringLiteral("hello"));
        const QList<HistoryStore::StoredRef> refs = store.refsSince(4000);
        QCOMPARE(refs.size(), 1);
        QCOMPARE(refs.first().ref, QStringLiteral("r7"));
        QVERIFY(store.write({entry(8, QStringLiteral("Bob"), QStringLiteral("hi"), 6000)}));
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    }
    QCOMPARE(peek(path(), QStringLiteral("SELECT version FROM schema_version")),
             HistoryStore::SchemaVersion);
    QCOMPARE(peek(path(), QStringLiteral("SELECT COUNT(*) FROM sqlite_master"
                                         " WHERE name = 'messages_by_ref'")),
             0);
    QCOMPARE(peek(path(), QStringLiteral("SELECT COUNT(*) FROM messages")), 2);
}

void tst_HistoryStore::versionTwoFileGetsRooms()
{
    // A file as the release before rooms writes it: a room message and a whisper.
    makeDatabase(
            path(),
            {QStringLiteral("CREATE TABLE schema_version (version INTEGER NOT NULL)"),
             QStringLiteral("INSERT INTO schema_version (version) VALUES (2)"),
             QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT "
                            "NULL)"),
             QStringLiteral("INSERT INTO counters (name, value) VALUES ('last_id', 2)"),
             QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL,"
                            " sender TEXT NOT NULL, sender_key TEXT NOT NULL, sender_address TEXT,"
                            " recipient TEXT, recipient_key TEXT, recipient_address TEXT,"
                            " action INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL, ref TEXT)"),
             QStringLiteral("CREATE INDEX messages_by_ts ON messages (ts)"),
             QStringLiteral("INSERT INTO messages (id, ts, sender, sender_key, text, ref)"
                            " VALUES (1, 5000, 'Alice', 'alice', 'hello', 'r1')"),
             QStringLiteral("INSERT INTO messages (id, ts, sender, sender_key, sender_address,"
                            " recipient, recipient_key, recipient_address, text)"
                            " VALUES (2, 6000, 'Alice', 'alice', '127.0.0.1', 'Bob', 'bob',"
                            " '127.0.0.1', 'psst')")});
    {
        HistoryStore store;
        store.setDefaultRoom(QStringLiteral("#Lobby"));
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
        QCOMPARE(store.entry(1)->message.room, QStringLiteral("#Lobby"));
        QCOMPARE(store.entry(2)->message.room, QString()); // whispers are in no room
        const QList<HistoryStore::StoredRoom> rooms = store.rooms();
        QCOMPARE(rooms.size(), 1);
        QCOMPARE(rooms.first().name, QStringLiteral("#Lobby"));
        bool more = false;
        QCOMPARE(ids(store.visible(0, 10, 10, readerIn({QStringLiteral("#lobby")}), &more)),
                 QList<qint64>{1});
        QCOMPARE(ids(store.visible(0, 10, 10, readerIn({QStringLiteral("#random")}), &more)),
                 QList<qint64>{});
        QCOMPARE(store.integrityCheck(), QStringLiteral("ok"));
    }
    QCOMPARE(peek(path(), QStringLiteral("SELECT version FROM schema_version")), 3);
    QCOMPARE(peek(path(), QStringLiteral("SELECT COUNT(*) FROM messages WHERE room_key IS NULL")),
             1);
}

void tst_HistoryStore::roomsAreKept()
{
    {
        HistoryStore store;
        QVERIFY2(store.open(path()), qPrintable(store.errorString()));
        QVERIFY(store.saveRoom({QStringLiteral("#random"), QString(), QString(), 0}));
        QVERIFY(store.saveRoom(
                {QStringLiteral("#release"), QStringLiteral("Friday"), QStringLiteral("bob"), 42}));
        QVERIFY(store.write({inRoom(1, QStringLiteral("#random"), QStringLiteral("a")),
                             inRoom(2, QStringLiteral("#release"), QStringLiteral("b"))}));
        // Renamed: its messages follow it.
        QVERIFY(store.saveRoom(
                {QStringLiteral("#ship"), QStringLiteral("Friday"), QStringLiteral("bob"), 42},
                QStringLiteral("#release")));
    }
    {
        HistoryStore store;
        QVERIFY(store.open(path()));
        QList<HistoryStore::StoredRoom> rooms = store.rooms();
        QCOMPARE(rooms.size(), 3); // and the default room
        QCOMPARE(rooms.at(1).name, QStringLiteral("#random"));
        QCOMPARE(rooms.at(2).name, QStringLiteral("#ship"));
        QCOMPARE(rooms.at(2).topic, QStringLiteral("Friday"));
        QCOMPARE(rooms.at(2).topicBy, QStringLiteral("bob"));
        QCOMPARE(rooms.at(2).topicTs, 42);
        QCOMPARE(store.entry(2)->message.room, QStringLiteral("#ship"));
        // Gone with its messages.
        QVERIFY(store.removeRoom(QStringLiteral("#RANDOM")));
        QVERIFY(!store.entry(1));
        QCOMPARE(store.rooms().size(), 2);
    }
}

void tst_HistoryStore::roomsArePagedApart()
{
    HistoryStore store;
    QVERIFY(store.open(path()));
    QList<HistoryStore::Entry> entries;
    for (qint64 id = 1; id <= 6; ++id)
        entries.append(inRoom(id, id % 2 ? QStringLiteral("#a") : QStringLiteral("#B"),
                              QStringLiteral("m")));
    QVERIFY(store.write(entries));
    bool more = false;
    QCOMPARE(ids(store.visible(0, 100, 2, readerIn({QStringLiteral("#a")}), &more)),
             (QList<qint64>{5, 3}));
    QVERIFY(more);
    QCOMPARE(ids(store.visible(0, 100, 10, readerIn({QStringLiteral("#b")}), &more)),
             (QList<qint64>{6, 4, 2}));
    QVERIFY(!more);
    QCOMPARE(ids(store.visible(0, 100, 10, readerIn({QStringLiteral("#a"), QStringLiteral("#b")}),
                               &more)),
             (QList<qint64>{6, 5, 4, 3, 2, 1}));
    QCOMPARE(ids(store.visible(0, 100, 10, readerIn({}), &more)), QList<qint64>{});
}

void tst_HistoryStore::pruneKeepsEachRoomsNewest()
{
    HistoryStore store;
    QVERIFY(store.open(path()));
    QList<HistoryStore::Entry> entries;
    for (qint64 id = 1; id <= 6; ++id)
        entries.append(inRoom(id, id <= 4 ? QStringLiteral("#busy") : QStringLiteral("#quiet"),
                              QStringLiteral("m")));
    QVERIFY(store.write(entries));
    // At the limit nothing goes; past it, each room keeps its newest 2.
    QCOMPARE(store.prune(0, 4, 0), 0);
    QCOMPARE(store.prune(0, 2, 0), 2);
    bool more = false;
    QCOMPARE(ids(store.visible(0, 100, 10, HistoryReader(), &more)), (QList<qint64>{6, 5, 4, 3}));
}

void tst_HistoryStore::whispersOnlyForTheirParties_data()
{
    QTest::addColumn<QString>("nick");
    QTest::addColumn<QString>("address");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("sender") << QStringLiteral("alice") << QStringLiteral("10.0.0.1")
                            << QList<qint64>{3, 2, 1};
    QTest::newRow("recipient") << QStringLiteral("BOB") << QStringLiteral("10.0.0.2")
                               << QList<qint64>{3, 2, 1};
    QTest::newRow("recipient's nickname elsewhere")
            << QStringLiteral("bob") << QStringLiteral("10.0.0.3") << QList<qint64>{3, 1};
    QTest::newRow("room only") << QString() << QString() << QList<qint64>{3, 1};
}

void tst_HistoryStore::whispersOnlyForTheirParties()
{
    QFETCH(QString, nick);
    QFETCH(QString, address);
    QFETCH(QList<qint64>, expected);
    HistoryStore store;
    QVERIFY(store.open(path()));
    HistoryStore::Entry whisper = entry(2, QStringLiteral("alice"), QStringLiteral("secret"));
    whisper.message.to = QStringLiteral("Bob");
    whisper.fromAddress = QHostAddress(QStringLiteral("10.0.0.1"));
    whisper.toAddress = QHostAddress(QStringLiteral("10.0.0.2"));
    QVERIFY(store.write({entry(1, QStringLiteral("alice"), QStringLiteral("hi")), whisper,
                         entry(3, QStringLiteral("bob"), QStringLiteral("hello"))}));
    const HistoryReader reader =
            nick.isEmpty() ? HistoryReader()
                           : HistoryReader{Validation::nickKey(nick), QHostAddress(address), {}};
    bool more = false;
    QCOMPARE(ids(store.visible(1, 4, 10, reader, &more)), expected);
    // What a whisper looks like when read back.
    const std::optional<HistoryStore::Entry> back = store.entry(2);
    QVERIFY(back);
    QCOMPARE(back->message.to, QStringLiteral("Bob"));
    QCOMPARE(back->toAddress, QHostAddress(QStringLiteral("10.0.0.2")));
}

void tst_HistoryStore::idsKeepGrowingAfterPruning()
{
    HistoryStore store;
    QVERIFY(store.open(path()));
    QList<HistoryStore::Entry> batch;
    for (int i = 1; i <= 10; ++i)
        batch.append(entry(i, QStringLiteral("a"), QString::number(i)));
    QVERIFY(store.write(batch));
    QCOMPARE(store.prune(0, 3, 5000), 7);
    QCOMPARE(store.count(), 3);
    QCOMPARE(store.firstId(), 8);
    QCOMPARE(store.prune(0, 100, 5000), 0);
    // Even with every message gone, the next id follows the last one ever stored.
    QCOMPARE(store.prune(0, 0, 5000), 0); // 0 keeps everything
    store.close();
    HistoryStore reopened;
    QVERIFY(reopened.open(path()));
    QCOMPARE(reopened.lastId(), 10);
}

void tst_HistoryStore::pruneByAge()
{
    HistoryStore store;
    QVERIFY(store.open(path()));
    const qint64 day = 24 * 60 * 60 * 1000;
    const qint64 now = 100 * day;
    QVERIFY(store.write(
            {entry(1, QStringLiteral("a"), QStringLiteral("old"), now - 3 * day),
             entry(2, QStringLiteral("a"), QStringLiteral("older than a day"), now - day - 1),
             entry(3, QStringLiteral("a"), QStringLiteral("today"), now - 1000)}));
    QCOMPARE(store.prune(1, 0, now), 2);
    QCOMPARE(store.firstId(), 3);
    QCOMPARE(store.lastId(), 3);
}

void tst_HistoryStore::filesItMustNotTouch_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not a database at all")
            << QStringLiteral("garbage") << QStringLiteral("left as it is");
    QTest::newRow("a damaged database")
            << QStringLiteral("damaged") << QStringLiteral("left as it is");
    QTest::newRow("another program's database")
            << QStringLiteral("foreign") << QStringLiteral("not a qtchat history file");
    QTest::newRow("from a newer version")
            << QStringLiteral("newer") << QStringLiteral("newer qtchat-server");
}

void tst_HistoryStore::filesItMustNotTouch()
{
    QFETCH(QString, kind);
    QFETCH(QString, mentions);
    if (kind == u"garbage") {
        QFile file(path());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(5000, 'z'));
    } else if (kind == u"damaged") {
        {
            HistoryStore store;
            QVERIFY(store.open(path()));
            QList<HistoryStore::Entry> batch;
            for (int i = 1; i <= 500; ++i)
                batch.append(entry(i, QStringLiteral("a"), QString(200, u'x')));
            QVERIFY(store.write(batch));
        }
        QFile file(path());
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.size() > 16384);
        file.seek(8192); // inside the table's pages
        file.write(QByteArray(4096, '\xA5'));
    } else if (kind == u"foreign") {
        makeDatabase(path(), {QStringLiteral("CREATE TABLE invoices (id INTEGER)")});
    } else {
        makeDatabase(path(), {QStringLiteral("CREATE TABLE schema_version (version INTEGER)"),
                              QStringLiteral("INSERT INTO schema_version VALUES (99)")});
    }
    QFile before(path());
    QVERIFY(before.open(QIODevice::ReadOnly));
    const QByteArray original = before.readAll();
    before.close();

    HistoryStore store;
    QVERIFY(!store.open(path()));
    QVERIFY(!store.isOpen());
    QVERIFY2(store.errorString().contains(mentions), qPrintable(store.errorString()));
    QVERIFY(store.errorString().contains(path()));
    QFile after(path());
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), original);
}

void tst_HistoryStore::oneServerPerFile()
{
    HistoryStore first;
    QVERIFY(first.open(path()));
    QVERIFY(first.write({entry(1, QStringLiteral("a"), QStringLiteral("x"))}));
    HistoryStore second;
    QVERIFY(!second.open(path()));
    QVERIFY2(second.errorString().contains(u"in use"), qPrintable(second.errorString()));
    // The first one is unaffected.
    QVERIFY(first.write({entry(2, QStringLiteral("a"), QStringLiteral("y"))}));
    QCOMPARE(first.count(), 2);
}

void tst_HistoryStore::folderThatCannotBeCreated()
{
    QFile blocker(m_dir->filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    HistoryStore store;
    QVERIFY(!store.open(m_dir->filePath(QStringLiteral("file/sub/history.sqlite"))));
    QVERIFY2(store.errorString().contains(u"cannot create the folder"),
             qPrintable(store.errorString()));
}

QTEST_GUILESS_MAIN(tst_HistoryStore)
#include "tst_historystore.moc"
