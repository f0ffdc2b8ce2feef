#pragma once

#include "discoveredservice.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectDialog;
}

// Where to connect and as whom: a server found on the local network (one
// click connects), or a server address (recent servers in a drop-down;
// "address:port" fills in the port) and port; nickname, password.
// Refuses a missing address or a nickname the server would refuse, saying
// why, before anything is sent.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(QWidget *parent = nullptr);
    ~ConnectDialog() override;

    void setHost(const QString &host);
    void setPort(quint16 port);
    void setNick(const QString &nick);
    void setPassword(const QString &password);
    // Shown above the buttons (why the last attempt failed, for example).
    void setError(const QString &text);
    // The field to mend first, after an error.
    enum class Field { Host, Port, Nick, Password };
    void focusField(Field field);

    QString host() const;
    quint16 port() const;
    QString nick() const;
    QString password() const;
    bool remember() const;
    // The address and port are those of a server found on the network:
    // announcedFingerprint() is what its announcement said of its certificate.
    bool isAnnounced() const;
    QString announcedFingerprint() const;

    // "host:port", "[v6]:port" or a host alone; splits off a port when there is one.
    static QString splitHostPort(const QString &text, quint16 *port);

public Q_SLOTS:
    void accept() override;

private:
    // A port typed in the address ("host:41002") is the one used: the port field shows it.
    void followHostPort();

    std::unique_ptr<Ui::ConnectDialog> m_ui;
    DiscoveredService m_chosen;
    QString m_portToolTip;
};
