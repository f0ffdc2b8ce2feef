#include "knownservers.h"

#include "fingerprint.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace {

const char Header[] = "# qtchat's known servers: the certificate each server showed (pinned on "
                      "first contact),\n"
                      "# and the servers you agreed to reach without encryption. Delete a line "
                      "to forget a server.\n";

QString tr(const char *text)
{
    return QCoreApplication::translate("KnownServers", text);
}

} // namespace

KnownServers::KnownServers(const QString &path)
    : m_path(path)
{}

KnownServers::Stamp KnownServers::stampOf(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return Stamp();
    return Stamp{true, info.size(), info.lastModified().toMSecsSinceEpoch()};
}

QString KnownServers::key(const QString &host, quint16 port)
{
    return host.trimmed().toLower() + u' ' + QString::number(port);
}

void KnownServers::load()
{
    if (m_path.isEmpty())
        return; // in memory: what is there is all there is
    // Read again only when it changed on disk (another qtchat wrote it): what
    // could not be written stays known in memory.
    const Stamp stamp = stampOf(m_path);
    if (m_loaded && stamp == m_stamp)
        return;
    m_loaded = true;
    m_stamp = stamp;
    QFile file(m_path);
    if (!file.exists()) {
        m_unreadable = false;
        m_lines.clear();
        return;
    }
    if (file.size() > MaxFileBytes || !file.open(QIODevice::ReadOnly)) {
        // Kept as known so far; writing would lose what cannot be read.
        m_unreadable = true;
        m_error = file.size() > MaxFileBytes
                          ? tr("%1 is too large to be qtchat's list of known servers")
                                    .arg(QDir::toNativeSeparators(m_path))
                          : tr("cannot read %1: %2")
                                    .arg(QDir::toNativeSeparators(m_path), file.errorString());
        return;
    }
    m_unreadable = false;
    const QStringList header = QString::fromLatin1(Header).split(u'\n', Qt::SkipEmptyParts);
    QList<Line> lines;
    const QList<QByteArray> rows = file.readAll().split('\n');
    for (const QByteArray &row : rows) {
        const QString text = QString::fromUtf8(row).trimmed();
        if (text.isEmpty() || header.contains(text))
            continue; // the header is written anew
        Line line;
        const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
        bool ok = words.size() >= 3 && !words.at(0).startsWith(u'#');
        const uint port = ok ? words.at(1).toUInt(&ok) : 0;
        ok = ok && port > 0 && port <= 65535;
        for (qsizetype i = 2; ok && i < words.size(); ++i) {
            if (words.at(i) == u"unencrypted") {
                line.entry.unencrypted = true;
            } else if (words.at(i) == u"sha256" && i + 1 < words.size()) {
                line.entry.fingerprint = Fingerprint::parse(words.at(++i));
                ok = !line.entry.fingerprint.isEmpty();
            } else {
                ok = false;
            }
        }
        if (ok) {
            line.host = words.at(0).toLower();
            line.port = quint16(port);
        } else {
            line = Line();
            line.raw = text;
        }
        lines.append(line);
    }
    m_lines = lines;
}

bool KnownServers::save()
{
    // The oldest servers go first past the bound (lines kept as they were count too).
    while (m_lines.size() > MaxServers)
        m_lines.removeFirst();
    if (m_path.isEmpty())
        return true;
    if (m_unreadable)
        return false; // errorString() says why; what could not be read is not overwritten
    QByteArray bytes = Header;
    for (const Line &line : std::as_const(m_lines)) {
        if (!line.raw.isEmpty()) {
            bytes += line.raw.toUtf8() + '\n';
            continue;
        }
        QString text = line.host + u' ' + QString::number(line.port);
        if (!line.entry.fingerprint.isEmpty())
            text += u" sha256 " + line.entry.fingerprint;
        if (line.entry.unencrypted)
            text += QStringLiteral(" unencrypted");
        bytes += text.toUtf8() + '\n';
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        m_error =
                tr("cannot write %1: %2").arg(QDir::toNativeSeparators(m_path), file.errorString());
        return false;
    }
    m_error.clear();
    m_stamp = stampOf(m_path);
    return true;
}

KnownServers::Line *KnownServers::lineOf(const QString &host, quint16 port)
{
    const QString wanted = key(host, port);
    for (Line &line : m_lines) {
        if (line.raw.isEmpty() && key(line.host, line.port) == wanted)
            return &line;
    }
    return nullptr;
}

KnownServers::Line &KnownServers::lineFor(const QString &host, quint16 port)
{
    if (Line *line = lineOf(host, port))
        return *line;
    Line line;
    line.host = host.trimmed().toLower();
    line.port = port;
    m_lines.append(line);
    return m_lines.last();
}

KnownServers::Entry KnownServers::find(const QString &host, quint16 port)
{
    load();
    const Line *line = lineOf(host, port);
    return line ? line->entry : Entry();
}

bool KnownServers::pin(const QString &host, quint16 port, const QString &fingerprint)
{
    load();
    lineFor(host, port).entry.fingerprint = fingerprint;
    return save();
}

bool KnownServers::setUnencrypted(const QString &host, quint16 port, bool allowed)
{
    load();
    lineFor(host, port).entry.unencrypted = allowed;
    return save();
}
