#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QStringView>

// Writes one compact JSON object straight into bytes, keys in the order they
// are added (so "type" comes first and frames read well in nc). Used by Codec
// for every outgoing frame; faster than building a QJsonObject.
class JsonWriter
{
public:
    JsonWriter();

    JsonWriter &addString(const char *key, QStringView value);
    JsonWriter &addString(const char *key, QLatin1String value);
    JsonWriter &addInteger(const char *key, qint64 value);
    JsonWriter &addNumber(const char *key, double value);
    JsonWriter &addBool(const char *key, bool value);
    JsonWriter &addValue(const char *key, const QJsonValue &value);
    // A value encoded already (by this writer's rules).
    JsonWriter &addRawJson(const char *key, const QByteArray &json);

    // Nested containers: beginObject(nullptr) starts an object inside an array.
    JsonWriter &beginObject(const char *key);
    JsonWriter &endObject();
    JsonWriter &beginArray(const char *key);
    JsonWriter &endArray();

    // Closes the outer object and returns it followed by LF: one frame.
    QByteArray takeFrame();
    // Closes the outer object and returns it, for use inside another frame.
    QByteArray takeObject();

    static void appendString(QByteArray &out, QStringView value);
    static void appendNumber(QByteArray &out, double value);

private:
    void appendKey(const char *key);

    QByteArray m_out;
    // Bit n set: the container at depth n already has a member.
    quint64 m_hasMember = 0;
    int m_depth = 0;
};
