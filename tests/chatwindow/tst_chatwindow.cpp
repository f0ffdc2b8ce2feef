// The chat window, driven as a person would: typing into its input line,
// pressing Enter, Tab and Up, double-clicking people, answering its
// dialogs, with a real server and other real clients over loopback
// (QT_QPA_PLATFORM=offscreen).
#include "apptranslations.h"
#include "certificatefiles.h"
#include "chatinput.h"
#include "chatserver.h"
#include "chatwindow.h"
#include "clientsettings.h"
#include "dialoganswerer.h"
#include "elidedlabel.h"
#include "encryptionindicator.h"
#include "fingerprint.h"
#include "knownservers.h"
#include "messagemodel.h"
#include "messageview.h"
#include "servercertificate.h"
#include "serverrestart.h"
#include "serverwithouttls.h"
#include "sidebardelegate.h"
#include "tcprelay.h"
#include "testclient.h"
#include "testserverconfig.h"
#include "textsplitter.h"
#include "waituntil.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QInputMethodEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

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
    void largeRoomCountsArrivals();
    void meAndNick();
    void privateConversationInTheSidebar();
    void renameOntoAnOpenConversation();
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
    void unknownCommandsStayWhereTyped();
    void privateTalkWithNoOneOpensNothing();
    void answersGoWhereTheQuestionWas();
    void longPasteStaysInTheInput();
    void longPrivateMessageGoesInPieces();
    void statusBarFollowsTheNickAndFits();
    void peopleAndTitleWhileAway();
    void unsentMessagesSurviveAQuit_data();
    void unsentMessagesSurviveAQuit();
    void connectDialogFollowsTheAddress();
    void connectDialogFocusesWhatToMend();
    void roomsInTheSidebar();
    void joinedRoomShowsEachMessageOnce();
    void takenOutOfARoomByTheOperator();
    void roomsComeBackAfterARestart();
    void lockShowsTheEncryption();
    void changedCertificateAsksFirst_data();
    void changedCertificateAsksFirst();
    void serverWithoutTlsAsksFirst();

private:
    QTreeWidget *sidebar() const
    {
        return m_window->findChild<QTreeWidget *>(QStringLiteral("sidebar"));
    }
    // The conversations listed under a heading of the sidebar (0: rooms, 1: private).
    QStringList listed(int heading) const
    {
        QStringList names;
        QTreeWidgetItem *top = sidebar()->topLevelItem(heading);
        for (int i = 0; i < top->childCount(); ++i)
            names.append(top->child(i)->text(0));
        return names;
    }
    QTreeWidgetItem *item(const QString &name) const
    {
        const QList<QTreeWidgetItem *> found =
                sidebar()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
        return found.isEmpty() ? nullptr : found.first();
    }
    int unreadOf(const QString &name) const
    {
        QTreeWidgetItem *found = item(name);
        return found ? found->data(0, SidebarDelegate::UnreadRole).toInt() : -1;
    }
    // Clicks a conversation in the sidebar.
    void choose(const QString &name)
    {
        QTreeWidgetItem *found = item(name);
        QVERIFY2(found, qPrintable(name));
        sidebar()->scrollToItem(found);
        QTest::mouseClick(sidebar()->viewport(), Qt::LeftButton, Qt::NoModifier,
                          sidebar()->visualItemRect(found).center());
    }
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
    // Each test's server has a certificate of its own (on a port another test may have had).
    QFile::remove(ClientSettings::knownServersFile());
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

    bob->send(Say{QStringLiteral("hi alice"), QString(), false, {}});
    QTRY_VERIFY(shown().contains(u"bob: hi alice"));
}

void tst_ChatWindow::largeRoomCountsArrivals()
{
    // Above the operator's size, joins and leaves come as counts, shown as one line.
    ServerConfig config = testServerConfig();
    config.quietJoinsAbove = 2;
    config.presenceIntervalMs = 100;
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    QVERIFY(connectWindow());
    QVERIFY(joined(QStringLiteral("carol")));
    QVERIFY(joined(QStringLiteral("dave")));
    QTRY_VERIFY2(shown().contains(u"→ 2 joined; 4 people here"), qPrintable(shown()));
    QVERIFY(!shown().contains(u"carol"));
    QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("usersLabel"))->text().contains(u"4"));
    delete bob;
    QTRY_VERIFY2(shown().contains(u"← 1 left; 3 people here"), qPrintable(shown()));
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

void tst_ChatWindow::privateConversationInTheSidebar()
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
    QTRY_COMPARE(listed(1), QStringList{QStringLiteral("bob")});
    QCOMPARE(m_window->currentTarget(), QStringLiteral("bob"));
    QVERIFY(m_window->findChild<ElidedLabel *>(QStringLiteral("topicLabel"))
                    ->text()
                    .contains(u"Private conversation with bob"));

    type(QStringLiteral("just between us"));
    const std::optional<ChatMessage> whisper = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(whisper);
    QCOMPARE(whisper->to, QStringLiteral("bob"));
    bob->send(Whisper{QStringLiteral("alice"), QStringLiteral("sure"), QString()});
    QTRY_VERIFY(shown(QStringLiteral("bob")).contains(u"bob: sure"));
    QVERIFY(!shown().contains(u"sure")); // not in the room

    // /msg from the room opens (or reuses) the conversation too.
    choose(QStringLiteral("#general"));
    QCOMPARE(m_window->currentTarget(), QString());
    type(QStringLiteral("/msg bob one more"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
    QCOMPARE(listed(1), QStringList{QStringLiteral("bob")});
    QCOMPARE(m_window->currentTarget(), QStringLiteral("bob"));
    // In a private conversation: no topic, and "leave" closes it.
    QVERIFY(!m_window->findChild<QAction *>(QStringLiteral("topicAction"))->isEnabled());
    auto *close = m_window->findChild<QAction *>(QStringLiteral("leaveAction"));
    QCOMPARE(close->text(), QStringLiteral("&Close Conversation"));
    close->trigger();
    QCOMPARE(listed(1), QStringList());
    QCOMPARE(m_window->currentTarget(), QString());
}

void tst_ChatWindow::renameOntoAnOpenConversation()
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
    QTRY_COMPARE(listed(1), QStringList{QStringLiteral("carol")});
    // What is typed in that conversation still goes to that person only, never to the room.
    choose(QStringLiteral("carol"));
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
    QCOMPARE(m_window->currentTarget(), QStringLiteral("bob"));
    // The room notifies of every message: each one unread counts in the title.
    m_window->setRoomNotify(QStringLiteral("#general"), ClientSettings::Notify::Every);

    // Messages in the room while reading bob's conversation are unread.
    bob->send(Say{QStringLiteral("anyone?"), QString(), false, {}});
    bob->send(Say{QStringLiteral("hello?"), QString(), false, {}});
    QTRY_COMPARE(m_window->unreadCount(), 2);
    QVERIFY2(m_window->windowTitle().startsWith(u"(2) "), qPrintable(m_window->windowTitle()));
    QCOMPARE(unreadOf(QStringLiteral("#general")), 2);
    QCOMPARE(item(QStringLiteral("#general"))->data(0, Qt::AccessibleTextRole).toString(),
             QStringLiteral("#general (2 unread)"));
    // Mentions only: the room still shows its unread, the title counts only what names us.
    m_window->setRoomNotify(QStringLiteral("#general"), ClientSettings::Notify::Mentions);
    QCOMPARE(m_window->unreadCount(), 0);
    QCOMPARE(unreadOf(QStringLiteral("#general")), 2);
    bob->send(Say{QStringLiteral("alice, are you there?"), QString(), false, {}});
    QTRY_COMPARE(m_window->unreadCount(), 1);
    QCOMPARE(item(QStringLiteral("#general"))->data(0, SidebarDelegate::MentionsRole).toInt(), 1);
    // A private message counts whatever the rooms say.
    m_window->setRoomNotify(QStringLiteral("#general"), ClientSettings::Notify::Never);
    QCOMPARE(m_window->unreadCount(), 0);
    QVERIFY(item(QStringLiteral("#general"))->data(0, SidebarDelegate::QuietRole).toBool());
    choose(QStringLiteral("#general"));
    bob->send(Whisper{QStringLiteral("alice"), QStringLiteral("psst"), QString()});
    QTRY_COMPARE(m_window->unreadCount(), 1);
    QCOMPARE(unreadOf(QStringLiteral("bob")), 1);
    QCOMPARE(unreadOf(QStringLiteral("#general")), 0); // read when shown
    choose(QStringLiteral("bob"));
    QCOMPARE(m_window->unreadCount(), 0);
    QVERIFY(!m_window->windowTitle().startsWith(u"("));
    QCOMPARE(unreadOf(QStringLiteral("bob")), 0);
    // The choice is kept for the next start (per server and room).
    QCOMPARE(m_window->roomNotify(QStringLiteral("#general")), ClientSettings::Notify::Never);
    m_window = std::make_unique<ChatWindow>();
    QCOMPARE(m_window->roomNotify(QStringLiteral("#general")), ClientSettings::Notify::Mentions);
    QVERIFY(connectWindow());
    QCOMPARE(m_window->roomNotify(QStringLiteral("#general")), ClientSettings::Notify::Never);
}

void tst_ChatWindow::htmlIsShownAsTyped()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    bob->send(Say{QStringLiteral("<b>html</b> & <a href=\"x\">link</a>"), QString(), false, {}});
    QTRY_VERIFY2(shown().contains(u"bob: <b>html</b> & <a href=\"x\">link</a>"),
                 qPrintable(shown()));
}

void tst_ChatWindow::chineseNicknameAndText()
{
    TestClient *zhang = joined(QStringLiteral("张伟"));
    QVERIFY(zhang && connectWindow(QStringLiteral("李雷")));
    zhang->send(Say{QStringLiteral("你好，李雷！"), QString(), false, {}});
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
        bob->send(Say{QStringLiteral("line %1").arg(i), QString(), false, {}});
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
    bob->send(Say{QStringLiteral("seen live"), QString(), false, {}});
    QTRY_VERIFY(shown().contains(u"seen live"));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    QTRY_COMPARE(m_window->unreadCount(), 0);
    m_window->openPrivateConversation(QStringLiteral("bob"));

    relay.setServerPort(1);
    relay.cutAll();
    QTRY_COMPARE(m_server->userCount(), 1);
    bob->send(Say{QStringLiteral("said while you were away"), QString(), false, {}});
    bob->send(Say{QStringLiteral("and this too"), QString(), false, {}});
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    relay.setServerPort(m_server->serverPort());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->client()->state(), ChatClient::State::Connected, 5000);
    QTRY_VERIFY(shown().contains(u"and this too"));
    QCOMPARE(unreadOf(QStringLiteral("#general")), 2);
    QVERIFY(!shown().contains(u"seen live (")); // and nothing shown twice
    QCOMPARE(shown().count(u"said while you were away"), 1);
}

void tst_ChatWindow::unknownCommandsStayWhereTyped()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    type(QStringLiteral("/nikc bobby"));
    QTRY_VERIFY(shown().contains(u"unknown command /nikc — /help lists the commands"));
    QCOMPARE(input()->toPlainText(), QStringLiteral("/nikc bobby")); // kept, to mend
    type(QStringLiteral("/join #random")); // typed after it: still one line, still refused
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 300));
    input()->clear();
    // Two slashes say one.
    type(QStringLiteral("//join is an IRC command"));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("/join is an IRC command"));
    QCOMPARE(input()->toPlainText(), QString());
}

void tst_ChatWindow::privateTalkWithNoOneOpensNothing()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    QTRY_COMPARE(m_window->client()->users().size(), 2);
    type(QStringLiteral("/msg nobody hi"));
    QCOMPARE(listed(1), QStringList());
    QVERIFY2(shown().contains(u"no one called \"nobody\" is here"), qPrintable(shown()));
    QCOMPARE(input()->toPlainText(), QStringLiteral("/msg nobody hi"));
    // Someone who is here: the tab opens with the person's own spelling.
    input()->clear();
    type(QStringLiteral("/msg BOB hi"));
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("alice")));
    QCOMPARE(listed(1), QStringList{QStringLiteral("bob")});
}

void tst_ChatWindow::answersGoWhereTheQuestionWas()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(joined(QStringLiteral("carol")));
    QVERIFY(bob && connectWindow());
    QTRY_COMPARE(m_window->client()->users().size(), 3);
    m_window->openPrivateConversation(QStringLiteral("bob"));
    QCOMPARE(m_window->currentTarget(), QStringLiteral("bob"));
    type(QStringLiteral("/who"));
    type(QStringLiteral("/nick carol")); // taken: the server says so later
    choose(QStringLiteral("#general"));  // the answers come after the conversation changed
    QTRY_VERIFY(shown(QStringLiteral("bob")).contains(u"In #general (3): alice, bob, carol"));
    QTRY_VERIFY2(shown(QStringLiteral("bob")).contains(u"The nickname carol is taken"),
                 qPrintable(shown(QStringLiteral("bob"))));
    QVERIFY(!shown().contains(u"In #general"));
    QVERIFY(!shown().contains(u"is taken"));
    choose(QStringLiteral("bob"));
    input()->clear();
    type(QStringLiteral("/help"));
    QVERIFY(shown(QStringLiteral("bob")).contains(u"/msg NICK TEXT"));
    QVERIFY(!shown().contains(u"/msg NICK TEXT"));
}

void tst_ChatWindow::longPasteStaysInTheInput()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    QString paste;
    for (int i = 0; paste.size() < 100 * 1024; ++i)
        paste += QStringLiteral("log line %1: something happened, 发生了什么\n")
                         .arg(i, 5, 10, QLatin1Char('0'));
    const qsizetype bytes = paste.trimmed().toUtf8().size();
    input()->setPlainText(paste);
    const int rowsBefore = m_window->conversationModel()->rowCount();
    QTest::keyClick(input(), Qt::Key_Return);
    // Nothing went out or into the conversation; the text waits to be trimmed.
    QCOMPARE(input()->toPlainText(), paste);
    QCOMPARE(m_window->conversationModel()->rowCount(), rowsBefore);
    auto *bar = m_window->findChild<QWidget *>(QStringLiteral("longTextBar"));
    QVERIFY(bar->isVisible());
    const QString said = m_window->findChild<QLabel *>(QStringLiteral("longTextLabel"))->text();
    const QLocale locale;
    QVERIFY2(said.contains(locale.toString(bytes) + u" bytes"), qPrintable(said));
    QVERIFY2(said.contains(locale.toString(bytes - 8192) + u" more"), qPrintable(said));
    auto *split = m_window->findChild<QPushButton *>(QStringLiteral("splitButton"));
    const int pieces = int(TextSplitter::split(paste, 8192).size());
    QCOMPARE(split->text().remove(u'&'), QStringLiteral("Send as %1 messages").arg(pieces));
    QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 200));

    // Editing hides the offer; Enter brings it back.
    QTest::keyClick(input(), Qt::Key_End, Qt::ControlModifier);
    QTest::keyClicks(input(), QStringLiteral("x"));
    QVERIFY(!bar->isVisible());
    QTest::keyClick(input(), Qt::Key_Return);
    QVERIFY(bar->isVisible());
    QTest::mouseClick(split, Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QCOMPARE(input()->toPlainText(), QString());
    QString heard;
    for (int i = 0; i < pieces; ++i) {
        const std::optional<ChatMessage> piece = bob->waitForMessageFrom(QStringLiteral("alice"));
        QVERIFY2(piece, qPrintable(QStringLiteral("piece %1 of %2").arg(i + 1).arg(pieces)));
        QVERIFY(piece->text.toUtf8().size() <= 8192);
        heard += piece->text + u'\n';
    }
    QCOMPARE(heard, paste + u"x\n"); // cut at line breaks: nothing lost
}

void tst_ChatWindow::longPrivateMessageGoesInPieces()
{
    // At the limit it goes as one; one byte past it, it is offered in pieces,
    // which go to the person it was for.
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    QTRY_COMPARE(m_window->client()->users().size(), 2);
    input()->setPlainText(u"/msg bob " + QString(8192, u'a'));
    QTest::keyClick(input(), Qt::Key_Return);
    std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text.size(), 8192);
    QCOMPARE(heard->to, QStringLiteral("bob"));
    choose(QStringLiteral("#general"));
    input()->setPlainText(u"/msg bob " + QString(8193, u'b'));
    QTest::keyClick(input(), Qt::Key_Return);
    QVERIFY(m_window->findChild<QWidget *>(QStringLiteral("longTextBar"))->isVisible());
    QTest::mouseClick(m_window->findChild<QPushButton *>(QStringLiteral("splitButton")),
                      Qt::LeftButton);
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->to, QStringLiteral("bob"));
    QCOMPARE(heard->text.size(), 8192);
    heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("b"));
    QVERIFY(!shown().contains(u"bbbb")); // never in the room
}

void tst_ChatWindow::statusBarFollowsTheNickAndFits()
{
    QVERIFY(connectWindow());
    auto *status = m_window->statusBar()->findChild<ElidedLabel *>(QStringLiteral("stateLabel"));
    QVERIFY(status);
    type(QStringLiteral("/nick alicia"));
    QTRY_VERIFY2(status->text().contains(u"as alicia"), qPrintable(status->text()));
    QVERIFY(m_window->windowTitle().contains(u"alicia"));
    // At the window's smallest, the text is cut with "…" and whole in the tooltip.
    m_window->resize(m_window->minimumSizeHint());
    QTRY_VERIFY(status->isElided());
    QVERIFY(status->shownText().endsWith(u"…"));
    QCOMPARE(status->toolTip(), status->text());
    QVERIFY(status->width() <= m_window->width());
    m_window->resize(1400, 700);
    QTRY_VERIFY(!status->isElided());
    QCOMPARE(status->toolTip(), QString());
}

void tst_ChatWindow::peopleAndTitleWhileAway()
{
    QVERIFY(joined(QStringLiteral("bob")));
    QVERIFY(connectWindow());
    auto *users = m_window->findChild<QListView *>(QStringLiteral("usersView"));
    auto *label = m_window->findChild<QLabel *>(QStringLiteral("usersLabel"));
    QTRY_COMPARE(label->text(), QStringLiteral("&People (2)"));
    QVERIFY(users->isEnabled());
    QVERIFY(m_window->windowTitle().contains(u"alice on 127.0.0.1"));
    m_server->shutdown(QString());
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Reconnecting);
    // The list is the last one known, and says so; the title names no nickname.
    QVERIFY(!users->isEnabled());
    QCOMPARE(label->text(), QStringLiteral("&People (2, when last connected)"));
    QVERIFY2(!m_window->windowTitle().contains(u"alice"), qPrintable(m_window->windowTitle()));
    QVERIFY(m_window->windowTitle().contains(u"127.0.0.1 (connecting)"));

    // A nickname the server refuses is never in the title.
    m_server = std::make_unique<ChatServer>(testServerConfig());
    QVERIFY(m_server->listen());
    QVERIFY(joined(QStringLiteral("dave")));
    auto other = std::make_unique<ChatWindow>();
    DialogAnswerer answer([](QWidget *dialog) { qobject_cast<QDialog *>(dialog)->reject(); });
    other->connectTo(QStringLiteral("127.0.0.1"), m_server->serverPort(), QStringLiteral("dave"));
    QTRY_COMPARE(other->client()->state(), ChatClient::State::Disconnected);
    QTRY_VERIFY(answer.answered()); // the connect dialog, for another nickname
    QVERIFY2(!other->windowTitle().contains(u"dave"), qPrintable(other->windowTitle()));
    QVERIFY(other->windowTitle().contains(u"127.0.0.1 (not connected)"));
}

void tst_ChatWindow::unsentMessagesSurviveAQuit_data()
{
    QTest::addColumn<bool>("drop");
    QTest::newRow("kept for the next start") << false;
    QTest::newRow("dropped on quitting") << true;
}

void tst_ChatWindow::unsentMessagesSurviveAQuit()
{
    QFETCH(bool, drop);
    QVERIFY(connectWindow());
    const quint16 port = m_server->serverPort();
    m_server->shutdown(QString());
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Reconnecting);
    type(QStringLiteral("typed while the server was away"));
    QTRY_VERIFY(shown().contains(u"(sending…)"));

    // Quitting asks first, and says what becomes of it.
    DialogAnswerer answer([drop](QWidget *dialog) {
        auto *box = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(box);
        QCOMPARE(box->text(),
                 QStringLiteral("1 message you typed has not reached the server yet."));
        QVERIFY2(box->informativeText().contains(u"kept, and sent the next time you connect to "
                                                 u"127.0.0.1 as alice"),
                 qPrintable(box->informativeText()));
        clickButton(drop ? QStringLiteral("Drop them and quit") : QStringLiteral("Quit"))(dialog);
    });
    QVERIFY(m_window->close());
    QVERIFY(answer.answered());
    m_window.reset();

    QVERIFY(restartOnSamePort(m_server, testServerConfig(), port));
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob);
    m_window = std::make_unique<ChatWindow>();
    m_window->show();
    QVERIFY(connectWindow());
    if (drop) {
        QVERIFY(!bob->waitForMessageFrom(QStringLiteral("alice"), 500));
        QCOMPARE(m_server->history().lastId(), 0);
        return;
    }
    QVERIFY2(shown().contains(u"1 message you typed earlier waits to be sent"),
             qPrintable(shown()));
    const std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->text, QStringLiteral("typed while the server was away"));
    QTRY_VERIFY(!shown().contains(u"(sending…)"));
    QCOMPARE(m_server->history().lastId(), 1);
}

void tst_ChatWindow::connectDialogFollowsTheAddress()
{
    DialogAnswerer answer([](QWidget *dialog) {
        auto *host = dialog->findChild<QComboBox *>(QStringLiteral("hostCombo"));
        auto *port = dialog->findChild<QLineEdit *>(QStringLiteral("portEdit"));
        QVERIFY(host && port);
        host->setEditText(QStringLiteral("192.168.1.10:41002"));
        // The port field shows the port the address gives (and cannot say another).
        QCOMPARE(port->text(), QStringLiteral("41002"));
        QVERIFY(!port->isEnabled());
        host->setEditText(QStringLiteral("192.168.1.10"));
        QVERIFY(port->isEnabled());
        // A port out of range stays as typed, and is refused saying why.
        port->clear();
        QTest::keyClicks(port, QStringLiteral("99999"));
        QCOMPARE(port->text(), QStringLiteral("99999"));
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"));
        QVERIFY2(error->isVisible() && error->text().contains(u"99999 is not a port"),
                 qPrintable(error->text()));
        clickButton(QStringLiteral("Connect"))(dialog);
        QVERIFY(dialog->isVisible()); // refused
        qobject_cast<QDialog *>(dialog)->reject();
    });
    m_window->showConnectDialog();
    QVERIFY(answer.answered());
    QVERIFY(m_window->client()->host().isEmpty());
}

void tst_ChatWindow::connectDialogFocusesWhatToMend()
{
    ServerConfig config = testServerConfig();
    config.password = QStringLiteral("secret");
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    QString focused; // the dialog and its fields are gone once it closes
    QString error;
    DialogAnswerer answer([&](QWidget *dialog) {
        // The dialog's own focus: the application's follows once its window is
        // active, which the offscreen platform does a little later.
        if (QWidget *widget = dialog->focusWidget())
            focused = widget->objectName();
        error = dialog->findChild<QLabel *>(QStringLiteral("errorLabel"))->text();
        qobject_cast<QDialog *>(dialog)->reject();
    });
    m_window->connectTo(QStringLiteral("127.0.0.1"), m_server->serverPort(),
                        QStringLiteral("alice"), QStringLiteral("wrong"));
    QTRY_VERIFY(answer.answered());
    QCOMPARE(focused, QStringLiteral("passwordEdit"));
    // The step, the cause and what to try.
    QVERIFY2(error.startsWith(u"Logging in: The password is wrong. Ask the server's operator"),
             qPrintable(error));
}

void tst_ChatWindow::roomsInTheSidebar()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    bob->send(Join{QStringLiteral("#random"), true});
    QVERIFY(bob->waitFor<Joined>());
    QCOMPARE(listed(0), QStringList{QStringLiteral("#general")});
    auto *topic = m_window->findChild<ElidedLabel *>(QStringLiteral("topicLabel"));
    QTRY_VERIFY2(topic->text().startsWith(u"#general — no topic"), qPrintable(topic->text()));

    // Chat > Join a Room…: the server's rooms, filtered as one types; a new name makes a room.
    bool listedInDialog = false;
    DialogAnswerer answer([&](QWidget *dialog) {
        auto *rooms = dialog->findChild<QTreeWidget *>(QStringLiteral("roomsList"));
        auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QTRY_COMPARE(rooms->topLevelItemCount(), 2);
        QCOMPARE(rooms->topLevelItem(1)->text(0), QStringLiteral("#random"));
        QCOMPARE(rooms->topLevelItem(1)->text(1), QStringLiteral("1"));
        QTest::keyClicks(name, QStringLiteral("rand"));
        QVERIFY(rooms->topLevelItem(0)->isHidden()); // #general does not match
        QVERIFY(!rooms->topLevelItem(1)->isHidden());
        name->setText(QStringLiteral("#games night"));
        QVERIFY(!ok->isEnabled() ||
                !dialog->findChild<QLabel *>(QStringLiteral("hintLabel"))->text().isEmpty());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("hintLabel"))
                        ->text()
                        .contains(u"is not a room name"));
        name->setText(QStringLiteral("games"));
        QCOMPARE(ok->text().remove(u'&'), QStringLiteral("Make #games"));
        name->setText(QStringLiteral("#Random"));
        QCOMPARE(ok->text().remove(u'&'), QStringLiteral("Join"));
        listedInDialog = true;
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    m_window->findChild<QPushButton *>(QStringLiteral("joinRoomButton"))->click();
    QVERIFY(answer.answered());
    QVERIFY(listedInDialog);
    QTRY_COMPARE(listed(0), (QStringList{QStringLiteral("#general"), QStringLiteral("#random")}));
    QCOMPARE(m_window->currentTarget(), QStringLiteral("#random"));
    QTRY_COMPARE(shown(QStringLiteral("#random")).count(u"You are in #random now."), 1);
    // The people of the room shown.
    QTRY_COMPARE(m_window->findChild<QLabel *>(QStringLiteral("usersLabel"))->text(),
                 QStringLiteral("&People (2)"));

    // What is typed goes to the room shown.
    type(QStringLiteral("hello random"));
    std::optional<ChatMessage> heard = bob->waitForMessageFrom(QStringLiteral("alice"));
    QVERIFY(heard);
    QCOMPARE(heard->room, QStringLiteral("#random"));
    QTRY_VERIFY(shown(QStringLiteral("#random")).contains(u"alice: hello random"));
    QVERIFY(!shown().contains(u"hello random"));
    // The topic, above the conversation, and as a line in it.
    bob->send(SetTopic{QStringLiteral("#random"), QStringLiteral("games tonight")});
    QTRY_COMPARE(topic->text(), QStringLiteral("#random — games tonight"));
    QVERIFY(shown(QStringLiteral("#random")).contains(u"bob set the topic: games tonight"));
    // Said in another room: unread there.
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    bob->send(Say{QStringLiteral("over here"), QString(), false, QString()});
    QTRY_COMPARE(unreadOf(QStringLiteral("#general")), 1);
    QCOMPARE(unreadOf(QStringLiteral("#random")), 0);
    bob->send(Say{QStringLiteral("in random"), QString(), false, QStringLiteral("#random")});
    QTRY_VERIFY(shown(QStringLiteral("#random")).contains(u"bob: in random"));
    QCOMPARE(unreadOf(QStringLiteral("#random")), 0); // shown: read
    // /topic from the input line.
    type(QStringLiteral("/topic release on friday"));
    QTRY_COMPARE(topic->text(), QStringLiteral("#random — release on friday"));

    // The room actions fit the conversation shown.
    auto *leave = m_window->findChild<QAction *>(QStringLiteral("leaveAction"));
    QVERIFY(leave->isEnabled());
    QCOMPARE(leave->text(), QStringLiteral("&Leave Room"));
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("topicAction"))->isEnabled());
    // Leave: the room goes from the sidebar, the default room is shown.
    leave->trigger();
    QTRY_COMPARE(listed(0), QStringList{QStringLiteral("#general")});
    QCOMPARE(m_window->currentTarget(), QString());
    const std::optional<Left> left = bob->waitFor<Left>();
    QVERIFY(left);
    QCOMPARE(left->room, QStringLiteral("#random"));
    // /join from the input line comes back to it.
    type(QStringLiteral("/join #random"));
    QTRY_COMPARE(m_window->currentTarget(), QStringLiteral("#random"));
    QVERIFY(!m_window->client()->roomsToRejoin().isEmpty());
}

void tst_ChatWindow::joinedRoomShowsEachMessageOnce()
{
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    bob->send(Join{QStringLiteral("#release"), true});
    bob->send(Say{QStringLiteral("before"), QString(), false, QStringLiteral("#release")});
    QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    type(QStringLiteral("/join #release"));
    QTRY_COMPARE(m_window->currentTarget(), QStringLiteral("#release"));
    QTRY_VERIFY(shown(QStringLiteral("#release")).contains(u"bob: before"));
    type(QStringLiteral("hello all"));
    bob->send(Say{QStringLiteral("alice: all good"), QString(), false, QStringLiteral("#release")});
    QTRY_VERIFY(shown(QStringLiteral("#release")).contains(u"bob: alice: all good"));
    // Scrolled to the top: older messages are asked for, and none comes twice.
    Q_EMIT m_window->conversationView(QStringLiteral("#release"))->olderMessagesWanted();
    QTest::qWait(300);
    const QString text = shown(QStringLiteral("#release"));
    QCOMPARE(text.count(u"all good"), 1);
    QCOMPARE(text.count(u"hello all"), 1);
    QCOMPARE(text.count(u"bob: before"), 1);
}

void tst_ChatWindow::takenOutOfARoomByTheOperator()
{
    QVERIFY(connectWindow());
    type(QStringLiteral("/join #tmp"));
    QTRY_COMPARE(m_window->currentTarget(), QStringLiteral("#tmp"));
    QVERIFY(m_server->deleteRoom(QStringLiteral("#tmp")).isEmpty());
    // It stays, saying why, until closed; nothing typed there goes anywhere.
    QTRY_VERIFY(!item(QStringLiteral("#tmp"))->data(0, SidebarDelegate::JoinedRole).toBool());
    QVERIFY2(shown(QStringLiteral("#tmp"))
                     .contains(u"You are no longer in #tmp: the room was closed"),
             qPrintable(shown(QStringLiteral("#tmp"))));
    QVERIFY(m_window->findChild<ElidedLabel *>(QStringLiteral("topicLabel"))
                    ->text()
                    .contains(u"you are not in this room"));
    type(QStringLiteral("anyone?"));
    QVERIFY(shown(QStringLiteral("#tmp")).contains(u"You are not in #tmp"));
    QCOMPARE(input()->toPlainText(), QStringLiteral("anyone?"));
    input()->clear();
    m_window->findChild<QAction *>(QStringLiteral("leaveAction"))->trigger(); // closes it
    QCOMPARE(listed(0), QStringList{QStringLiteral("#general")});
}

void tst_ChatWindow::roomsComeBackAfterARestart()
{
    // The server keeps its history; the window quits, and both restart.
    QTemporaryDir data;
    ServerConfig config = testServerConfig();
    config.dataDir = data.path();
    m_server = std::make_unique<ChatServer>(config);
    QVERIFY(m_server->listen());
    const quint16 port = m_server->serverPort();
    TestClient *bob = joined(QStringLiteral("bob"));
    QVERIFY(bob && connectWindow());
    type(QStringLiteral("/join #team"));
    QTRY_COMPARE(m_window->currentTarget(), QStringLiteral("#team"));
    bob->send(Join{QStringLiteral("#team"), false});
    bob->send(Say{QStringLiteral("seen before"), QString(), false, QStringLiteral("#team")});
    QTRY_VERIFY(shown(QStringLiteral("#team")).contains(u"seen before"));
    QVERIFY(m_window->close());
    m_window.reset();

    // Meanwhile, in both rooms.
    for (int i = 1; i <= 3; ++i) {
        bob->send(Say{QStringLiteral("team %1").arg(i), QString(), false, QStringLiteral("#team")});
        bob->send(Say{QStringLiteral("general %1").arg(i), QString(), false, QString()});
    }
    for (int i = 0; i < 6; ++i)
        QVERIFY(bob->waitForMessageFrom(QStringLiteral("bob")));
    qDeleteAll(m_owner.children());
    m_server->shutdown(QString());
    QVERIFY(restartOnSamePort(m_server, config, port));

    m_window = std::make_unique<ChatWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(connectWindow());
    QTRY_COMPARE(listed(0), (QStringList{QStringLiteral("#general"), QStringLiteral("#team")}));
    // What was missed in each room, once, unread; and what came before, to read it in context.
    QTRY_VERIFY(shown(QStringLiteral("#team")).contains(u"bob: team 3"));
    QTRY_VERIFY(shown(QStringLiteral("#team")).contains(u"bob: seen before"));
    QCOMPARE(shown(QStringLiteral("#team")).count(u"team 1"), 1);
    QCOMPARE(shown(QStringLiteral("#team")).count(u"seen before"), 1);
    QVERIFY(!shown(QStringLiteral("#team")).contains(u"general 1"));
    QCOMPARE(shown().count(u"general 3"), 1);
    QCOMPARE(unreadOf(QStringLiteral("#team")), 3);
}

void tst_ChatWindow::lockShowsTheEncryption()
{
    auto *lock = m_window->findChild<EncryptionIndicator *>(QStringLiteral("encryptionIndicator"));
    QVERIFY(lock);
    QVERIFY(!lock->isVisible()); // no connection yet
    QVERIFY(connectWindow());
    QTRY_COMPARE(lock->shows(), EncryptionIndicator::Shows::Encrypted);
    QVERIFY(lock->isVisible());
    QCOMPARE(lock->text(), QStringLiteral("Encrypted"));
    const QString fingerprint = Fingerprint::shortForm(m_server->tlsCertificate().fingerprint());
    QVERIFY2(lock->toolTip().contains(fingerprint), qPrintable(lock->toolTip()));
    QVERIFY2(lock->toolTip().contains(u"TLSv1."), qPrintable(lock->toolTip()));
    // The first contact says which certificate was trusted, to compare with the server's.
    QTRY_VERIFY2(shown().contains(u"first encrypted connection") && shown().contains(fingerprint),
                 qPrintable(shown()));
    m_window->client()->disconnectFromServer();
    QTRY_VERIFY(!lock->isVisible());
}

void tst_ChatWindow::changedCertificateAsksFirst_data()
{
    QTest::addColumn<bool>("trust");
    QTest::newRow("don't connect (the default)") << false;
    QTest::newRow("trust the new certificate") << true;
}

void tst_ChatWindow::changedCertificateAsksFirst()
{
    QFETCH(bool, trust);
    QVERIFY(connectWindow());
    const quint16 port = m_server->serverPort();
    const QString before = m_server->tlsCertificate().fingerprint();
    QTemporaryDir files;
    ServerConfig config = testServerConfig();
    CertificateFiles other;
    QVERIFY(useNewCertificate(&config, files.path(), &other));

    QString said;
    QString defaultButton;
    DialogAnswerer answer([&said, &defaultButton, trust](QWidget *dialog) {
        auto *box = qobject_cast<QMessageBox *>(dialog);
        QVERIFY(box);
        QCOMPARE(box->objectName(), QStringLiteral("certificateChangedBox"));
        said = box->text() + u'\n' + box->informativeText() + u'\n' + box->detailedText();
        defaultButton = box->defaultButton() ? box->defaultButton()->text() : QString();
        QPushButton *button =
                buttonWithText(box, trust ? QStringLiteral("Trust the New Certificate")
                                          : QStringLiteral("Don't Connect"));
        QVERIFY(button);
        button->click();
    });
    m_server->shutdown(QString());
    QVERIFY(restartOnSamePort(m_server, config, port));
    QTRY_VERIFY_WITH_TIMEOUT(answer.answered(), 10000);
    QVERIFY2(said.contains(Fingerprint::shortForm(before)), qPrintable(said));
    QVERIFY2(said.contains(Fingerprint::shortForm(other.fingerprint)), qPrintable(said));
    QVERIFY2(said.contains(other.fingerprint), qPrintable(said)); // whole, in the details
    QCOMPARE(defaultButton.remove(u'&'), QStringLiteral("Don't Connect"));
    auto *lock = m_window->findChild<EncryptionIndicator *>(QStringLiteral("encryptionIndicator"));
    if (trust) {
        QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Connected);
        QCOMPARE(m_window->client()->certificateFingerprint(), other.fingerprint);
        QTRY_COMPARE(lock->shows(), EncryptionIndicator::Shows::Encrypted);
    } else {
        QTest::qWait(300); // nothing more happens
        QCOMPARE(m_window->client()->state(), ChatClient::State::Disconnected);
        QCOMPARE(m_server->connectionCount(), 0);
        QVERIFY(!lock->isVisible());
        const QString status =
                m_window->findChild<ElidedLabel *>(QStringLiteral("stateLabel"))->text();
        QVERIFY2(status.contains(u"certificate has changed"), qPrintable(status));
    }
}

void tst_ChatWindow::serverWithoutTlsAsksFirst()
{
    ServerWithoutTls old; // a qtchat server of before TLS
    QVERIFY(old.isListening());
    auto clickIn = [](const QString &name, const QString &text) {
        return [name, text](QWidget *dialog) {
            QCOMPARE(dialog->objectName(), name);
            QPushButton *button = buttonWithText(dialog, text);
            QVERIFY(button);
            button->click();
        };
    };
    {
        DialogAnswerer answer(clickIn(QStringLiteral("unencryptedBox"),
                                      QStringLiteral("Connect Without Encryption")));
        m_window->connectTo(QStringLiteral("127.0.0.1"), old.port(), QStringLiteral("alice"));
        QTRY_VERIFY(answer.answered());
    }
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Connected);
    auto *lock = m_window->findChild<EncryptionIndicator *>(QStringLiteral("encryptionIndicator"));
    QTRY_COMPARE(lock->shows(), EncryptionIndicator::Shows::NotEncrypted);
    QCOMPARE(lock->text(), QStringLiteral("Not encrypted"));
    QVERIFY2(shown().contains(u"not encrypted: anyone on the network"), qPrintable(shown()));

    // Clicking the open lock offers encryption again: asked again, and refused this time.
    {
        DialogAnswerer yes([](QWidget *dialog) {
            auto *box = qobject_cast<QMessageBox *>(dialog);
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        QTest::mouseClick(lock, Qt::LeftButton);
        QTRY_VERIFY(yes.answered());
    }
    {
        DialogAnswerer answer(
                clickIn(QStringLiteral("unencryptedBox"), QStringLiteral("Don't Connect")));
        QTRY_VERIFY(answer.answered());
    }
    QTRY_COMPARE(m_window->client()->state(), ChatClient::State::Disconnected);
    QVERIFY(!KnownServers(ClientSettings::knownServersFile())
                     .find(QStringLiteral("127.0.0.1"), old.port())
                     .unencrypted);
}

QTEST_MAIN(tst_ChatWindow)
#include "tst_chatwindow.moc"
