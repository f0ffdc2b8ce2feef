// The outbox on disk on its own: what it keeps across a close or a crash,
// a torn last line, one journal per server and nickname, a second program
// kept out, a folder that cannot be written, and its compaction.
#include "outboxstore.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

OutgoingMessage typed(const QString &ref, const QString &text, const QString &to = QString())
{
    OutgoingMessage message;
    message.ref = ref;
    message.text = text;
    message.to = to;
    message.typedAt = 1'800'000'000'000;
    return message;
}

QStringList refs(const QList<OutgoingMessage> &messages)
{
    QStringList list;
    for (const OutgoingMessage &message : messages)
        list.append(message.ref);
    return list;
}

const QString host = QStringLiteral("192.168.1.10");
constexpr quint16 port = 5555;

} // namespace

class tst_OutboxStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptUntilDone();
    void tornLastLineIsSkipped();
    void oneJournalPerServerAndNickname();
    void renameMovesWhatWaits();
    void secondProgramIsKeptOut();
    void folderThatCannotBeWritten();
    void longJournalIsCompacted();
    void clearForgetsEverything();
};

void tst_OutboxStore::keptUntilDone()
{
    QTemporaryDir dir;
    {
        OutboxStore store(dir.path());
        QVERIFY(store.open(host, port, QStringLiteral("alice")).isEmpty());
        QVERIFY(store.isOpen());
        QVERIFY(store.add(typed(QStringLiteral("r1"), QStringLiteral("first"))));
        QVERIFY(store.add(
                typed(QStringLiteral("r2"), QStringLiteral("多行\n文字"), QStringLiteral("bob"))));
        OutgoingMessage inRoom = typed(QStringLiteral("r3"), QStringLiteral("third"));
        inRoom.room = QStringLiteral("#random");
        QVERIFY(store.add(inRoom));
        QVERIFY(store.remove(QStringLiteral("r1")));
    } // closed without a word, as a crash would
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("ALICE")), 2);
    OutboxStore store(dir.path());
    const QList<OutgoingMessage> waiting = store.open(host, port, QStringLiteral("alice"));
    QCOMPARE(refs(waiting), (QStringList{QStringLiteral("r2"), QStringLiteral("r3")}));
    QCOMPARE(waiting.first().text, QStringLiteral("多行\n文字"));
    QCOMPARE(waiting.first().to, QStringLiteral("bob"));
    QCOMPARE(waiting.first().typedAt, 1'800'000'000'000);
    QCOMPARE(waiting.first().room, QString());
    QCOMPARE(waiting.last().room, QStringLiteral("#random")); // it goes to its room
    QVERIFY(store.remove(QStringLiteral("r2")));
    QVERIFY(store.remove(QStringLiteral("r3")));
    // Nothing waits: no journal is left behind.
    QVERIFY(QDir(dir.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files).isEmpty());
}

void tst_OutboxStore::tornLastLineIsSkipped()
{
    QTemporaryDir dir;
    QString path;
    {
        OutboxStore store(dir.path());
        store.open(host, port, QStringLiteral("alice"));
        QVERIFY(store.add(typed(QStringLiteral("r1"), QStringLiteral("whole"))));
        path = store.path();
    }
    // A crash in the middle of writing the next line.
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write(R"({"add":{"ref":"r2","text":"half wri)");
    file.close();
    OutboxStore store(dir.path());
    QCOMPARE(refs(store.open(host, port, QStringLiteral("alice"))),
             QStringList{QStringLiteral("r1")});
    // Still a journal that works.
    QVERIFY(store.add(typed(QStringLiteral("r3"), QStringLiteral("after"))));
    store.close();
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alice")), 2);
}

void tst_OutboxStore::oneJournalPerServerAndNickname()
{
    QTemporaryDir dir;
    OutboxStore store(dir.path());
    store.open(host, port, QStringLiteral("alice"));
    QVERIFY(store.add(typed(QStringLiteral("a"), QStringLiteral("for alice at 5555"))));
    store.open(host, 6000, QStringLiteral("alice"));
    QVERIFY(store.add(typed(QStringLiteral("b"), QStringLiteral("for alice at 6000"))));
    store.open(host, port, QStringLiteral("张伟"));
    QVERIFY(store.add(typed(QStringLiteral("c"), QStringLiteral("for 张伟"))));
    store.close();
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alice")), 1);
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, 6000, QStringLiteral("alice")), 1);
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("张伟")), 1);
    QCOMPARE(OutboxStore::pendingCount(dir.path(), QStringLiteral("other"), port,
                                       QStringLiteral("alice")),
             0);
    // File names any system takes.
    const QStringList files = QDir(dir.path()).entryList({QStringLiteral("*.jsonl")}, QDir::Files);
    QCOMPARE(files.size(), 3);
    for (const QString &name : files)
        QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9._~%-]+$")).match(name).hasMatch(),
                 qPrintable(name));
}

void tst_OutboxStore::renameMovesWhatWaits()
{
    QTemporaryDir dir;
    {
        // Something waited for the new name already.
        OutboxStore earlier(dir.path());
        earlier.open(host, port, QStringLiteral("alicia"));
        QVERIFY(earlier.add(typed(QStringLiteral("old"), QStringLiteral("from before"))));
    }
    OutboxStore store(dir.path());
    store.open(host, port, QStringLiteral("alice"));
    QVERIFY(store.add(typed(QStringLiteral("r1"), QStringLiteral("typed as alice"))));
    const QList<OutgoingMessage> all = store.rename(QStringLiteral("alicia"));
    QCOMPARE(refs(all), (QStringList{QStringLiteral("old"), QStringLiteral("r1")}));
    store.close();
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alice")), 0);
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alicia")), 2);
}

void tst_OutboxStore::secondProgramIsKeptOut()
{
    QTemporaryDir dir;
    OutboxStore first(dir.path());
    first.open(host, port, QStringLiteral("alice"));
    QVERIFY(first.isOpen());
    OutboxStore second(dir.path());
    second.open(host, port, QStringLiteral("alice"));
    QVERIFY(!second.isOpen());
    QVERIFY2(second.errorString().contains(u"another qtchat"), qPrintable(second.errorString()));
    QVERIFY(!second.add(typed(QStringLiteral("r"), QStringLiteral("x"))));
    first.close();
    second.open(host, port, QStringLiteral("alice"));
    QVERIFY(second.isOpen());
}

void tst_OutboxStore::folderThatCannotBeWritten()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    // A folder that cannot be made: a file is in the way.
    OutboxStore store(dir.filePath(QStringLiteral("file/outbox")));
    QVERIFY(store.open(host, port, QStringLiteral("alice")).isEmpty());
    QVERIFY(!store.isOpen());
    QVERIFY2(!store.errorString().isEmpty(), "it says why");
    QVERIFY(!store.add(typed(QStringLiteral("r"), QStringLiteral("x"))));
}

void tst_OutboxStore::longJournalIsCompacted()
{
    QTemporaryDir dir;
    OutboxStore store(dir.path());
    store.open(host, port, QStringLiteral("alice"));
    QVERIFY(store.add(typed(QStringLiteral("keep"), QStringLiteral("waits all along"))));
    for (int i = 0; i < 2000; ++i) {
        QVERIFY(store.add(typed(QString::number(i), QStringLiteral("message %1").arg(i))));
        QVERIFY(store.remove(QString::number(i)));
    }
    QFile file(store.path());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.size() < 64 * 1024, qPrintable(QString::number(file.size())));
    store.close();
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alice")), 1);
}

void tst_OutboxStore::clearForgetsEverything()
{
    QTemporaryDir dir;
    OutboxStore store(dir.path());
    store.open(host, port, QStringLiteral("alice"));
    QVERIFY(store.add(typed(QStringLiteral("r1"), QStringLiteral("x"))));
    store.clear();
    store.close();
    QCOMPARE(OutboxStore::pendingCount(dir.path(), host, port, QStringLiteral("alice")), 0);
}

QTEST_GUILESS_MAIN(tst_OutboxStore)
#include "tst_outboxstore.moc"
