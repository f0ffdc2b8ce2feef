#pragma once

#include "messages.h"

#include <QDialog>

#include <memory>

class ChatClient;

namespace Ui {
class JoinRoomDialog;
}

// Chat > Join a Room…: the server's rooms with their people and topics
// (asked for when the dialog opens), a field that filters them as one
// types, and a name that is not in the list makes a new room. Refuses a
// name that is not a room name, saying why, before anything is sent.
class JoinRoomDialog : public QDialog
{
    Q_OBJECT

public:
    explicit JoinRoomDialog(ChatClient *client, QWidget *parent = nullptr);
    ~JoinRoomDialog() override;

    // The room chosen (typed or picked), as a room name ("#…").
    QString room() const;

public Q_SLOTS:
    void showRooms(const Protocol::RoomList &list);
    void accept() override;

private:
    void update();

    std::unique_ptr<Ui::JoinRoomDialog> m_ui;
    ChatClient *m_client;
    bool m_listed = false;
};
