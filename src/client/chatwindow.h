#pragma once

#include "chatclient.h"
#include "clientsettings.h"
#include "commandinterpreter.h"

#include <QHash>
#include <QMainWindow>

#include <memory>

class ElidedLabel;
class MessageModel;
class MessageView;
class QPushButton;
class QSystemTrayIcon;
class QTimer;
class UserListModel;

namespace Ui {
class ChatWindow;
}

// qtchat's main window: the room and private conversations in tabs, the
// people in the room beside them, the input line below, and a status bar
// that always says what the connection is doing. It drives a ChatClient
// through its slots and signals only.
class ChatWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit ChatWindow(QWidget *parent = nullptr);
    ~ChatWindow() override;

    ChatClient *client() { return &m_client; }
    // Unread messages in all conversations (shown in the title).
    int unreadCount() const;
    // The view of the room, or of a private conversation with peer.
    MessageView *conversationView(const QString &peer = QString()) const;
    MessageModel *conversationModel(const QString &peer = QString()) const;

public Q_SLOTS:
    void connectTo(const QString &host, quint16 port, const QString &nick,
                   const QString &password = QString());
    // The connect dialog; error says why the last attempt failed (of kind
    // why: the field to mend has the focus). host and port (when given) fill it in.
    void showConnectDialog(const QString &error = QString(), const QString &host = QString(),
                           quint16 port = 0,
                           ChatClient::ErrorKind why = ChatClient::ErrorKind::None);
    void openPrivateConversation(const QString &peer);
    void showSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Conversation
    {
        QString peer; // empty: the room
        MessageModel *model = nullptr;
        MessageView *view = nullptr;
        int unread = 0;
    };

    // What Enter does with the input: false keeps the text there (refused, or too long).
    bool send(const QString &text);
    // A message over the server's limit: says by how much, and offers to send it in pieces.
    void offerToSplit(const CommandInterpreter::Outcome &tooLong);
    void sendInPieces();
    Conversation *conversation(const QString &peer, bool create);
    // The conversation shown in this tab page, or nullptr.
    Conversation *conversationOf(const QWidget *view) const;
    Conversation *currentConversation() const;
    void routeMessage(const Protocol::ChatMessage &message);
    void routeHistory(const Protocol::HistoryPage &page, bool replay);
    void routeOutgoing(const ChatClient::Outgoing &outgoing);
    void addStatus(const QString &text, Conversation *where = nullptr);
    void addEvent(int kind, const QString &nick, const QString &text, qint64 ts);
    void noteUnread(Conversation *where, const Protocol::ChatMessage &message);
    void notify(const QString &title, const QString &text);
    void markRead();
    void updateTitle();
    void updateStatus();
    // The people list is current while connected; otherwise it says it is from the last time.
    void updatePeople();
    void applySettings();
    void closeTab(int index);
    QString conversationKey(const QString &peer) const;

    std::unique_ptr<Ui::ChatWindow> m_ui;
    ChatClient m_client;
    CommandInterpreter m_commands;
    UserListModel *m_users;
    QHash<QString, Conversation *> m_conversations; // by nickKey; "" for the room
    ClientSettings m_settings;
    ElidedLabel *m_stateLabel;
    QPushButton *m_reconnectButton;
    QTimer *m_countdown;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_password;
    bool m_motdShown = false;
    CommandInterpreter::Outcome m_tooLong; // offered to be sent in pieces
    qint64 m_lastConnectedAt = 0;          // when the people list was last current
    QString m_olderAskedBy;                // the conversation that asked for older messages
    QString m_quitReason;                  // /quit's, told to the room when the window closes
    qint64 m_seenUpTo = 0;                 // the newest message id shown (to count what was missed)
    bool m_quitting = false;
};
