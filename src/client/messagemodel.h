#pragma once

#include "chatclient.h"
#include "messages.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>

// One conversation as the view shows it: messages (with the user's own ones
// pending, sent or failed), joins, leaves, renames, notices and status lines,
// in order. Messages from history go where their ids say, and among the
// lines that have no id (joins, status lines, messages still sending) where
// their time says; a message is never shown twice, however often the server sends it (a replay
// after a reconnect, the echo of a resent message). Someone who joins and leaves again and again (a
// flaky connection) takes one line, not a screenful. Holds at most maxEntries rows; the oldest go
// first.
class MessageModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Kind { Message, Action, Join, Leave, Rename, Notice, Status, HistoryDivider };
    Q_ENUM(Kind)
    enum class Delivery { None, Pending, Sent, Failed };
    Q_ENUM(Delivery)

    enum Role {
        KindRole = Qt::UserRole + 1, // Kind
        NickRole,                    // who said or did it
        TextRole,
        TimeRole,     // qint64, ms since the epoch
        IdRole,       // qint64, 0 when not stored (yet)
        DeliveryRole, // Delivery, for the user's own messages
        ErrorRole,    // why an own message failed
        OwnRole,      // bool: the user's own message
        ToRole,       // a whisper's recipient
        MentionRole,  // bool: the text names the user
        FlapsRole,    // int: Entry::flaps
    };

    struct Entry
    {
        Kind kind = Kind::Message;
        QString nick;
        QString text;
        qint64 ts = 0;
        qint64 id = 0;
        QString to;
        QString ref;
        Delivery delivery = Delivery::None;
        QString error;
        bool own = false;
        bool mention = false;
        int flaps = 0; // joins and leaves folded into this line, besides its own
    };

    explicit MessageModel(QObject *parent = nullptr);

    void setOwnNick(const QString &nick) { m_ownNick = nick; }
    void setMaxEntries(int max) { m_maxEntries = max; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    const Entry &entry(int row) const { return m_entries.at(row); }
    // Whether text names the user (their nick as a word of its own, in any case).
    bool mentionsOwnNick(const QString &text) const { return mentions(text); }
    // The oldest stored message shown (0: none), to ask for older ones.
    qint64 oldestId() const;
    bool hasOlderHistory() const { return m_olderHistory; }

public Q_SLOTS:
    void addMessage(const Protocol::ChatMessage &message);
    // replay: the history sent after a welcome; otherwise a page asked for.
    void addHistory(const Protocol::HistoryPage &page, bool replay);
    void updateOutgoing(const ChatClient::Outgoing &outgoing);
    void addEvent(MessageModel::Kind kind, const QString &nick, const QString &text, qint64 ts);
    // The server's ids start again (ChatClient::historyReset): messages from
    // now on go after everything shown and are only compared with each other.
    void startNewHistory();
    void clear();

private:
    Entry entryFor(const Protocol::ChatMessage &message) const;
    bool mentions(const QString &text) const;
    // Where a stored message belongs: after the last one with a smaller id and
    // before the next one with a larger id; among the lines between them that
    // have no id, after those from its time or earlier (the user's own
    // messages still sending count as later ones). skip: a row to leave
    // out (the message itself, when it moves); the row given is the one it
    // takes once skip is gone.
    int rowFor(qint64 id, qint64 ts, int skip = -1) const;
    int rowOfRef(const QString &ref) const;
    void insert(int row, const Entry &entry);
    void append(const Entry &entry) { insert(int(m_entries.size()), entry); }
    void trim();

    QList<Entry> m_entries;
    QSet<qint64> m_ids;   // of the rows from m_epochStart on
    int m_epochStart = 0; // the first row of the current history
    QString m_ownNick;
    int m_maxEntries = 10'000;
    bool m_olderHistory = false;
    bool m_dividerShown = false;
};
