#pragma once

#include "serverconfig.h"

#include <QDateTime>
#include <QHostAddress>
#include <QMainWindow>

#include <memory>

class ChatServer;
class ConnectionTableModel;
class LogRelay;
class QSortFilterProxyModel;
class ServerHost;
struct ConnectionInfo;

namespace Ui {
class ServerWindow;
}

// qtchat-server's control window: where to listen (address and port),
// Start/Stop, the addresses to give to others, the people connected (with
// Kick, Ban and Notice), the bans and a live log. A ServerHost (the same as
// the headless mode's) starts and stops the server and keeps the bans; the
// window drives it and its ChatServer through their slots and signals only.
class ServerWindow : public QMainWindow
{
    Q_OBJECT

public:
    // config: the settings to run with (the remembered ones with the command
    // line's on top); remembered: those saved for the next start, which only
    // change when the person changes them here.
    ServerWindow(const ServerConfig &config, const ServerConfig &remembered,
                 QWidget *parent = nullptr);
    explicit ServerWindow(const ServerConfig &config, QWidget *parent = nullptr)
        : ServerWindow(config, config, parent)
    {}
    ~ServerWindow() override;

    bool isRunning() const;
    // The running server, or nullptr.
    ChatServer *server() const;
    const ServerConfig &config() const;
    // Writes the log to a file; returns an empty string or why it could not.
    QString saveLogTo(const QString &path) const;

public Q_SLOTS:
    // Starts listening on the address and port in the fields; false (with the
    // reason shown in the window) when the input is not valid or listening fails.
    bool start();
    // Tells everyone the server stops, closes every connection, then stops.
    void stop();
    // Stops (without asking) and closes the window, as SIGTERM does.
    void stopAndClose();
    void kickSelected();
    void banSelected();
    void sendNotice();
    void addBan();
    void unbanSelected();
    // The Rooms tab: on the selected room (or person in it).
    void newRoom();
    void renameRoom();
    void deleteRoom();
    void setRoomTopic();
    void sendRoomNotice();
    void removeFromRoom();
    void saveLog();
    void showSettings();
    void showAbout();

Q_SIGNALS:
    void started();
    void stopped();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void onStateChanged();
    void updateStatus();
    void updateActions();
    void showAddresses();
    void showAnnouncement();
    static QString firewallHint(quint16 port);
    void showError(const QString &text);
    void appendLog(const QDateTime &time, QtMsgType type, const QString &text);
    void fillHostChoices();
    void showHost(const QHostAddress &host);
    bool selectedConnection(ConnectionInfo *info) const;
    void clearConnectionSelection();
    void showBans();
    void showRooms();
    // The room selected in the Rooms tab, and the person in it when one is.
    bool selectedRoom(QString *room, QString *member) const;
    void reportRoomProblem(const QString &title, const QString &problem, const QString &done);
    void onStopped();
    void rememberSettings();
    // Why listening failed, and what to do about it, in the person's words.
    QString listenHint() const;

    std::unique_ptr<Ui::ServerWindow> m_ui;
    ServerHost *m_host;
    ServerConfig m_remembered;
    const QHostAddress m_initialHost; // the address and port the window opened with
    const quint16 m_initialPort;
    ConnectionTableModel *m_model;
    QSortFilterProxyModel *m_sortedModel;
    LogRelay *m_logRelay;
    bool m_closeWhenStopped = false;
};
