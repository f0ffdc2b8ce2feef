#pragma once

#include <QString>
#include <QStringList>

// The server's bans.txt: one address or subnet per line; "#" starts a
// comment, on a line of its own or after an entry. People may edit it while
// the server is stopped, so rewriting it keeps their comments and any line
// it cannot understand.
class BanFile
{
public:
    struct Contents
    {
        QStringList entries;  // in the file's order, as written there
        QStringList problems; // "line 3: ..." for lines that are not an address or subnet
        QString error;        // the file exists but cannot be read
    };

    // A file that does not exist has no entries and no error.
    static Contents read(const QString &path);
    // Makes the file ban exactly entries: lines of entries not listed go,
    // comments and lines that are not entries stay as they are, new entries
    // are added at the end. Creates the folder. Writes nothing when the file
    // exists but cannot be read. Returns an empty string or why it failed.
    static QString write(const QString &path, const QStringList &entries);
};
