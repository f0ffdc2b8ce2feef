#pragma once

#include <QObject>

// Lines of standard input, read by a thread of their own and delivered in
// the main thread: the headless server's console on Windows, which has no
// notifier for a console.
class ConsoleLines : public QObject
{
    Q_OBJECT

Q_SIGNALS:
    void lineRead(const QString &line);
};
