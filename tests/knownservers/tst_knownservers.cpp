// The servers this computer knows: pins and the servers allowed in the
// clear, kept in one file that other programs (and people) may edit.
#include "knownservers.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class tst_KnownServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptAcrossInstances();
    void readsWhatOthersWrote_data();
    void readsWhatOthersWrote();
    void linesNotUnderstoodAreKept();
    void unreadableFileIsNotOverwritten();
    void unwritableFolderKeepsWhatWasLearnt();
    void boundedToMaxServers();
    void inMemoryWithoutAPath();
};

namespace {

const QString A = QStringLiteral(
        "3F:2A:9C:01:77:B4:E0:D2:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:01:23:45:67:89:"
        "AB:CD:EF");
const QString B = QStringLiteral(
        "00:2A:9C:01:77:B4:E0:D2:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:01:23:45:67:89:"
        "AB:CD:EF");

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

void tst_KnownServers::keptAcrossInstances()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/known-servers"));
    {
        KnownServers known(path);
        QCOMPARE(known.find(QStringLiteral("chat.example.org"), 5555).fingerprint, QString());
        QVERIFY2(known.pin(QStringLiteral("Chat.Example.org"), 5555, A),
                 qPrintable(known.errorString()));
        QVERIFY(known.setUnencrypted(QStringLiteral("oldbox"), 5555, true));
        QVERIFY(known.pin(QStringLiteral("chat.example.org"), 6666, B));
    }
    KnownServers again(path);
    // Names in any case are the same server; another port is another server.
    QCOMPARE(again.find(QStringLiteral("CHAT.example.org"), 5555).fingerprint, A);
    QCOMPARE(again.find(QStringLiteral("chat.example.org"), 6666).fingerprint, B);
    QVERIFY(again.find(QStringLiteral("oldbox"), 5555).unencrypted);
    QVERIFY(!again.find(QStringLiteral("oldbox"), 5556).unencrypted);
    QVERIFY(!again.find(QStringLiteral("chat.example.org"), 5555).unencrypted);
    // Replacing a pin changes that line only; taking back the clear too.
    QVERIFY(again.pin(QStringLiteral("chat.example.org"), 5555, B));
    QVERIFY(again.setUnencrypted(QStringLiteral("oldbox"), 5555, false));
    const QByteArray text = contents(path);
    QVERIFY2(text.contains(QByteArray("chat.example.org 5555 sha256 " + B.toLatin1() + '\n')),
             text.constData());
    QVERIFY2(text.contains(QByteArray("chat.example.org 6666 sha256 " + B.toLatin1() + '\n')),
             text.constData());
    QVERIFY2(!text.contains("unencrypted"), text.constData());
    QVERIFY2(text.startsWith("# qtchat's known servers"), text.constData());
}

void tst_KnownServers::readsWhatOthersWrote_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("fingerprint");
    QTest::addColumn<bool>("unencrypted");
    QTest::newRow("pin") << "host 7 sha256 " + A.toLatin1() << A << false;
    QTest::newRow("pin in lower case, no colons")
            << "host 7 sha256 " + A.toLower().remove(u':').toLatin1() << A << false;
    QTest::newRow("in the clear") << QByteArray("host 7 unencrypted") << QString() << true;
    QTest::newRow("both") << "host 7 sha256 " + A.toLatin1() + " unencrypted" << A << true;
    QTest::newRow("extra spaces") << "  host   7  sha256   " + A.toLatin1() << A << false;
    QTest::newRow("short fingerprint") << QByteArray("host 7 sha256 3F2A") << QString() << false;
    QTest::newRow("port 0") << "host 0 sha256 " + A.toLatin1() << QString() << false;
    QTest::newRow("port too large") << "host 65543 sha256 " + A.toLatin1() << QString() << false;
    QTest::newRow("unknown word") << "host 7 sha1 " + A.toLatin1() << QString() << false;
    QTest::newRow("commented out") << "# host 7 sha256 " + A.toLatin1() << QString() << false;
}

void tst_KnownServers::readsWhatOthersWrote()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, fingerprint);
    QFETCH(bool, unencrypted);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("known-servers"));
    QVERIFY(write(path, QByteArray(line + "\r\n")));
    KnownServers known(path);
    const KnownServers::Entry entry = known.find(QStringLiteral("host"), 7);
    QCOMPARE(entry.fingerprint, fingerprint);
    QCOMPARE(entry.unencrypted, unencrypted);
    // Another program changes it: read again.
    QVERIFY(write(path, QByteArray("host 7 sha256 " + B.toLatin1() + "\n# and a comment\n")));
    QFile changed(path);
    QVERIFY(changed.open(QIODevice::ReadWrite));
    QVERIFY(changed.setFileTime(QDateTime::currentDateTime().addSecs(5),
                                QFileDevice::FileModificationTime));
    changed.close();
    QCOMPARE(known.find(QStringLiteral("host"), 7).fingerprint, B);
}

void tst_KnownServers::linesNotUnderstoodAreKept()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("known-servers"));
    QVERIFY(write(path, QByteArray("# my own note\nhost 7 sha256 NOTHEX\nhost 8 sha256 " +
                                   A.toLatin1() + "\n")));
    KnownServers known(path);
    QVERIFY(known.pin(QStringLiteral("other"), 9, B));
    const QByteArray text = contents(path);
    QVERIFY2(text.contains("# my own note\n"), text.constData());
    QVERIFY2(text.contains("host 7 sha256 NOTHEX\n"), text.constData());
    QVERIFY2(text.contains(QByteArray("host 8 sha256 " + A.toLatin1() + '\n')), text.constData());
    QVERIFY2(text.contains(QByteArray("other 9 sha256 " + B.toLatin1() + '\n')), text.constData());
    QCOMPARE(text.count("# qtchat's known servers"), 1); // the header once, however often written
    QVERIFY(known.pin(QStringLiteral("other"), 9, A));
    QCOMPARE(contents(path).count("# qtchat's known servers"), 1);
}

void tst_KnownServers::unreadableFileIsNotOverwritten()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("known-servers"));
    QVERIFY(write(path, QByteArray("host 7 sha256 " + A.toLatin1() + '\n')));
    // Too large to be ours (a file put there by mistake): never replaced.
    QFile file(path);
    QVERIFY(file.resize(KnownServers::MaxFileBytes + 1));
    KnownServers known(path);
    QCOMPARE(known.find(QStringLiteral("host"), 7).fingerprint, QString());
    QVERIFY(!known.pin(QStringLiteral("host"), 8, B));
    QVERIFY2(known.errorString().contains(u"too large"), qPrintable(known.errorString()));
    QCOMPARE(QFileInfo(path).size(), KnownServers::MaxFileBytes + 1);
    // What was learnt is kept for this run.
    QCOMPARE(known.find(QStringLiteral("host"), 8).fingerprint, B);
}

void tst_KnownServers::unwritableFolderKeepsWhatWasLearnt()
{
    QTemporaryDir dir;
    // A file where the folder should be: the list cannot be written.
    QVERIFY(write(dir.filePath(QStringLiteral("blocked")), "not a folder"));
    KnownServers known(dir.filePath(QStringLiteral("blocked/known-servers")));
    QVERIFY(!known.setUnencrypted(QStringLiteral("oldbox"), 5555, true));
    QVERIFY2(known.errorString().startsWith(u"cannot write"), qPrintable(known.errorString()));
    QVERIFY(known.find(QStringLiteral("oldbox"), 5555).unencrypted);
}

void tst_KnownServers::boundedToMaxServers()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("known-servers"));
    QByteArray lines;
    for (int i = 0; i < KnownServers::MaxServers; ++i)
        lines += QByteArray("host" + QByteArray::number(i) + " 7 unencrypted\n");
    QVERIFY(write(path, lines));
    KnownServers known(path);
    QVERIFY(known.find(QStringLiteral("host0"), 7).unencrypted); // at the limit: all kept
    QVERIFY(known.pin(QStringLiteral("newest"), 7, A));          // past it: the oldest goes
    QVERIFY(!known.find(QStringLiteral("host0"), 7).unencrypted);
    QVERIFY(known.find(QStringLiteral("host1"), 7).unencrypted);
    QCOMPARE(known.find(QStringLiteral("newest"), 7).fingerprint, A);
    QCOMPARE(contents(path).count('\n'), KnownServers::MaxServers + 2); // and the header's 2
}

void tst_KnownServers::inMemoryWithoutAPath()
{
    KnownServers known;
    QVERIFY(known.pin(QStringLiteral("host"), 7, A));
    QCOMPARE(known.find(QStringLiteral("host"), 7).fingerprint, A);
    QVERIFY(known.errorString().isEmpty());
}

QTEST_GUILESS_MAIN(tst_KnownServers)
#include "tst_knownservers.moc"
