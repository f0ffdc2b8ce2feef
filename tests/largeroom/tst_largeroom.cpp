// A room of 10,000 people on the real qtchat-server: 10,000 clients of the
// benchmark's load generator (--check-room) join at once and check every list
// of people they get, one of them asks who is here, then one more person
// joins with the project's own client code and reads the whole list, and
// the one after that finds the server full. Completeness is asserted, not speed.
#include "childprocess.h"
#include "testclient.h"
#include "waituntil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <sys/resource.h>

using namespace Protocol;

namespace {

const QString serverBinary = QStringLiteral(QTCHAT_SERVER_BINARY);
const QString loadgenBinary = QStringLiteral(QTCHAT_LOADGEN_BINARY);
constexpr int People = 10000;

// The port from "listening on ..., port N" (0 if it never said so).
quint16 waitForPort(ChildProcess &server)
{
    static const QRegularExpression listening(QStringLiteral("listening on .*, port (\\d+)"));
    quint16 port = 0;
    waitUntil(
            [&] {
                const QRegularExpressionMatch match = listening.match(server.output());
                if (match.hasMatch())
                    port = quint16(match.captured(1).toUInt());
                return port != 0 || !server.isRunning();
            },
            10000);
    return port;
}

} // namespace

class tst_LargeRoom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenThousandPeople();
};

void tst_LargeRoom::tenThousandPeople()
{
    // Each side needs a file for every connection.
    rlimit limit{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    if (limit.rlim_max != RLIM_INFINITY && limit.rlim_max < rlim_t(People + 200))
        QSKIP(qPrintable(QStringLiteral("this machine lets a process open at most %1 files; "
                                        "10,000 connections need more (raise ulimit -Hn)")
                                 .arg(qulonglong(limit.rlim_max))));

    QTemporaryDir data;
    QVERIFY(data.isValid());
    ChildProcess server;
    // The room holds exactly the load generator's people and one more.
    server.start(serverBinary,
                 {QStringLiteral("--no-gui"), QStringLiteral("--host"), QStringLiteral("127.0.0.1"),
                  QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--max-clients"),
                  QString::number(People + 1), QStringLiteral("--max-per-ip"), QStringLiteral("0"),
                  QStringLiteral("--data-dir"), data.path()},
                 ChildProcess::headlessEnvironment());
    const quint16 port = waitForPort(server);
    QVERIFY2(port != 0, qPrintable(server.output()));

    ChildProcess crowd;
    crowd.start(loadgenBinary,
                {QStringLiteral("--protocol"), QStringLiteral("qtchat"), QStringLiteral("--port"),
                 QString::number(port), QStringLiteral("--clients"), QString::number(People),
                 QStringLiteral("--check-room"), QStringLiteral("--connect-timeout"),
                 QStringLiteral("240"), QStringLiteral("--drain-timeout"), QStringLiteral("30"),
                 QStringLiteral("--hold"), QStringLiteral("120")},
                QProcessEnvironment::systemEnvironment());
    QJsonObject found;
    waitUntil(
            [&] {
                const QStringList lines = crowd.output().split(u'\n');
                for (const QString &line : lines) {
                    if (line.startsWith(u'{'))
                        found = QJsonDocument::fromJson(line.toUtf8()).object();
                }
                return !found.isEmpty() || !crowd.isRunning();
            },
            300000);
    QVERIFY2(!found.isEmpty(), qPrintable(crowd.output() + server.output().right(2000)));
    const auto number = [&found](const char *key) {
        return found.value(QLatin1String(key)).toInt(-1);
    };

    // Every list a joiner got ended, listed it, never anyone twice, fitted a frame.
    QVERIFY2(number("list_errors") == 0, qPrintable(found.value(u"first_error").toString()));
    QVERIFY(number("lists_checked") > People / 50);
    QVERIFY2(number("max_frame_bytes") <= 65536, qPrintable(crowd.output()));
    QCOMPARE(number("last_joiner_listed"), People);
    // Who is here: everyone, once, in pieces (the last one says so).
    QCOMPARE(number("who_listed"), People);
    QCOMPARE(number("who_distinct"), People);
    QVERIFY(number("who_frames") > 1);
    QCOMPARE(found.value(u"who_complete").toBool(), true);
    // The first one's list and what it was told of since add up to everyone.
    QCOMPARE(number("first_listed") + number("joins_counted"), People);
    QCOMPARE(number("leaves_counted"), 0);
    QCOMPARE(number("presence_users"), People);

    // One more, with the project's own client code: the whole list, in frames it reads.
    TestClient late;
    QVERIFY(late.connectTo(port));
    const std::optional<Welcome> welcome = late.join(QStringLiteral("latecomer"));
    QVERIFY2(welcome, qPrintable(late.lastProblem()));
    QCOMPARE(welcome->users.size(), People + 1);
    QSet<QString> nicks;
    for (const UserInfo &user : welcome->users)
        nicks.insert(user.nick);
    QCOMPARE(nicks.size(), People + 1);
    QVERIFY(nicks.contains(QStringLiteral("latecomer")));
    QVERIFY(nicks.contains(QStringLiteral("c0")) && nicks.contains(QStringLiteral("c9999")));

    // The room is full now: the next one is told so.
    TestClient refused;
    QVERIFY(refused.connectTo(port));
    refused.send(Hello{1, QStringLiteral("onetoomany"), QString(), QString(), std::nullopt, {}});
    const std::optional<Error> full = refused.waitForError(ErrorCode::ServerFull, 30000);
    QVERIFY2(full, qPrintable(refused.lastProblem()));

    // Everyone leaves at once: the one who stays is told how many left.
    crowd.kill();
    QVERIFY(crowd.waitForExit(30000));
    int left = 0;
    int users = -1;
    QDeadlineTimer deadline(30000);
    while ((left < People || users != 1) && !deadline.hasExpired()) {
        const std::optional<ServerMessage> message = late.next(int(deadline.remainingTime()));
        if (!message)
            break;
        if (const auto *presence = std::get_if<Presence>(&*message)) {
            left += presence->left;
            users = presence->users;
        } else if (std::holds_alternative<Left>(*message)) {
            ++left;
        }
    }
    QCOMPARE(left, People);
    QCOMPARE(users, 1);
    QVERIFY(server.isRunning());
}

QTEST_GUILESS_MAIN(tst_LargeRoom)
#include "tst_largeroom.moc"
