#pragma once

#include "outgoingmessage.h"

#include <QCoreApplication>
#include <QFile>
#include <QList>
#include <QString>

#include <memory>

class QLockFile;

// What the user typed and no server has stored yet, kept on disk so that it
// survives a quit, a crash or a power cut of the client: one journal per
// server and nickname in a folder (the application's data folder), read
// again at the next start. Every change is one line appended and flushed
// (a crash loses at most a torn last line, which is skipped); the journal is
// rewritten whole only when it is opened and when it has grown long.
//
// A journal is used by one program at a time (a lock file next to it): a
// second qtchat for the same server and nickname keeps its messages in
// memory and says so.
class OutboxStore
{
    Q_DECLARE_TR_FUNCTIONS(OutboxStore)

public:
    explicit OutboxStore(const QString &directory);
    ~OutboxStore();
    OutboxStore(const OutboxStore &) = delete;
    OutboxStore &operator=(const OutboxStore &) = delete;

    // Opens the journal of host:port and nick (closing the one open before)
    // and returns what waits in it, oldest first. When it cannot be used,
    // isOpen() is false and errorString() says why.
    QList<OutgoingMessage> open(const QString &host, quint16 port, const QString &nick);
    void close();
    bool isOpen() const { return m_lock != nullptr; }
    QString errorString() const { return m_error; }
    QString path() const { return m_file.fileName(); }

    // A message typed; a message stored or refused (by its ref). False when
    // writing failed (errorString() says why; the message stays in memory).
    bool add(const OutgoingMessage &message);
    bool remove(const QString &ref);
    // Moves what waits to the journal of another nickname of the same server
    // (the nickname changed), adding it to what waited there; returns all of it.
    QList<OutgoingMessage> rename(const QString &nick);
    // Forgets everything that waits (the user chose to drop it).
    void clear();

    // How many messages wait in the journal of host:port and nick, without opening it.
    static int pendingCount(const QString &directory, const QString &host, quint16 port,
                            const QString &nick);

private:
    static QString journalPath(const QString &directory, const QString &host, quint16 port,
                               const QString &nick);
    // The messages a journal holds, oldest first (its torn or unreadable lines skipped).
    static QList<OutgoingMessage> read(const QString &path, int *lines = nullptr);
    // Rewrites the journal with just these messages (or removes it when there
    // are none); the next append opens it again.
    bool rewrite(const QList<OutgoingMessage> &messages);
    bool append(const QByteArray &line);

    QString m_directory;
    QString m_host;
    quint16 m_port = 0;
    QString m_nick;
    QFile m_file;
    std::unique_ptr<QLockFile> m_lock;
    QList<OutgoingMessage> m_pending; // what the journal holds now
    int m_lines = 0;                  // lines in the journal
    QString m_error;
};
