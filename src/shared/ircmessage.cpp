#include "ircmessage.h"

#include "utf8.h"

#include <QTextBoundaryFinder>

#include <algorithm>
#include <cstring>
#include <limits>

namespace {

// A cut at a space is taken when the piece is at least this full.
constexpr int PreferredFillPercent = 50;

// Appends text as UTF-8 with CR, LF and NUL made spaces: a line stays one line.
void appendClean(QByteArray &out, QStringView text)
{
    const qsizetype from = out.size();
    out += text.toUtf8();
    char *bytes = out.data();
    for (qsizetype i = from; i < out.size(); ++i) {
        if (bytes[i] == '\r' || bytes[i] == '\n' || bytes[i] == '\0')
            bytes[i] = ' ';
    }
}

// Appends a word (a source, a command, a middle parameter): no spaces, not empty, and no
// leading ':' (those would be a caller's mistake; the line stays well-formed all the same).
void appendWord(QByteArray &out, QStringView text)
{
    const qsizetype from = out.size();
    appendClean(out, text);
    if (out.size() == from) {
        out += '*';
        return;
    }
    char *bytes = out.data();
    for (qsizetype i = from; i < out.size(); ++i) {
        if (bytes[i] == ' ')
            bytes[i] = '_';
    }
    if (bytes[from] == ':')
        bytes[from] = '_';
}

// Appends a tag key: none of the characters that end a key, a tag or the tags.
void appendTagKey(QByteArray &out, QStringView key)
{
    const qsizetype from = out.size();
    appendClean(out, key);
    char *bytes = out.data();
    for (qsizetype i = from; i < out.size(); ++i) {
        if (bytes[i] == ' ' || bytes[i] == ';' || bytes[i] == '=')
            bytes[i] = '_';
    }
}

bool needsColon(QStringView last)
{
    if (last.isEmpty() || last.startsWith(u':'))
        return true;
    return std::any_of(last.begin(), last.end(), [](QChar c) {
        return c == u' ' || c == u'\r' || c == u'\n' || c == QChar(0);
    });
}

void appendLine(QByteArray &out, QStringView source, QStringView command, const QStringList &params,
                bool alwaysTrailing)
{
    if (!source.isEmpty()) {
        out += ':';
        appendWord(out, source);
        out += ' ';
    }
    appendWord(out, command);
    for (qsizetype i = 0; i < params.size(); ++i) {
        const QString &param = params.at(i);
        out += ' ';
        if (i + 1 < params.size()) {
            appendWord(out, param);
            continue;
        }
        if (alwaysTrailing || needsColon(param))
            out += ':';
        appendClean(out, param);
    }
    out += "\r\n";
}

qsizetype estimatedSize(QStringView source, QStringView command, const QStringList &params)
{
    qsizetype size = source.size() + command.size() + 8;
    for (const QString &param : params)
        size += param.size() + 2;
    return size;
}

// UTF-8 bytes of text as toUtf8() writes it (a lone surrogate becomes U+FFFD).
qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text.at(i).unicode();
        if (u < 0x80) {
            bytes += 1;
        } else if (u < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(u) && i + 1 < text.size() &&
                   QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

bool isBlank(QStringView text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.isSpace(); });
}

// A space a line may be cut at (not a no-break space).
bool isBreakSpace(QChar c)
{
    return c.isSpace() && c != QChar(0x00A0) && c != QChar(0x2007) && c != QChar(0x202F);
}

// Cuts one line (no line breaks in it) into pieces of at most maxBytes.
void splitLine(QStringView line, qsizetype maxBytes, QStringList *pieces)
{
    if (utf8Size(line) <= maxBytes) {
        if (!isBlank(line))
            pieces->append(line.toString());
        return;
    }
    const qsizetype preferred = maxBytes * PreferredFillPercent / 100;
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, line);
    qsizetype start = 0;
    while (start < line.size()) {
        // The last whole grapheme that fits, and the last space after the preferred fill.
        qsizetype bytes = 0;
        qsizetype end = start;
        qsizetype space = -1;
        graphemes.setPosition(start);
        for (qsizetype next = graphemes.toNextBoundary(); next > 0;
             next = graphemes.toNextBoundary()) {
            const qsizetype size = utf8Size(line.mid(end, next - end));
            if (bytes + size > maxBytes)
                break;
            if (bytes >= preferred && end > start && isBreakSpace(line.at(end)))
                space = end;
            bytes += size;
            end = next;
        }
        qsizetype resume = end;
        if (end < line.size() && end > start) {
            if (isBreakSpace(line.at(end))) {
                space = end; // the cut falls on a space anyway
            }
            if (space > start) {
                end = space;
                resume = space;
            }
        } else if (end == start) {
            // One grapheme larger than a piece (a pile of combining marks): between code points.
            while (end < line.size()) {
                const qsizetype step = line.at(end).isHighSurrogate() && end + 1 < line.size() &&
                                                       line.at(end + 1).isLowSurrogate()
                                               ? 2
                                               : 1;
                const qsizetype size = utf8Size(line.mid(end, step));
                if (bytes + size > maxBytes && end > start)
                    break;
                bytes += size;
                end += step;
            }
            resume = end;
        }
        // The spaces at the cut belong to neither piece.
        qsizetype pieceEnd = end;
        if (resume < line.size()) {
            while (pieceEnd > start && isBreakSpace(line.at(pieceEnd - 1)))
                --pieceEnd;
        }
        const QStringView piece = line.mid(start, pieceEnd - start);
        if (!isBlank(piece))
            pieces->append(piece.toString());
        start = resume;
        while (start < line.size() && isBreakSpace(line.at(start)))
            ++start;
    }
}

} // namespace

std::optional<IrcMessage> IrcMessage::parse(QByteArrayView line, ParseError *error)
{
    const auto fail = [error](ParseError why) -> std::optional<IrcMessage> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (error)
        *error = ParseError::None;
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (!line.isEmpty() && std::memchr(line.data(), '\0', size_t(line.size())))
        return fail(ParseError::Nul);
    if (!Utf8::isValid(line))
        return fail(ParseError::BadUtf8);

    const qsizetype size = line.size();
    qsizetype at = 0;
    const auto skipSpaces = [&] {
        while (at < size && line.at(at) == ' ')
            ++at;
    };
    const auto word = [&] {
        const qsizetype start = at;
        while (at < size && line.at(at) != ' ')
            ++at;
        return line.sliced(start, at - start);
    };

    IrcMessage message;
    skipSpaces();
    if (at == size)
        return fail(ParseError::Empty);
    if (line.at(at) == '@') {
        ++at;
        const QByteArrayView tags = word();
        if (tags.size() > MaxClientTagBytes)
            return fail(ParseError::TagsTooLong);
        qsizetype from = 0;
        while (from <= tags.size()) {
            qsizetype to = tags.indexOf(';', from);
            if (to < 0)
                to = tags.size();
            const QByteArrayView tag = tags.sliced(from, to - from);
            from = to + 1;
            const qsizetype equals = tag.indexOf('=');
            const QByteArrayView key = equals < 0 ? tag : tag.first(equals);
            if (key.isEmpty())
                continue;
            message.tags.append(
                    {QString::fromUtf8(key),
                     equals < 0 ? QString()
                                : unescapeTagValue(QString::fromUtf8(tag.sliced(equals + 1)))});
        }
        skipSpaces();
    }
    if (at < size && line.at(at) == ':') {
        ++at;
        message.source = QString::fromUtf8(word());
        skipSpaces();
    }
    message.command = QString::fromUtf8(word().toByteArray().toUpper()); // ASCII only
    if (message.command.isEmpty())
        return fail(ParseError::NoCommand);
    for (;;) {
        skipSpaces();
        if (at == size)
            break;
        if (message.params.size() == MaxParams)
            return fail(ParseError::TooManyParams);
        if (line.at(at) == ':') {
            message.params.append(QString::fromUtf8(line.sliced(at + 1)));
            break;
        }
        message.params.append(QString::fromUtf8(word()));
    }
    return message;
}

QByteArray IrcMessage::encode(bool alwaysTrailing) const
{
    QByteArray out;
    out.reserve(estimatedSize(source, command, params) + 32 * tags.size());
    bool first = true;
    for (const auto &[key, value] : tags) {
        if (key.isEmpty())
            continue;
        out += first ? '@' : ';';
        first = false;
        appendTagKey(out, key);
        if (!value.isEmpty()) {
            out += '=';
            QString plain = value;
            plain.replace(QChar(0), u' ');
            out += escapeTagValue(plain).toUtf8();
        }
    }
    if (!first)
        out += ' ';
    appendLine(out, source, command, params, alwaysTrailing);
    return out;
}

QByteArray IrcMessage::line(QStringView source, QStringView command, const QStringList &params,
                            bool alwaysTrailing)
{
    QByteArray out;
    out.reserve(estimatedSize(source, command, params));
    appendLine(out, source, command, params, alwaysTrailing);
    return out;
}

QString IrcMessage::escapeTagValue(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case u';':
            out += QLatin1String("\\:");
            break;
        case u' ':
            out += QLatin1String("\\s");
            break;
        case u'\\':
            out += QLatin1String("\\\\");
            break;
        case u'\r':
            out += QLatin1String("\\r");
            break;
        case u'\n':
            out += QLatin1String("\\n");
            break;
        default:
            out += c;
        }
    }
    return out;
}

QString IrcMessage::unescapeTagValue(QStringView value)
{
    QString out;
    out.reserve(value.size());
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value.at(i);
        if (c != u'\\') {
            out += c;
            continue;
        }
        if (++i == value.size())
            break; // a lone backslash at the end is dropped
        switch (value.at(i).unicode()) {
        case u':':
            out += u';';
            break;
        case u's':
            out += u' ';
            break;
        case u'r':
            out += u'\r';
            break;
        case u'n':
            out += u'\n';
            break;
        default:
            out += value.at(i); // "\\" is '\', an unknown "\x" is 'x'
        }
    }
    return out;
}

std::optional<std::pair<QString, QString>> IrcMessage::ctcp(QStringView text)
{
    if (!text.startsWith(QChar(0x01)))
        return std::nullopt;
    text = text.mid(1);
    if (text.endsWith(QChar(0x01)))
        text.chop(1);
    const qsizetype space = text.indexOf(u' ');
    const QStringView command = space < 0 ? text : text.left(space);
    if (command.isEmpty())
        return std::nullopt;
    return std::pair{command.toString().toUpper(),
                     space < 0 ? QString() : text.mid(space + 1).toString()};
}

QString IrcMessage::makeCtcp(QStringView command, QStringView argument)
{
    QString out;
    out.reserve(command.size() + argument.size() + 3);
    out += QChar(0x01);
    out += command;
    if (!argument.isEmpty()) {
        out += u' ';
        out += argument;
    }
    out += QChar(0x01);
    return out;
}

QStringList IrcMessage::splitText(QStringView text, qsizetype maxBytes)
{
    QStringList pieces;
    if (maxBytes <= 0)
        maxBytes = std::numeric_limits<qsizetype>::max();
    maxBytes = std::max<qsizetype>(maxBytes, 4); // room for any one code point
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = start;
        while (end < text.size() && text.at(end) != u'\n' && text.at(end) != u'\r')
            ++end;
        splitLine(text.mid(start, end - start), maxBytes, &pieces);
        if (end + 1 < text.size() && text.at(end) == u'\r' && text.at(end + 1) == u'\n')
            ++end;
        start = end + 1;
    }
    return pieces;
}
