#pragma once

#include <QHash>
#include <QString>

class ClientSession;

// Who is on the server under which nickname (unique case-insensitively,
// across all rooms): whispers, kicks and the nickname rules look here.
class Nicknames
{
public:
    // Gives session its nickname (it must be free) and keeps it.
    void add(ClientSession *session, const QString &nick, qint64 nowMs);
    void remove(ClientSession *session);
    // Changes session's nickname (the new one must be free or its own).
    void rename(ClientSession *session, const QString &nick);

    ClientSession *find(const QString &nick) const;
    bool contains(const ClientSession *session) const;
    int size() const { return int(m_byKey.size()); }
    QList<ClientSession *> sessions() const { return m_byKey.values(); }

private:
    QHash<QString, ClientSession *> m_byKey; // Validation::nickKey() -> session
};
