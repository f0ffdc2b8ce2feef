#include "outboxstore.h"

#include "validation.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>

namespace {

// The journal is rewritten when it holds this many lines more than messages waiting.
constexpr int CompactAfterLines = 512;

QByteArray addLine(const OutgoingMessage &message)
{
    QJsonObject fields{{QStringLiteral("ref"), message.ref},
                       {QStringLiteral("text"), message.text},
                       {QStringLiteral("at"), double(message.typedAt)}};
    if (message.action)
        fields.insert(QStringLiteral("action"), true);
    if (!message.to.isEmpty())
        fields.insert(QStringLiteral("to"), message.to);
    if (!message.room.isEmpty())
        fields.insert(QStringLiteral("room"), message.room);
    return QJsonDocument(QJsonObject{{QStringLiteral("add"), fields}})
                   .toJson(QJsonDocument::Compact) +
           '\n';
}

QByteArray doneLine(const QString &ref)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("done"), ref}})
                   .toJson(QJsonDocument::Compact) +
           '\n';
}

} // namespace

OutboxStore::OutboxStore(const QString &directory)
    : m_directory(directory)
{}

OutboxStore::~OutboxStore()
{
    close();
}

QString OutboxStore::journalPath(const QString &directory, const QString &host, quint16 port,
                                 const QString &nick)
{
    // Readable, and a valid file name everywhere: all but letters, digits and -._~ escaped.
    const QByteArray name = QUrl::toPercentEncoding(host.toLower()) + '_' +
                            QByteArray::number(port) + '_' +
                            QUrl::toPercentEncoding(Validation::nickKey(nick));
    return QDir(directory).filePath(QString::fromLatin1(name) + u".jsonl");
}

QList<OutgoingMessage> OutboxStore::read(const QString &path, int *lines)
{
    QList<OutgoingMessage> messages;
    QFile file(path);
    if (lines)
        *lines = 0;
    if (!file.open(QIODevice::ReadOnly))
        return messages;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (lines)
            ++*lines;
        const QJsonObject entry = QJsonDocument::fromJson(line).object(); // torn: empty
        if (entry.contains(QLatin1String("done"))) {
            const QString ref = entry.value(QLatin1String("done")).toString();
            messages.removeIf([&ref](const OutgoingMessage &m) { return m.ref == ref; });
            continue;
        }
        const QJsonObject fields = entry.value(QLatin1String("add")).toObject();
        OutgoingMessage message;
        message.ref = fields.value(QLatin1String("ref")).toString();
        message.text = fields.value(QLatin1String("text")).toString();
        message.action = fields.value(QLatin1String("action")).toBool();
        message.to = fields.value(QLatin1String("to")).toString();
        message.room = fields.value(QLatin1String("room")).toString();
        message.typedAt = qint64(fields.value(QLatin1String("at")).toDouble());
        if (message.ref.isEmpty() || message.text.isEmpty())
            continue;
        messages.removeIf([&message](const OutgoingMessage &m) { return m.ref == message.ref; });
        messages.append(message);
    }
    return messages;
}

QList<OutgoingMessage> OutboxStore::open(const QString &host, quint16 port, const QString &nick)
{
    close();
    m_error.clear();
    m_host = host;
    m_port = port;
    m_nick = nick;
    if (!QDir().mkpath(m_directory)) {
        m_error = tr("the folder %1 cannot be made").arg(QDir::toNativeSeparators(m_directory));
        return {};
    }
    const QString path = journalPath(m_directory, host, port, nick);
    auto lock = std::make_unique<QLockFile>(path + u".lock");
    lock->setStaleLockTime(0); // a lock left by a crash is taken over (its process is gone)
    if (!lock->tryLock(0)) {
        m_error = lock->error() == QLockFile::LockFailedError
                          ? tr("another qtchat is keeping the messages for this "
                               "server and nickname")
                          : tr("%1 cannot be written").arg(QDir::toNativeSeparators(path));
        return {};
    }
    m_lock = std::move(lock);
    m_file.setFileName(path);
    m_pending = read(path, &m_lines);
    // Whatever was torn or done goes: the journal starts again with what waits.
    if (!rewrite(m_pending)) {
        const QList<OutgoingMessage> found = m_pending;
        close();
        return found; // read, but not kept: the caller still sends them
    }
    return m_pending;
}

void OutboxStore::close()
{
    m_file.close();
    m_lock.reset();
    m_pending.clear();
    m_lines = 0;
}

bool OutboxStore::rewrite(const QList<OutgoingMessage> &messages)
{
    m_file.close();
    m_lines = 0;
    if (messages.isEmpty()) {
        if (QFile::exists(m_file.fileName()) && !QFile::remove(m_file.fileName())) {
            m_error = tr("%1 cannot be removed").arg(QDir::toNativeSeparators(m_file.fileName()));
            return false;
        }
        return true;
    }
    QSaveFile save(m_file.fileName());
    if (!save.open(QIODevice::WriteOnly)) {
        m_error = save.errorString();
        return false;
    }
    for (const OutgoingMessage &message : messages)
        save.write(addLine(message));
    if (!save.commit()) {
        m_error = save.errorString();
        return false;
    }
    m_lines = int(messages.size());
    return true;
}

bool OutboxStore::append(const QByteArray &line)
{
    if (!isOpen())
        return false;
    if (!m_file.isOpen() && !m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        m_error = m_file.errorString();
        return false;
    }
    if (m_file.write(line) != line.size() || !m_file.flush()) {
        m_error = m_file.errorString();
        return false;
    }
    ++m_lines;
    return true;
}

bool OutboxStore::add(const OutgoingMessage &message)
{
    if (!isOpen())
        return false;
    m_pending.append(message);
    return append(addLine(message));
}

bool OutboxStore::remove(const QString &ref)
{
    if (!isOpen())
        return false;
    if (m_pending.removeIf([&ref](const OutgoingMessage &m) { return m.ref == ref; }) == 0)
        return true;
    // Nothing waits any more, or the journal is mostly done lines: written anew.
    if (m_pending.isEmpty() || m_lines - m_pending.size() > CompactAfterLines)
        return rewrite(m_pending);
    return append(doneLine(ref));
}

QList<OutgoingMessage> OutboxStore::rename(const QString &nick)
{
    if (!isOpen())
        return open(m_host, m_port, nick);
    const QList<OutgoingMessage> moving = m_pending;
    const QString oldNick = m_nick;
    const QString oldPath = path();
    QList<OutgoingMessage> all = open(m_host, m_port, nick);
    if (!isOpen()) {
        // The new journal cannot be used: what waits stays in the old one.
        const QString why = m_error;
        open(m_host, m_port, oldNick);
        m_error = why;
    }
    for (const OutgoingMessage &message : moving) {
        const bool there =
                std::any_of(all.cbegin(), all.cend(),
                            [&message](const OutgoingMessage &m) { return m.ref == message.ref; });
        if (!there) {
            if (m_nick == nick)
                add(message);
            all.append(message);
        }
    }
    if (m_nick == nick && oldPath != path())
        QFile::remove(oldPath);
    return all;
}

void OutboxStore::clear()
{
    m_pending.clear();
    if (isOpen())
        rewrite({});
}

int OutboxStore::pendingCount(const QString &directory, const QString &host, quint16 port,
                              const QString &nick)
{
    return int(read(journalPath(directory, host, port, nick)).size());
}
