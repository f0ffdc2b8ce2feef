#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <charconv>
#include <cmath>

JsonWriter::JsonWriter()
{
    m_out.reserve(256); // a chat message with its fields, without growing
    m_out.append('{');
}

void JsonWriter::appendKey(const char *key)
{
    const quint64 bit = quint64(1) << m_depth;
    if (m_hasMember & bit)
        m_out.append(',');
    m_hasMember |= bit;
    if (key) {
        m_out.append('"');
        m_out.append(key);
        m_out.append("\":", 2);
    }
}

JsonWriter &JsonWriter::addString(const char *key, QStringView value)
{
    appendKey(key);
    appendString(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::addString(const char *key, QLatin1String value)
{
    appendKey(key);
    appendString(m_out, QString(value));
    return *this;
}

JsonWriter &JsonWriter::addInteger(const char *key, qint64 value)
{
    appendKey(key);
    char digits[24];
    const std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, value);
    m_out.append(digits, end.ptr - digits);
    return *this;
}

JsonWriter &JsonWriter::addRawJson(const char *key, const QByteArray &json)
{
    appendKey(key);
    m_out.append(json);
    return *this;
}

JsonWriter &JsonWriter::addNumber(const char *key, double value)
{
    appendKey(key);
    appendNumber(m_out, value);
    return *this;
}

JsonWriter &JsonWriter::addBool(const char *key, bool value)
{
    appendKey(key);
    if (value)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
    return *this;
}

JsonWriter &JsonWriter::addValue(const char *key, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Undefined:
        return *this; // absent
    case QJsonValue::Null:
        appendKey(key);
        m_out.append("null", 4);
        return *this;
    case QJsonValue::Bool:
        return addBool(key, value.toBool());
    case QJsonValue::Double:
        return addNumber(key, value.toDouble());
    case QJsonValue::String:
        return addString(key, value.toString());
    case QJsonValue::Array:
        appendKey(key);
        m_out.append(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        return *this;
    case QJsonValue::Object:
        appendKey(key);
        m_out.append(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
        return *this;
    }
    return *this;
}

JsonWriter &JsonWriter::beginObject(const char *key)
{
    appendKey(key);
    m_out.append('{');
    ++m_depth;
    Q_ASSERT(m_depth < 64);
    m_hasMember &= ~(quint64(1) << m_depth);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    Q_ASSERT(m_depth > 0);
    --m_depth;
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray(const char *key)
{
    appendKey(key);
    m_out.append('[');
    ++m_depth;
    Q_ASSERT(m_depth < 64);
    m_hasMember &= ~(quint64(1) << m_depth);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    Q_ASSERT(m_depth > 0);
    --m_depth;
    m_out.append(']');
    return *this;
}

QByteArray JsonWriter::takeFrame()
{
    Q_ASSERT(m_depth == 0);
    m_out.append("}\n", 2);
    return std::move(m_out);
}

QByteArray JsonWriter::takeObject()
{
    Q_ASSERT(m_depth == 0);
    m_out.append('}');
    return std::move(m_out);
}

namespace {

// Escapes one character below 0x80 that JSON does not take as it is.
void appendEscape(QByteArray &out, unsigned c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        out.append("\\\"", 2);
        break;
    case '\\':
        out.append("\\\\", 2);
        break;
    case '\n':
        out.append("\\n", 2);
        break;
    case '\t':
        out.append("\\t", 2);
        break;
    case '\r':
        out.append("\\r", 2);
        break;
    default: {
        const char escape[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
        out.append(escape, sizeof escape);
    }
    }
}

bool isPlain(unsigned c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

} // namespace

void JsonWriter::appendString(QByteArray &out, QStringView value)
{
    out.append('"');
    // ASCII (most nicknames and much text) goes straight in, without a
    // UTF-8 copy of the whole string first.
    const char16_t *units = value.utf16();
    const qsizetype size = value.size();
    qsizetype i = 0;
    while (i < size) {
        qsizetype end = i;
        while (end < size && units[end] < 0x80 && isPlain(units[end]))
            ++end;
        if (end > i) {
            const qsizetype at = out.size();
            out.resize(at + (end - i));
            char *to = out.data() + at;
            for (qsizetype k = i; k < end; ++k)
                *to++ = char(units[k]);
            i = end;
        }
        if (i == size)
            break;
        if (units[i] >= 0x80)
            break; // the rest in UTF-8, below
        appendEscape(out, units[i]);
        ++i;
    }
    if (i < size) {
        const QByteArray utf8 = value.mid(i).toUtf8();
        const char *data = utf8.constData();
        const qsizetype length = utf8.size();
        qsizetype runStart = 0;
        for (qsizetype k = 0; k < length; ++k) {
            const auto c = static_cast<unsigned char>(data[k]);
            if (c >= 0x80 || isPlain(c))
                continue;
            out.append(data + runStart, k - runStart);
            runStart = k + 1;
            appendEscape(out, c);
        }
        out.append(data + runStart, length - runStart);
    }
    out.append('"');
}

void JsonWriter::appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out.append("null", 4); // JSON has no NaN or infinity
        return;
    }
    if (std::floor(value) == value && std::fabs(value) < 9007199254740992.0) {
        out.append(QByteArray::number(qint64(value)));
        return;
    }
    out.append(QByteArray::number(value, 'g', QLocale::FloatingPointShortest));
}
