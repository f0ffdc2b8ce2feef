// One IRC line (RFC 1459/2812 as modern.ircdocs.horse describes them, with
// IRCv3 message tags): parsed from the bytes a client sent, or encoded as the
// bytes the server sends. Also CTCP and the cutting of long texts into pieces
// that fit in a line, for the server's IRC dialect.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

struct IrcMessage
{
    QList<std::pair<QString, QString>> tags; // in order; values unescaped; no value: empty value
    QString source;  // the prefix without its ':' ("nick!user@host" or a server name); empty: none
    QString command; // upper-cased by parse() ("PRIVMSG", "001")
    QStringList params; // the last may contain spaces (it was the trailing parameter)

    enum class ParseError { None, Empty, BadUtf8, NoCommand, TagsTooLong, TooManyParams, Nul };
    // Client tags may be at most this many bytes (the tags part, without '@' and its space), IRCv3.
    static constexpr qsizetype MaxClientTagBytes = 4094;
    // A line without tags is at most this many bytes with its CR LF (RFC 1459).
    static constexpr qsizetype MaxLineBytes = 512;
    static constexpr int MaxParams = 15;

    // line: one line without its CR LF (a stray trailing '\r' is removed too). Leading spaces
    // are skipped, several spaces between parameters count as one. Returns nothing on error,
    // with *error saying why (error may be nullptr). Invalid UTF-8 anywhere is BadUtf8 (the
    // server advertises UTF8ONLY); a NUL byte is Nul; an empty or all-space line is Empty;
    // tags or a source but no command is NoCommand; more than MaxParams parameters is
    // TooManyParams; a tags part over MaxClientTagBytes is TagsTooLong.
    static std::optional<IrcMessage> parse(QByteArrayView line, ParseError *error = nullptr);

    // The line with CR LF: tags first ("@a=b;c "), escaped; then ":source " if any, the
    // command and the parameters. The last parameter gets a ':' when it is empty, contains a
    // space or starts with ':', or always with alwaysTrailing (servers do for text).
    // Always exactly one line: CR, LF and NUL anywhere become spaces; a space in the source,
    // the command or a middle parameter becomes '_', an empty one "*", a leading ':' '_'.
    QByteArray encode(bool alwaysTrailing = false) const;
    // The same, written straight from parts (the server's hot path: no IrcMessage built).
    static QByteArray line(QStringView source, QStringView command, const QStringList &params,
                           bool alwaysTrailing = true);

    // IRCv3: ';' -> "\:", space -> "\s", '\' -> "\\", CR -> "\r", LF -> "\n".
    static QString escapeTagValue(QStringView value);
    // The inverse; an unknown escape "\x" is "x", a lone trailing '\' is dropped.
    static QString unescapeTagValue(QStringView value);

    // CTCP (a text that starts with \x01): its command upper-cased and its argument
    // ("ACTION", "waves"). The closing \x01 is optional. Not CTCP (or no command): nothing.
    static std::optional<std::pair<QString, QString>> ctcp(QStringView text);
    // "\x01ACTION waves\x01" ("\x01VERSION\x01" without an argument).
    static QString makeCtcp(QStringView command, QStringView argument);

    // Cuts a text into pieces of at most maxBytes of UTF-8 for IRC lines: first at every line
    // break (\n, \r\n, \r; blank lines dropped), then each line too long is cut between words
    // where a space is near the end (the spaces at the cut dropped), else between characters:
    // never inside a UTF-8 sequence or a surrogate pair, and never between a character and the
    // combining marks after it (grapheme boundaries). A line that fits is kept as it is. Never
    // returns an empty piece; a text of only line breaks and spaces gives an empty list.
    // maxBytes is at least 4 (one code point); 0 or less: no limit (only the line breaks).
    static QStringList splitText(QStringView text, qsizetype maxBytes);
};
