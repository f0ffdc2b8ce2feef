#include "banfile.h"

#include "banlist.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>

namespace {

constexpr qint64 MaxLineBytes = 4096;

const char header[] = "# Addresses and subnets qtchat-server refuses, one per line (# starts a "
                      "comment).\n"
                      "# The server adds and removes lines as bans change; edit it while the "
                      "server is stopped.\n";

// The entry on a line, without its comment and spaces.
QString entryOf(const QByteArray &line)
{
    QString text = QString::fromUtf8(line);
    const qsizetype comment = text.indexOf(u'#');
    if (comment >= 0)
        text.truncate(comment);
    return text.trimmed();
}

// The file's lines, or an error when it exists and cannot be read.
bool readLines(const QString &path, QList<QByteArray> *lines, QString *error)
{
    QFile file(path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read " + path + u": " + file.errorString();
        return false;
    }
    while (!file.atEnd()) {
        QByteArray line = file.readLine(MaxLineBytes);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        lines->append(line);
    }
    return true;
}

} // namespace

BanFile::Contents BanFile::read(const QString &path)
{
    Contents contents;
    QList<QByteArray> lines;
    if (path.isEmpty() || !readLines(path, &lines, &contents.error))
        return contents;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString entry = entryOf(lines.at(i));
        if (entry.isEmpty())
            continue;
        if (BanList::canonicalEntry(entry).isEmpty())
            contents.problems.append(QStringLiteral("line %1: \"%2\" is not an IP address or "
                                                    "subnet (like 192.168.1.7 or 10.0.0.0/8)")
                                             .arg(i + 1)
                                             .arg(entry));
        else
            contents.entries.append(entry);
    }
    return contents;
}

QString BanFile::write(const QString &path, const QStringList &entries)
{
    QList<QByteArray> lines;
    QString error;
    if (!readLines(path, &lines, &error))
        return error;

    QSet<QString> wanted; // canonical
    for (const QString &entry : entries)
        wanted.insert(BanList::canonicalEntry(entry));
    QSet<QString> written;
    QByteArray text;
    if (lines.isEmpty())
        text = header;
    for (const QByteArray &line : std::as_const(lines)) {
        const QString entry = entryOf(line);
        const QString canonical = BanList::canonicalEntry(entry);
        if (!entry.isEmpty() && !canonical.isEmpty()) {
            // An entry: kept (with its comment) while it is still banned, once.
            if (!wanted.contains(canonical) || written.contains(canonical))
                continue;
            written.insert(canonical);
        }
        text += line + '\n';
    }
    for (const QString &entry : entries) {
        const QString canonical = BanList::canonicalEntry(entry);
        if (canonical.isEmpty() || written.contains(canonical))
            continue;
        written.insert(canonical);
        text += canonical.toUtf8() + '\n';
    }

    const QString folder = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(folder))
        return u"cannot create the folder " + folder;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return file.errorString();
    return QString();
}
