#pragma once

#include "chatdirectory.h"
#include "dialect.h"
#include "roster.h"

#include <QString>

#include <bitset>
#include <memory>

class ChatRoom;
class ClientSession;
struct ServerConfig;

// IRC clients (irssi, WeeChat, HexChat, ii) on the IRC port (contract §10):
// registration with CAP, PASS, NICK and USER, then IRC's commands mapped onto
// the chat logic's requests (rooms are channels, whispers are PRIVMSG to a
// nick, /me is CTCP ACTION) and events encoded as IRC lines. Questions about
// who and what is here (WHO, WHOIS, NAMES, LIST, TOPIC, MODE, LUSERS) are
// answered at once from the ChatDirectory, and a request is checked there
// first, so that each refusal has its usual numeric.
//
// What it encodes for many readers depends on two capabilities only
// (server-time, message-tags: the tags on each line), so sessions share the
// bytes per combination (encodingKey()); echo-message, batch and the rest
// change what is sent to one session only.
class IrcDialect : public Dialect
{
public:
    enum class Cap { ServerTime, MessageTags, EchoMessage, Batch, MultiPrefix, ChatHistory, Count };

    IrcDialect(const ServerConfig &config, const ChatDirectory &directory);

    Kind kind() const override { return Kind::Irc; }
    int encodingKey() const override;
    bool hasHandshake() const override { return true; }
    bool readsWhisperHistory() const override { return true; }
    void setNick(const QString &nick) override { m_nick = nick; }
    EncodedBytes encode(const ServerEvent &event) const override;
    DialectInput decode(const QByteArray &frame, bool registered, const QString &nick) override;

    bool has(Cap cap) const { return m_caps.test(size_t(cap)); }
    // The AWAY message (WHOIS and PRIVMSG tell it), or empty.
    QString awayMessage() const { return m_away; }
    // The name lines come from (no spaces): this computer's.
    static QString serverName();
    // nick!~u@qtchat: how people appear on IRC lines (the same for every reader).
    static QString prefixOf(const QString &nick);

    static constexpr int FirstKey = 3; // after JSON's and plain text's
    // Most targets in one PRIVMSG or JOIN (ISUPPORT TARGMAX, MAXTARGETS).
    static constexpr int MaxTargets = 4;

private:
    struct Line; // one line being decoded
    void registrationCommand(const Line &line, DialectInput &input);
    void command(const Line &line, DialectInput &input);
    void cap(const Line &line, DialectInput &input);
    void completeRegistration(DialectInput &input);
    void join(const Line &line, DialectInput &input);
    void part(const Line &line, DialectInput &input);
    void message(const Line &line, DialectInput &input, bool notice);
    void nickCommand(const Line &line, DialectInput &input);
    void names(const Line &line, DialectInput &input) const;
    void who(const Line &line, DialectInput &input) const;
    void whois(const Line &line, DialectInput &input) const;
    void topic(const Line &line, DialectInput &input) const;
    void list(const Line &line, DialectInput &input) const;
    void mode(const Line &line, DialectInput &input) const;
    void kick(const Line &line, DialectInput &input) const;
    void chathistory(const Line &line, DialectInput &input) const;
    void lusers(DialectInput &input) const;
    void motd(QByteArray &out) const;
    void isupport(QByteArray &out) const;

    // ":server <code> <nick> params…" (the nick is * before registration).
    QByteArray numeric(const char *code, QStringList params) const;
    QByteArray serverNotice(const QString &target, const QString &text) const;
    QByteArray namesLines(const QString &room, const QList<RosterChunkPtr> &chunks) const;
    // The tags of an event's lines (server-time, msgid), "" without them.
    QString tagsFor(qint64 ts, qint64 id, int piece) const;
    // A message as PRIVMSG lines, cut to fit.
    void appendMessage(QByteArray &out, const Protocol::ChatMessage &message,
                       const QString &extraTags) const;
    void appendHistory(QByteArray &out, const Protocol::HistoryPage &page) const;
    void appendError(QByteArray &out, const Protocol::Error &error) const;
    const ClientSession *self() const;
    std::shared_ptr<ChatRoom> roomNamed(const QString &name) const;

    const ServerConfig &m_config;
    ChatDirectory m_directory;
    QString m_server;
    QString m_nick; // as registered (and renamed); before: the one asked for
    QString m_user;
    QString m_realName;
    QString m_password;
    QString m_away;
    bool m_registered = false;
    bool m_capNegotiating = false;
    bool m_helloSent = false;
    std::bitset<size_t(Cap::Count)> m_caps;
    mutable quint64 m_batches = 0;
};
