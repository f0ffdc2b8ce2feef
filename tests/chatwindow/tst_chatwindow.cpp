// The chat window, driven as a person would: typing into its input line,
// pressing Enter, Tab and Up, double-clicking people, answering its
// dialogs, with a real server and other real clients over loopback
// (QT_QPA_PLATFORM=offscreen).
#include "apptranslations.h"
#include "chatinput.h"
#include "chatserver.h"
#include "chatwindow.h"
#include "clientsettings.h"
#include "dialoganswerer.h"
#include "elidedlabel.h"
#include "messagemodel.h"
#include "messageview.h"
#include "serverrestart.h"
#include "tcprelay.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "waituntil.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QInputMethodEvent>
#include <QLabel>
#include <QListView>
#include <QLoggingCategory>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Protocol;

class tst_ChatWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sendsAndReceives();
    void meAndNick();
    void privateConversationInATab();
    void renameOntoAnOpenTab();
    void nicknameCompletion();
    void upRecallsAndShiftEnterAddsALine();
    void unreadCountInTheTitle();
    void htmlIsShownAsTyped();
    void chineseNicknameAndText();
    void connectDialogRefusesABadNickname();
    void statusBarFollowsTheConnection();
    void olderMessagesWhenScrollingToTheTop();
    void settingsAreRemembered();
    void missedMessagesAreUnread();

private:
    ChatInput *input() const { return m_window->findChild<ChatInput *>(QStringLiteral("input")); }
    // Types text into the input line and presses Enter.
    void type(const QString &text)
    {
        QTest::keyClicks(input(), text);
        QTest::keyClick(input(), Qt::Key_Return);
    }
    QString shown(const QString &peer = QString()) const
    {
        MessageView *view = m_window->conversationView(peer);
        return view ? view->toPlainText() : QString();
    }
    TestClient *joined(const QString &nick)
    {
        auto *client = new TestClient(&m_owner);
        if (!client->connectTo(m_server->serverPort()) || !client->join(nick))
            return nullptr;
        return client;
    }
    bool connectWindow(const QString &nick = QStringLiteral("alice"))
    {
        m_window->connectTo(QStringLiteral("127.0.0.1"), m_server->serverPort(), nick);
        return waitUntil(
                [this] { return m_window->client()->state() == ChatClient::State::Connected; });
    }

    QTemporaryDir m_home;
    QObject m_owner;
    std::unique_ptr<ChatServer> m_server;
    std::unique_ptr<ChatWindow> m_window;
};

void tst_ChatWindow::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    // Unsent messages are kept in the data folder: this test's own.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("data"))));
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_chatwindow"));
    // English as the program speaks it (its plural forms: "1 message", "2 messages").
    QVERIFY(AppTranslations::install(QStringLiteral("en")).startsWith(u"en"));
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("qtchat.server.info=false"));
}

void tst_ChatWindow::init()
{
    QSettings().clear();
    QDir(ClientSettings::outboxDirectory()).removeRecursively();
    m_server = std::make_unique<ChatServer>(testServerConfig());
    QVERIFY(m_server->listen());
    m_window = std::make_unique<ChatWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_ChatWindow::cleanup()
{
    m_window.reset();
    qDeleteAll(m_owner.children());
    m_server.reset();
}

void tst_ChatWindow::sendsAndReceives()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QVERIFY(connectWindow());
    QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("usersLabel"))->text().contains(u"2"));

    type(QStringLiteral("hello bob"));
    QCOMPARE(input()->toPlainText(), QString()); // Enter sent and emptied it
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY2(heard, qPrintable(bob->lastProblem()));
    QCOMPARE(heard->text, QStringLiteral("hello bob"));
    MessageModel *room = m_window->conversationModel();
    QTRY_COMPARE(room->entry(room->rowCount() - 1).delivery, MessageModel::Delivery::Sent);

    // The Send button does the same.
    QTest::keyClicks(input(), QStringLiteral("by button"));
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("sendButton")),
                      Qt::LeftButton);
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));

    bob->send(Say{QStringLiteral("hi alice"), QString(), false});
    QTRY_VERIFY(shown().contains(u"bob: hi alice"));
}

void tst_ChatWindow::meAndNick()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    type(QStringLiteral("/me waves"));
    const std::optional<ChatMessage> action = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(action);
    QVERIFY(action->action);
    QCOMPARE(action->text, QStringLiteral("waves"));
    QTRY_VERIFY(shown().contains(u"* alice waves"));

    type(QStringLiteral("/nick alicia"));
    const std::optional<Renamed> renamed = bob->waitFor<Renamed>();
    QVERIFY(renamed);
    QCOMPARE(renamed->to, QStringLiteral("alicia"));
    QTRY_COMPARE(m_window->client()->nick(), QStringLiteral("alicia"));
    QVERIFY(m_window->windowTitle().contains(u"alicia"));
    QTRY_VERIFY(shown().contains(u"alice is now known as alicia"));

    // A command without what it needs says how to use it, and sends nothing.
    type(QStringLiteral("/msg bob"));
    QTRY_VERIFY(shown().contains(u"usage: /msg NICK TEXT"));
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alicia"), 300));
}

void tst_ChatWindow::privateConversationInATab()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    auto *users = m_window->findChild<QListView *>(QStringLiteral("usersView"));
    QModelIndex bobRow;
    QTRY_VERIFY(waitUntil([&] {
        for (int row = 0; row < users->model()->rowCount(); ++row) {
            if (users->model()->index(row, 0).data().toString() == u"bob")
                bobRow = users->model()->index(row, 0);
        }
        return bobRow.isValid();
    }));
    const QRect rect = users->visualRect(bobRow);
    QTest::mouseClick(users->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
    QTest::mouseDClick(users->viewport(), Qt::LeftButton, Qt::NoModifier, rect.center());
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QTRY_COMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(1), QStringLiteral("bob"));
    QCOMPARE(tabs->currentIndex(), 1);

    type(QStringLiteral("just between us"));
    const std::optional<ChatMessage> whisper = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(whisper);
    QCOMPARE(whisper->to, QStringLiteral("bob"));
    bob->send(Whisper{QStringLiteral("alice"), QStringLiteral("sure"), QString()});
    QTRY_VERIFY(shown(QStringLiteral("bob")).contains(u"bob: sure"));
    QVERIFY(!shown().contains(u"sure")); // not in the room

    // /msg from the room opens (or reuses) the tab too.
    tabs->setCurrentIndex(0);
    type(QStringLiteral("/msg bob one more"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
    QCOMPARE(tabs->count(), 2);
}

void tst_ChatWindow::renameOntoAnOpenTab()
{
    // A tab with carol (who left) and one with bob; bob takes the name carol.
    TestClient *bob = joined(QStringLiteral("bob"));
    TestClient *carol = joined(QStringLiteral("carol"));
    QVERIFY(bob && carol && connectWindow());
    m_window->openPrivateConversation(QStringLiteral("carol"));
    m_window->openPrivateConversation(QStringLiteral("bob"));
    carol->send(Bye{QString()});
    QTRY_COMPARE(m_window->client()->users().size(), 2);
    bob->send(Nick{QStringLiteral("carol")});
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QTRY_COMPARE(tabs->count(), 2);
    QCOMPARE(tabs->tabText(1), QStringLiteral("carol"));
    // What is typed in that tab still goes to that person only, never to the room.
    tabs->setCurrentIndex(1);
    type(QStringLiteral("for your eyes only"));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->to, QStringLiteral("carol"));
}

void tst_ChatWindow::nicknameCompletion()
{
    QVERIFY(joined(QStringLiteral("bob")) && joined(QStringLiteral("bobby")));
    QVERIFY(connectWindow());
    QTRY_COMPARE(m_window->client()->users().size(), 3);
    QTest::keyClicks(input(), QStringLiteral("BO"));
    QTest::keyClick(input(), Qt::Key_Tab);
    QCOMPARE(input()->toPlainText(), QStringLiteral("bob: "));
    QTest::keyClick(input(), Qt::Key_Tab); // the next one that fits
    QCOMPARE(input()->toPlainText(), QStringLiteral("bobby: "));
    QTest::keyClicks(input(), QStringLiteral("hi and al"));
    QTest::keyClick(input(), Qt::Key_Tab); // in the middle of a line: no colon
    QCOMPARE(input()->toPlainText(), QStringLiteral("bobby: hi and alice "));
}

void tst_ChatWindow::upRecallsAndShiftEnterAddsALine()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    type(QStringLiteral("one"));
    type(QStringLiteral("two"));
    QTest::keyClick(input(), Qt::Key_Up);
    QCOMPARE(input()->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(input(), Qt::Key_Up);
    QCOMPARE(input()->toPlainText(), QStringLiteral("one"));
    QTest::keyClick(input(), Qt::Key_Down);
    QCOMPARE(input()->toPlainText(), QStringLiteral("two"));
    QTest::keyClick(input(), Qt::Key_Down);
    QCOMPARE(input()->toPlainText(), QString());

    QTest::keyClicks(input(), QStringLiteral("first line"));
    QTest::keyClick(input(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(input(), QStringLiteral("second line"));
    QCOMPARE(input()->toPlainText(), QStringLiteral("first line\nsecond line"));
    QTest::keyClick(input(), Qt::Key_Return);
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice"))); // one
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice"))); // two
    const std::optional<ChatMessage> both = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(both);
    QCOMPARE(both->text, QStringLiteral("first line\nsecond line"));
}

void tst_ChatWindow::unreadCountInTheTitle()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->openPrivateConversation(QStringLiteral("bob"));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QCOMPARE(tabs->currentIndex(), 1);

    // Messages in the room while reading bob's tab are unread.
    bob->send(Say{QStringLiteral("anyone?"), QString(), false});
    bob->send(Say{QStringLiteral("hello?"), QString(), false});
    QTRY_COMPARE(m_window->unreadCount(), 2);
    QVERIFY2(m_window->windowTitle().startsWith(u"(2) "), qPrintable(m_window->windowTitle()));
    QCOMPARE(tabs->tabText(0), QStringLiteral("Room (2)"));
    tabs->setCurrentIndex(0);
    QCOMPARE(m_window->unreadCount(), 0);
    QVERIFY(!m_window->windowTitle().startsWith(u"("));
    QCOMPARE(tabs->tabText(0), QStringLiteral("Room"));
}

void tst_ChatWindow::htmlIsShownAsTyped()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    bob->send(Say{QStringLiteral("<b>html</b> & <a href=\"x\">link</a>"), QString(), false});
    QTRY_VERIFY2(shown().contains(u"bob: <b>html</b> & <a href=\"x\">link</a>"),
                 qPrintable(shown()));
}

void tst_ChatWindow::chineseNicknameAndText()
{
    TestClient *zhang = joined(QStringLiteral("张伟"));
    QVERIFY(zhang && connectWindow(QStringLiteral("李雷")));
    zhang->send(Say{QStringLiteral("你好，李雷！"), QString(), false});
    QTRY_VERIFY2(shown().contains(u"张伟: 你好，李雷！"), qPrintable(shown()));
    auto *users = m_window->findChild<QListView *>(QStringLiteral("usersView"));
    QStringList names;
    for (int row = 0; row < users->model()->rowCount(); ++row)
        names.append(users->model()->index(row, 0).data().toString());
    QVERIFY2(names.contains(u"张伟"), qPrintable(names.join(u',')));
    QVERIFY(names.contains(u"李雷 (you)"));
    // The message names 李雷: it is highlighted as a mention.
    MessageModel *room = m_window->conversationModel();
    QVERIFY(room->entry(room->rowCount() - 1).mention);
    // Chinese arrives from an input method as committed text, not as key presses.
    QInputMethodEvent composed;
    composed.setCommitString(QStringLiteral("你好 张伟"));
    QApplication::sendEvent(input(), &composed);
    QTest::keyClick(input(), Qt::Key_Return);
    const std::optional<ChatMessage> heard = zhang->waitForMessageFrom(QStringLiteral("李雷"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("你好 张伟"));
}

void tst_ChatWindow::connectDialogRefusesABadNickname()
{
    const QString port = QString::number(m_server->serverPort());
    DialogAnswerer answer([port](QWidget *dialog) {
        auto *host = dialog->findChild<QComboBox *>(QStringLiteral("hostCombo"));
        QTest::keyClicks(host->lineEdit(), u"127.0.0.1:" + port);
        auto *nick = dialog->findChild<QLineEdit *>(QStringLiteral("nickEdit"));
        QTest::keyClicks(nick, QStringLiteral("two words"));
        clickButton(QStringLiteral("Connect"))(dialog);
        // Still open, saying why.
        QVERIFY(dialog->isVisible());
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(u"nickname cannot be used"), qPrintable(error->text()));
        nick->clear();
        QTest::keyClicks(nick, QStringLiteral("carol"));
        clickButton(QStringLiteral("Connect"))(dialog);
    });
    m_window->showConnectDialog();
    QVERIFY(answer.answered());
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Connected);
    QCOMPARE(m_window->client()->nick(), QStringLiteral("carol"));
    QCOMPARE(m_window->client()->port(), m_server->serverPort()); // from "host:port"
    // Remembered for the next time.
    QCOMPARE(QSettings().value(QStringLiteral("client/nick")).toString(), QStringLiteral("carol"));
}

void tst_ChatWindow::statusBarFollowsTheConnection()
{
    QVERIFY(connectWindow());
    auto *status = m_window->statusBar()->findChild<ElidedLabel *>(QStringLiteral("stateLabel"));
    QVERIFY(status);
    QVERIFY2(status->text().contains(u"Connected to 127.0.0.1"), qPrintable(status->text()));
    auto *reconnect = m_window->statusBar()->findChild<QPushButton *>();
    QVERIFY(reconnect && !reconnect->isVisible());

    const quint16 port = m_server->serverPort();
    m_server->shutdown(QStringLiteral("maintenance"));
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Reconnecting);
    QVERIFY2(status->text().contains(u"Trying again in"), qPrintable(status->text()));
    QVERIFY2(status->text().contains(u"shutting down"), qPrintable(status->text()));
    QVERIFY(reconnect->isVisible());
    QTRY_VERIFY(shown().contains(u"The server is shutting down: maintenance"));

    // Typed while away: shown as sending, and sent when the server is back.
    type(QStringLiteral("are you back?"));
    QTRY_VERIFY(shown().contains(u"are you back? (sending…)"));
    QVERIFY2(status->text().startsWith(u"1 message will be sent when you are back online."),
             qPrintable(status->text()));
    QVERIFY(restartOnSamePort(m_server, testServerConfig(), port));
    QTest::mouseClick(reconnect, Qt::LeftButton); // no need to wait for the next attempt
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Connected);
    QTRY_VERIFY(!shown().contains(u"sending…"));
    QCOMPARE(m_server->history().lastId(), 1);
}

void tst_ChatWindow::olderMessagesWhenScrollingToTheTop()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    for (int i = 1; i <= 120; ++i)
        bob->send(Say{QStringLiteral("line %1").arg(i), QString(), false});
    QTRY_COMPARE(m_server->history().lastId(), 120);
    QVERIFY(connectWindow());
    MessageModel *room = m_window->conversationModel();
    QTRY_COMPARE(room->oldestId(), 71); // the last 50 came with the welcome
    QVERIFY(room->hasOlderHistory());
    MessageView *view = m_window->conversationView();
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->minimum());
    QTRY_COMPARE(room->oldestId(), 21); // one more page of 50
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->maximum());
    QTRY_VERIFY(view->verticalScrollBar()->maximum() > 0);
    view->verticalScrollBar()->setValue(view->verticalScrollBar()->minimum());
    QTRY_COMPARE(room->oldestId(), 1);
    QTRY_VERIFY(!room->hasOlderHistory());
    QVERIFY(view->toPlainText().contains(u"bob: line 1\n"));
}

void tst_ChatWindow::settingsAreRemembered()
{
    QVERIFY(joined(QStringLiteral("bob")));
    QVERIFY(connectWindow());
    QTRY_VERIFY(shown().contains(u"Connected to"));
    const QString clock = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm"));
    QVERIFY(shown().contains(clock) ||
            shown().contains(
                    QDateTime::currentDateTime().addSecs(-60).toString(QStringLiteral("HH:mm"))));
    DialogAnswerer answer([](QWidget *dialog) {
        dialog->findChild<QCheckBox *>(QStringLiteral("timestampsCheck"))->setChecked(false);
        auto *notify = dialog->findChild<QComboBox *>(QStringLiteral("notifyCombo"));
        notify->setCurrentIndex(notify->count() - 1); // never
        dialog->findChild<QSpinBox *>(QStringLiteral("fontSizeSpin"))->setValue(14);
        auto *nick = dialog->findChild<QLineEdit *>(QStringLiteral("nickEdit"));
        nick->clear();
        QTest::keyClicks(nick, QStringLiteral("alicia"));
        clickButton(QStringLiteral("OK"))(dialog);
    });
    m_window->showSettings();
    QVERIFY(answer.answered());
    QVERIFY(!shown().contains(clock));
    QCOMPARE(m_window->conversationView()->font().pointSize(), 14);
    QTRY_COMPARE(m_window->client()->nick(), QStringLiteral("alicia")); // renamed on the server
    const ClientSettings saved = ClientSettings::load();
    QCOMPARE(saved.timestamps, false);
    QCOMPARE(saved.notify, ClientSettings::Notify::Never);
    QCOMPARE(saved.fontSize, 14);
    QCOMPARE(saved.nick, QStringLiteral("alicia"));
    QCOMPARE(saved.recentServers.first(), u"127.0.0.1:" + QString::number(m_server->serverPort()));

    // The next window starts with them, and remembers its size.
    m_window->resize(777, 555);
    m_window->close();
    m_window = std::make_unique<ChatWindow>();
    QCOMPARE(m_window->size(), QSize(777, 555));
    QCOMPARE(m_window->conversationView()->font().pointSize(), 14);
}

void tst_ChatWindow::missedMessagesAreUnread()
{
    // While the link is down, bob talks in the room; alice reads her private
    // tab with him. After reconnecting, what she missed counts as unread.
    TcpRelay relay(m_server->serverPort());
    QVERIFY(relay.listen());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    m_window->connectTo(QStringLiteral("127.0.0.1"), relay.port(), QStringLiteral("alice"));
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Connected);
    bob->send(Say{QStringLiteral("seen live"), QString(), false});
    QTRY_VERIFY(shown().contains(u"seen live"));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_COMPARE(m_window->unreadCount(), 0);
    m_window->openPrivateConversation(QStringLiteral("bob"));

    relay.setServerPort(1);
    relay.cutAll();
    QTRY_COMPARE(m_server->userCount(), 1);
    bob->send(Say{QStringLiteral("said while you were away"), QString(), false});
    bob->send(Say{QStringLiteral("and this too"), QString(), false});
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->client()->state(), ChatClient::State::Connected, 5000);
    QTRY_VERIFY(shown().contains(u"and this too"));
    auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("tabs"));
    QCOMPARE(tabs->tabText(0), QStringLiteral("Room (2)"));
    QCOMPARE(m_window->unreadCount(), 2);
    QVERIFY(!shown().contains(u"seen live (")); // and nothing shown twice
    QCOMPARE(shown().count(u"said while you were away"), 1);
}

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
