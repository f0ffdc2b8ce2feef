// The history's way to disk on its own: in memory only, or in a file where
// what is appended waits for its write (and says when it is written), a
// write now on a clean stop, an unusable folder, and retention at start.
#include "historypipeline.h"
#include "testserverconfig.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Protocol;

namespace {

ChatMessage said(const QString &text)
{
    ChatMessage message;
    message.ts = QDateTime::currentMSecsSinceEpoch();
    message.from = QStringLiteral("alice");
    message.text = text;
    return message;
}

} // namespace

class tst_HistoryPipeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inMemoryNothingWaits();
    void onDiskDeliveriesWaitForTheWrite();
    void commitNowWritesAtOnce();
    void unusableFolderKeepsTheHistoryInMemory();
    void retentionAtStart();

private:
    ServerConfig onDisk()
    {
        ServerConfig config = testServerConfig();
        config.dataDir = m_dir.path();
        return config;
    }
    QTemporaryDir m_dir;
};

void tst_HistoryPipeline::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_HistoryPipeline::inMemoryNothingWaits()
{
    ServerConfig config = testServerConfig();
    config.historyOnDisk = false;
    HistoryPipeline pipeline(config);
    QVERIFY(pipeline.status().contains(u"in memory only"));
    const ChatMessage stored = pipeline.append(said(QStringLiteral("one")), QStringLiteral("r1"));
    QCOMPARE(stored.id, 1);
    QCOMPARE(pipeline.lastId(), 1);
    QVERIFY(!pipeline.isWaiting());
    QVERIFY(!pipeline.isFailing());
}

void tst_HistoryPipeline::onDiskDeliveriesWaitForTheWrite()
{
    const ServerConfig config = onDisk();
    {
        HistoryPipeline pipeline(config);
        QVERIFY2(pipeline.status().startsWith(u"history in "), qPrintable(pipeline.status()));
        QSignalSpy written(&pipeline, &HistoryPipeline::written);
        pipeline.append(said(QStringLiteral("one")), QString());
        pipeline.append(said(QStringLiteral("two")), QString());
        QVERIFY(pipeline.isWaiting()); // until the pass's transaction is on disk
        QVERIFY(written.wait(5000));
        QTRY_VERIFY(!pipeline.isWaiting());
        QCOMPARE(pipeline.history().writtenUpTo(), 2);
    }
    HistoryPipeline again(config); // the next start reads them
    QCOMPARE(again.lastId(), 2);
    QCOMPARE(again.history().before(std::nullopt, 10, HistoryReader()).messages.size(), 2);
}

void tst_HistoryPipeline::commitNowWritesAtOnce()
{
    QTemporaryDir dir;
    ServerConfig config = testServerConfig();
    config.dataDir = dir.path();
    HistoryPipeline pipeline(config);
    QSignalSpy written(&pipeline, &HistoryPipeline::written);
    pipeline.append(said(QStringLiteral("now")), QString());
    pipeline.commitNow();
    QCOMPARE(written.size(), 1); // at once, not at the end of the pass
    QVERIFY(!pipeline.isWaiting());
    QCOMPARE(pipeline.store()->lastId(), 1);
}

void tst_HistoryPipeline::unusableFolderKeepsTheHistoryInMemory()
{
    QTemporaryDir dir;
    QFile blocker(QDir(dir.path()).filePath(QStringLiteral("history.sqlite")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.write("this is not a database, and it is left alone");
    blocker.close();
    ServerConfig config = testServerConfig();
    config.dataDir = dir.path();
    HistoryPipeline pipeline(config);
    QVERIFY2(pipeline.status().startsWith(u"history is kept in memory only: "),
             qPrintable(pipeline.status()));
    pipeline.append(said(QStringLiteral("still works")), QString());
    QVERIFY(!pipeline.isWaiting());
    QVERIFY(blocker.open(QIODevice::ReadOnly));
    QCOMPARE(blocker.readAll(), QByteArray("this is not a database, and it is left alone"));
}

void tst_HistoryPipeline::retentionAtStart()
{
    QTemporaryDir dir;
    ServerConfig config = testServerConfig();
    config.dataDir = dir.path();
    {
        HistoryPipeline pipeline(config);
        for (int i = 0; i < 10; ++i)
            pipeline.append(said(QString::number(i)), QString());
        pipeline.commitNow();
    }
    config.historyMax = 3;
    HistoryPipeline pipeline(config);
    const HistoryPage kept = pipeline.history().before(std::nullopt, 100, HistoryReader());
    QCOMPARE(kept.messages.size(), 3);
    QCOMPARE(kept.messages.first().text, QStringLiteral("7"));
    QCOMPARE(pipeline.lastId(), 10); // ids go on from where they were
}

QTEST_GUILESS_MAIN(tst_HistoryPipeline)
#include "tst_historypipeline.moc"
