#pragma once

#include "chatclient.h"
#include "clientsettings.h"
#include "commandinterpreter.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>

#include <memory>

class ElidedLabel;
class EncryptionIndicator;
class MessageModel;
class MessageView;
class QPushButton;
class QSystemTrayIcon;
class QTimer;
class QTreeWidgetItem;
class ServerMemory;
class UserListModel;

namespace Ui {
class ChatWindow;
}

// qtchat's main window: a sidebar with the rooms one is in and the private
// conversations (each with its unread and mention counts), the conversation
// chosen with its room's topic above it, the people of that room beside it,
// the input line below, and a status bar that always says what the
// connection is doing. The rooms are remembered per server and joined again
// at the next start. It drives a ChatClient through its slots and signals only.
class ChatWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit ChatWindow(QWidget *parent = nullptr);
    ~ChatWindow() override;

    ChatClient *client() { return &m_client; }
    // Unread messages in all conversations, as each room's notifications
    // count them (every message, mentions only, none): shown in the title.
    int unreadCount() const;
    // A conversation's view and model, by target: a room ("" or the default
    // room's name: the default room), or the nickname of a private conversation.
    MessageView *conversationView(const QString &target = QString()) const;
    MessageModel *conversationModel(const QString &target = QString()) const;
    // The target of the conversation shown.
    QString currentTarget() const;
    // A room's notifications (as chosen in the sidebar's menu, or the settings').
    ClientSettings::Notify roomNotify(const QString &room) const;

public Q_SLOTS:
    void connectTo(const QString &host, quint16 port, const QString &nick,
                   const QString &password = QString());
    // The connect dialog; error says why the last attempt failed (of kind
    // why: the field to mend has the focus). host and port (when given) fill it in.
    void showConnectDialog(const QString &error = QString(), const QString &host = QString(),
                           quint16 port = 0,
                           ChatClient::ErrorKind why = ChatClient::ErrorKind::None);
    void openPrivateConversation(const QString &peer);
    // Shows the conversation with target (a room one is in, or a person).
    void showConversation(const QString &target);
    void showSettings();
    void showJoinRoomDialog();
    // Leaves the room shown (or closes the private conversation shown).
    void leaveCurrent();
    void setRoomNotify(const QString &room, ClientSettings::Notify notify);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Conversation
    {
        QString target; // "" (the default room), "#room", or a person's nickname
        MessageModel *model = nullptr;
        MessageView *view = nullptr;
        QTreeWidgetItem *item = nullptr; // in the sidebar
        int unread = 0;
        int mentions = 0;       // of the unread: naming the user (all of them, privately)
        bool joined = true;     // a room: still in it
        bool announced = false; // a room: "you are in it" was said
        bool isRoom() const;
    };

    // What Enter does with the input: false keeps the text there (refused, or too long).
    bool send(const QString &text);
    // A message over the server's limit: says by how much, and offers to send it in pieces.
    void offerToSplit(const CommandInterpreter::Outcome &tooLong);
    void sendInPieces();
    Conversation *conversation(const QString &target, bool create);
    // The conversation shown in this view, or nullptr.
    Conversation *conversationOf(const QWidget *view) const;
    void removeConversation(Conversation *conversation);
    // Whether this is a room one is in (still joined, as far as the client knows).
    bool isIn(const Conversation *room) const;
    // Leaves the room target, or closes the conversation with it.
    void leave(const QString &target);
    // The room conversations (the default room first).
    QList<Conversation *> roomConversations() const;
    // How a conversation is listed in the sidebar (its name, counts, state).
    void updateItem(Conversation *conversation);
    // The room shown's topic above the conversation.
    void updateTopic();
    void showSidebarMenu(const QPoint &at);
    // Remembers the rooms joined (and the newest message seen) for the next start.
    void rememberServer();
    // After the client refused a server: the user decides whether to trust
    // its new certificate, or to connect without encryption.
    void confirmNewCertificate();
    void confirmUnencrypted(const QString &reason);
    // The status bar's lock was clicked.
    void explainEncryption();
    Conversation *currentConversation() const;
    // The conversation a message belongs to: its room's, or the other one's of a whisper.
    QString targetOf(const Protocol::ChatMessage &message) const;
    // Before connecting to a server other than the one connected to (or the
    // first): hands the client what was remembered of it.
    void resumeIfNew(const QString &host, quint16 port);
    void routeMessage(const Protocol::ChatMessage &message);
    void routeHistory(const Protocol::HistoryPage &page, bool replay);
    void routeOutgoing(const ChatClient::Outgoing &outgoing);
    void addStatus(const QString &text, Conversation *where = nullptr);
    // An event line in the conversation of a room (or of a person).
    void addEvent(const QString &target, int kind, const QString &nick, const QString &text,
                  qint64 ts);
    void noteUnread(Conversation *where, const Protocol::ChatMessage &message);
    void notify(const QString &title, const QString &text);
    void markRead();
    void updateTitle();
    void updateStatus();
    // The people list is current while connected; otherwise it says it is from the last time.
    void updatePeople();
    void applySettings();
    QString conversationKey(const QString &target) const;
    // The target of a room as the server names it ("" for the default room).
    QString roomTarget(const QString &room) const;
    // The room whose people are listed beside the conversation shown.
    QString peopleRoom() const;

    std::unique_ptr<Ui::ChatWindow> m_ui;
    ChatClient m_client;
    CommandInterpreter m_commands;
    UserListModel *m_users;
    QHash<QString, Conversation *> m_conversations; // by nickKey; "" for the room
    ClientSettings m_settings;
    ElidedLabel *m_stateLabel;
    QPushButton *m_reconnectButton;
    EncryptionIndicator *m_encryption;
    bool m_plainToldOnce = false; // "not encrypted" said since the last encrypted welcome
    QTimer *m_countdown;
    QTimer *m_rememberTimer;
    std::unique_ptr<ServerMemory> m_memory; // of the server connected to (or last tried)
    QSystemTrayIcon *m_tray = nullptr;
    QString m_password;
    bool m_motdShown = false;
    CommandInterpreter::Outcome m_tooLong; // offered to be sent in pieces
    qint64 m_lastConnectedAt = 0;          // when the people list was last current
    QString m_olderAskedBy; // the conversation that asked for older messages (room-less pages)
    QString m_quitReason;   // /quit's, told to the room when the window closes
    qint64 m_seenUpTo = 0;  // the newest message id shown (to count what was missed)
    bool m_quitting = false;
    bool m_resuming = false; // the replay after a restart is still to come
};
