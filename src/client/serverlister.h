#pragma once

#include <QObject>
#include <QTextStream>

class ServiceBrowser;
struct DiscoveredService;

// qtchat --no-gui --list: looks for qtchat servers on the local network for
// a few seconds, prints each as it is found (name, address and port, people,
// encryption, password) with the command that connects to it, then a count;
// finished(0) when it found one, finished(1) when none (saying where it looked).
class ServerLister : public QObject
{
    Q_OBJECT

public:
    explicit ServerLister(QObject *parent = nullptr);
    void start(int seconds);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void print(const DiscoveredService &service);
    void finish();

    ServiceBrowser *m_browser;
    QTextStream m_out;
    int m_found = 0;
};
