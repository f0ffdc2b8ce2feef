#include "validation.h"

#include <QCoreApplication>

namespace Validation {

namespace {

bool isNickPunctuation(char32_t c)
{
    switch (c) {
    case U'_':
    case U'-':
    case U'.':
    case U'[':
    case U']':
    case U'{':
    case U'}':
    case U'|':
        return true;
    default:
        return false;
    }
}

bool isMark(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return false;
    }
}

// Walks the code points of text; a lone surrogate is reported as InvalidCodePoint.
constexpr char32_t InvalidCodePoint = 0xFFFFFFFF;

class CodePoints
{
public:
    explicit CodePoints(QStringView text)
        : m_text(text)
    {}
    bool hasNext() const { return m_pos < m_text.size(); }
    char32_t next()
    {
        const QChar c = m_text[m_pos++];
        if (!c.isSurrogate())
            return c.unicode();
        if (c.isHighSurrogate() && m_pos < m_text.size() && m_text[m_pos].isLowSurrogate())
            return QChar::surrogateToUcs4(c, m_text[m_pos++]);
        return InvalidCodePoint;
    }

private:
    QStringView m_text;
    qsizetype m_pos = 0;
};

QString describeCodePoint(char32_t c)
{
    const QString hex = QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
    if (QChar::isPrint(c) && !QChar::isSpace(c))
        return u"\"" + QString::fromUcs4(&c, 1) + u"\" (U+" + hex + u")";
    return u"U+" + hex;
}

// What a name (a nickname, a room's name after its #) is made of: letters
// and digits of any script, combining marks after them, and the punctuation
// allowed. Stops at the first code point that is neither.
struct NameScan
{
    int length = 0;                  // code points read (all of them when none is refused)
    bool broken = false;             // a lone UTF-16 surrogate
    std::optional<char32_t> refused; // the first code point not allowed
};

NameScan scanName(QStringView name, bool (*isPunctuation)(char32_t))
{
    NameScan scan;
    bool afterBase = false; // a combining mark may follow a letter or digit
    CodePoints it(name);
    while (it.hasNext()) {
        const char32_t c = it.next();
        ++scan.length;
        if (c == InvalidCodePoint) {
            scan.broken = true;
            return scan;
        }
        if (QChar::isLetter(c) || QChar::isDigit(c) || (afterBase && isMark(c))) {
            afterBase = true;
            continue;
        }
        afterBase = false;
        if (!isPunctuation(c)) {
            scan.refused = c; // U+0000 included
            return scan;
        }
    }
    return scan;
}

bool isRoomPunctuation(char32_t c)
{
    return c == u'_' || c == u'-' || c == u'.';
}

} // namespace

NickCheck checkNick(const QString &nick)
{
    NickCheck result;
    const QString tooLong = QStringLiteral("a nickname can be at most %1 characters long")
                                    .arg(Protocol::MaxNickLength);
    // Far longer input is refused before normalising it, which is not free
    // (decomposed input, such as Hangul sent as jamo, may be 3 times longer).
    if (nick.size() > 8 * Protocol::MaxNickLength) {
        result.reason = tooLong;
        result.problem = NickCheck::Problem::TooLong;
        return result;
    }
    result.nick = nick.normalized(QString::NormalizationForm_C);
    if (result.nick.isEmpty()) {
        result.reason = QStringLiteral("a nickname cannot be empty");
        result.problem = NickCheck::Problem::Empty;
        return result;
    }
    const NameScan scan = scanName(result.nick, isNickPunctuation);
    const int length = scan.length; // code points, combining marks included
    if (scan.broken) {
        result.reason = QStringLiteral("a nickname cannot contain broken UTF-16");
        result.problem = NickCheck::Problem::BrokenUtf16;
        return result;
    }
    if (scan.refused) {
        const char32_t c = *scan.refused;
        if (QChar::isSpace(c)) {
            result.reason = QStringLiteral("a nickname cannot contain spaces");
            result.problem = NickCheck::Problem::Space;
        } else if (QChar::category(c) == QChar::Other_Control) {
            result.reason = QStringLiteral("a nickname cannot contain control characters");
            result.problem = NickCheck::Problem::Control;
        } else {
            result.reason = QStringLiteral("a nickname can only contain letters, digits and _ - . "
                                           "[ ] { } |, not ") +
                            describeCodePoint(c);
            result.problem = NickCheck::Problem::Character;
            result.character = describeCodePoint(c);
        }
        return result;
    }
    if (length > Protocol::MaxNickLength) {
        result.reason = tooLong + QStringLiteral(" (this one has %1)").arg(length);
        result.problem = NickCheck::Problem::TooLong;
        result.length = length;
        return result;
    }
    result.ok = true;
    return result;
}

QString nickKey(const QString &nick)
{
    return nick.toCaseFolded();
}

RoomCheck checkRoom(const QString &room)
{
    RoomCheck result;
    const QString tooLong = QStringLiteral("a room name can be # and at most %1 characters")
                                    .arg(Protocol::MaxRoomNameLength);
    if (room.size() > 8 * Protocol::MaxRoomNameLength) {
        result.reason = tooLong;
        result.problem = RoomCheck::Problem::TooLong;
        return result;
    }
    result.room = room.normalized(QString::NormalizationForm_C);
    if (result.room.isEmpty() || result.room == QLatin1String("#")) {
        result.reason = QStringLiteral("a room needs a name after the #");
        result.problem = RoomCheck::Problem::Empty;
        return result;
    }
    if (!result.room.startsWith(u'#')) {
        result.reason = QStringLiteral("a room name starts with #, as in #general");
        result.problem = RoomCheck::Problem::NoHash;
        return result;
    }
    const NameScan scan = scanName(QStringView(result.room).mid(1), isRoomPunctuation);
    const int length = scan.length;
    if (scan.broken) {
        result.reason = QStringLiteral("a room name cannot contain broken UTF-16");
        result.problem = RoomCheck::Problem::BrokenUtf16;
        return result;
    }
    if (scan.refused) {
        const char32_t c = *scan.refused;
        result.reason =
                QStringLiteral("a room name can only contain letters, digits and _ - . after "
                               "the #, not ") +
                describeCodePoint(c);
        result.problem = RoomCheck::Problem::Character;
        result.character = describeCodePoint(c);
        return result;
    }
    if (length > Protocol::MaxRoomNameLength) {
        result.reason = tooLong + QStringLiteral(" (this one has %1)").arg(length);
        result.problem = RoomCheck::Problem::TooLong;
        return result;
    }
    result.ok = true;
    return result;
}

QString roomKey(const QString &room)
{
    return room.toCaseFolded();
}

bool isWellFormed(QStringView text)
{
    CodePoints it(text);
    while (it.hasNext()) {
        if (it.next() == InvalidCodePoint)
            return false;
    }
    return true;
}

QString quoted(const QString &text, int maxLength)
{
    QString shown = text.left(maxLength);
    if (shown.size() < text.size())
        shown += u'…';
    return u'"' + shown + u'"';
}

QString oneLineReason(const QString &reason, int maxLength)
{
    const TextCheck check = checkText(reason, 0);
    if (check.error)
        return QString();
    QString clean = check.text;
    clean.replace(u'\n', u' ');
    if (clean.size() > maxLength)
        clean = clean.left(maxLength) + u"…";
    return clean;
}

qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800)
            bytes += 2;
        else if (QChar::isSurrogate(u))
            bytes += 2; // a pair makes 4 bytes
        else
            bytes += 3;
    }
    return bytes;
}

TextCheck checkText(const QString &text, qsizetype maxBytes)
{
    TextCheck result;
    result.text = text;
    result.text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    result.text = result.text.trimmed();
    if (result.text.isEmpty()) {
        result.error = Protocol::ErrorCode::EmptyText;
        result.reason = QStringLiteral("the message is empty");
        return result;
    }
    CodePoints it(result.text);
    while (it.hasNext()) {
        const char32_t c = it.next();
        if (c == InvalidCodePoint) {
            result.error = Protocol::ErrorCode::BadText;
            result.reason = QStringLiteral("the message contains a lone UTF-16 surrogate");
            return result;
        }
        if (c != U'\n' && c != U'\t' && QChar::category(c) == QChar::Other_Control) {
            result.error = Protocol::ErrorCode::BadText;
            result.reason = QStringLiteral("the message contains the control character %1; only "
                                           "tab and newline are allowed")
                                    .arg(describeCodePoint(c));
            result.character = describeCodePoint(c);
            return result;
        }
    }
    if (maxBytes > 0) {
        const qsizetype size = utf8Size(result.text);
        if (size > maxBytes) {
            result.error = Protocol::ErrorCode::TextTooLong;
            result.reason = QStringLiteral("the message is %1 bytes long; the limit is %2 bytes")
                                    .arg(size)
                                    .arg(maxBytes);
            result.size = size;
            result.limit = maxBytes;
            return result;
        }
    }
    return result;
}

} // namespace Validation

QString Validation::localizedReason(const NickCheck &check)
{
    switch (check.problem) {
    case NickCheck::Problem::None:
        return QString();
    case NickCheck::Problem::Empty:
        return QCoreApplication::translate("Validation", "a nickname cannot be empty");
    case NickCheck::Problem::TooLong:
        return check.length > 0
                       ? QCoreApplication::translate(
                                 "Validation",
                                 "a nickname can be at most %1 characters long (this one has %2)")
                                 .arg(Protocol::MaxNickLength)
                                 .arg(check.length)
                       : QCoreApplication::translate("Validation",
                                                     "a nickname can be at most %1 characters long")
                                 .arg(Protocol::MaxNickLength);
    case NickCheck::Problem::BrokenUtf16:
        return QCoreApplication::translate("Validation", "a nickname cannot contain broken UTF-16");
    case NickCheck::Problem::Space:
        return QCoreApplication::translate("Validation", "a nickname cannot contain spaces");
    case NickCheck::Problem::Control:
        return QCoreApplication::translate("Validation",
                                           "a nickname cannot contain control characters");
    case NickCheck::Problem::Character:
        return QCoreApplication::translate("Validation",
                                           "a nickname can only contain letters, digits and _ - . "
                                           "[ ] { } |, not %1")
                .arg(check.character);
    }
    return check.reason;
}

QString Validation::localizedReason(const RoomCheck &check)
{
    switch (check.problem) {
    case RoomCheck::Problem::None:
        return QString();
    case RoomCheck::Problem::Empty:
        return QCoreApplication::translate("Validation", "a room needs a name after the #");
    case RoomCheck::Problem::NoHash:
        return QCoreApplication::translate("Validation",
                                           "a room name starts with #, as in #general");
    case RoomCheck::Problem::TooLong:
        return QCoreApplication::translate("Validation",
                                           "a room name can be # and at most %1 characters")
                .arg(Protocol::MaxRoomNameLength);
    case RoomCheck::Problem::BrokenUtf16:
        return QCoreApplication::translate("Validation",
                                           "a room name cannot contain broken UTF-16");
    case RoomCheck::Problem::Character:
        return QCoreApplication::translate("Validation",
                                           "a room name can only contain letters, digits and _ - "
                                           ". after the #, not %1")
                .arg(check.character);
    }
    return check.reason;
}

QString Validation::localizedReason(const TextCheck &check)
{
    if (!check.error)
        return QString();
    switch (*check.error) {
    case Protocol::ErrorCode::EmptyText:
        return QCoreApplication::translate("Validation", "the message is empty");
    case Protocol::ErrorCode::TextTooLong:
        return QCoreApplication::translate("Validation",
                                           "the message is %1 bytes long; the limit is %2 bytes")
                .arg(check.size)
                .arg(check.limit);
    case Protocol::ErrorCode::BadText:
        if (check.character.isEmpty())
            return QCoreApplication::translate("Validation",
                                               "the message contains a lone UTF-16 surrogate");
        return QCoreApplication::translate("Validation",
                                           "the message contains the control character %1; only "
                                           "tab and newline are allowed")
                .arg(check.character);
    default:
        return check.reason;
    }
}
