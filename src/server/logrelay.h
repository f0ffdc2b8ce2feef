#pragma once

#include <QDateTime>
#include <QObject>

// Hands the server's log (the lines `qtchat-server --no-gui` prints: the
// qtchat.* logging categories) to a window, in this object's thread, whatever
// thread logged it. The messages still go to the previous handler (standard
// error) too. One relay at a time (a second one relays nothing); it stops
// relaying when destroyed.
class LogRelay : public QObject
{
    Q_OBJECT

public:
    explicit LogRelay(QObject *parent = nullptr);
    ~LogRelay() override;

Q_SIGNALS:
    void messageLogged(const QDateTime &time, QtMsgType type, const QString &text);

private:
    static void handleMessage(QtMsgType type, const QMessageLogContext &context,
                              const QString &text);
};
