#include "serverlister.h"

#include "servicebrowser.h"

#include <QTimer>

#include <cstdio>

ServerLister::ServerLister(QObject *parent)
    : QObject(parent)
    , m_browser(new ServiceBrowser(this))
    , m_out(stdout)
{
    connect(m_browser, &ServiceBrowser::serviceFound, this, &ServerLister::print);
}

void ServerLister::start(int seconds)
{
    if (!m_browser->start("_qtchat._tcp")) {
        m_out << tr("qtchat: cannot look for servers on this network: %1")
                         .arg(m_browser->errorString())
              << Qt::endl;
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(2); });
        return;
    }
    m_out << tr("Looking for qtchat servers on this network (%n second(s))…", "", seconds)
          << Qt::endl;
    QTimer::singleShot(seconds * 1000, this, &ServerLister::finish);
}

void ServerLister::print(const DiscoveredService &service)
{
    ++m_found;
    QStringList notes;
    if (const std::optional<int> users = service.users())
        notes.append(tr("%n people", "", *users));
    notes.append(service.isEncrypted() ? tr("encrypted") : tr("not encrypted"));
    if (service.needsPassword())
        notes.append(tr("needs a password"));
    m_out << tr("  %1 — %2 port %3 — %4")
                     .arg(service.name, service.address())
                     .arg(service.port)
                     .arg(notes.join(QLatin1String(", ")))
          << Qt::endl
          << tr("    qtchat --no-gui %1 %2").arg(service.address()).arg(service.port) << Qt::endl;
}

void ServerLister::finish()
{
    if (m_found > 0) {
        m_out << tr("%n server(s) found.", "", m_found) << Qt::endl;
    } else {
        const QStringList where = m_browser->interfaceNames();
        m_out << tr("No qtchat server answered on this network (looked on %1). The server may "
                    "not announce itself (--no-announce), be on another network, or a firewall "
                    "may block multicast DNS (UDP port 5353); give its address instead: qtchat "
                    "--no-gui HOST PORT.")
                         .arg(where.isEmpty() ? tr("no network") : where.join(QLatin1String(", ")))
              << Qt::endl;
    }
    m_browser->stop();
    Q_EMIT finished(m_found > 0 ? 0 : 1);
}
