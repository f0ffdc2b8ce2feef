#pragma once

#include <QList>
#include <QString>

// What this computer knows of the servers it connected to, in one text
// file like SSH's known_hosts: for each server (address and port as typed),
// the SHA-256 fingerprint of the certificate it showed (pinned on first
// contact: trust on first use), and whether the user agreed to reach it
// without encryption. One line per server:
//
//   chat.example.org 5555 sha256 3F:2A:…
//   oldbox 5555 unencrypted
//
// The file is read again when it changed (another qtchat may have
// written it) and written whole (QSaveFile); lines it does not understand
// are kept as they are. Without a path, what is learnt lives in memory only.
class KnownServers
{
public:
    struct Entry
    {
        QString fingerprint;      // pinned ("AB:CD:…"), or empty
        bool unencrypted = false; // the user agreed to connect in the clear
    };

    // At most this many servers are remembered; the oldest go first.
    static constexpr int MaxServers = 10'000;
    // A file larger than this is not read (it is not one qtchat wrote).
    static constexpr qint64 MaxFileBytes = 4 * 1024 * 1024;

    explicit KnownServers(const QString &path = QString());

    QString path() const { return m_path; }
    Entry find(const QString &host, quint16 port);
    // Each returns false when the file cannot be written (errorString() says
    // why); what was learnt is kept in memory either way.
    bool pin(const QString &host, quint16 port, const QString &fingerprint);
    bool setUnencrypted(const QString &host, quint16 port, bool allowed);
    QString errorString() const { return m_error; }

private:
    struct Line
    {
        QString raw; // a line kept as it was (a comment, or one not understood)
        QString host;
        quint16 port = 0;
        Entry entry;
    };
    struct Stamp
    {
        bool exists = false;
        qint64 size = 0;
        qint64 modified = 0;
        bool operator==(const Stamp &other) const
        {
            return exists == other.exists && size == other.size && modified == other.modified;
        }
    };
    static Stamp stampOf(const QString &path);
    static QString key(const QString &host, quint16 port);
    void load();
    bool save();
    Line *lineOf(const QString &host, quint16 port);
    Line &lineFor(const QString &host, quint16 port);

    QString m_path;
    QList<Line> m_lines;
    QString m_error;
    bool m_unreadable = false; // the file is there but could not be read
    bool m_loaded = false;
    Stamp m_stamp; // of the file as last read or written
};
