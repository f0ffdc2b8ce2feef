#pragma once

#include "discoveredservice.h"

#include <QTreeWidget>

class QLabel;
class ServiceBrowser;

// The qtchat servers found on the local network (DNS-SD, contract §9),
// live: their name with a lock when they take TLS and a key when they need
// a password, their address and port, and how many people are on. One click
// or Enter chooses one (serverChosen). Its status label says whether it is
// still looking, found none, or cannot look (and why).
class FoundServersList : public QTreeWidget
{
    Q_OBJECT

public:
    explicit FoundServersList(QLabel *status, QWidget *parent = nullptr);
    ~FoundServersList() override;

    QList<DiscoveredService> services() const;
    // The icon of a server: a lock, a key, both or neither.
    static QIcon iconFor(bool encrypted, bool password, const QColor &color);

Q_SIGNALS:
    void serverChosen(const DiscoveredService &service);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void show(const DiscoveredService &service);
    void remove(const QString &name);
    void updateStatus();
    QTreeWidgetItem *itemOf(const QString &name) const;
    void choose(QTreeWidgetItem *item);
    void retranslate();

    ServiceBrowser *m_browser;
    QLabel *m_status;
    bool m_looking = false;
};
