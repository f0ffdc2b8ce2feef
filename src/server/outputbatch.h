#pragma once

#include <QObject>

#include <vector>

class ClientSession;

// Output queued for sessions during one pass of the event loop is sent at the
// end of that pass, one system call per connection however many events it
// got: k messages broadcast to n members cost n writes, not k × n.
class OutputBatch : public QObject
{
    Q_OBJECT

public:
    explicit OutputBatch(QObject *parent = nullptr);

    // session has output waiting; it is flushed once the current pass ends.
    void add(ClientSession *session);
    // session is going away (it may or may not be waiting).
    void remove(ClientSession *session);
    // Sends everything that waits, now.
    void flush();

private:
    std::vector<ClientSession *> m_waiting;
    bool m_flushScheduled = false;
};
