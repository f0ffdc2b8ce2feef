#include "codec.h"

#include "jsonwriter.h"
#include "utf8.h"
#include "validation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <climits>
#include <cmath>

using namespace Protocol;

namespace {

// Largest integer a JSON number (an IEEE double) holds exactly.
constexpr qint64 MaxJsonInteger = (qint64(1) << 53) - 1;

// Reads typed fields from a JSON object; the first problem is kept in error.
class FieldReader
{
public:
    explicit FieldReader(const QJsonObject &object)
        : m_object(object)
    {}

    bool failed() const { return !error.isEmpty(); }

    QString string(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (isAbsent(value)) {
            if (required)
                fail(key, "is missing");
            return QString();
        }
        if (!value.isString()) {
            fail(key, "must be a string");
            return QString();
        }
        return value.toString();
    }

    std::optional<qint64> integer(const char *key, qint64 min, qint64 max, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (isAbsent(value)) {
            if (required)
                fail(key, "is missing");
            return std::nullopt;
        }
        const double number = value.toDouble(std::nan(""));
        if (!value.isDouble() || std::floor(number) != number || number < double(min) ||
            number > double(max)) {
            fail(key, QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
            return std::nullopt;
        }
        return qint64(number);
    }

    bool boolean(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (isAbsent(value))
            return false;
        if (!value.isBool()) {
            fail(key, "must be true or false");
            return false;
        }
        return value.toBool();
    }

    QJsonArray array(const char *key, bool required = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (isAbsent(value)) {
            if (required)
                fail(key, "is missing");
            return QJsonArray();
        }
        if (!value.isArray()) {
            fail(key, "must be a list");
            return QJsonArray();
        }
        return value.toArray();
    }

    QJsonObject object(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (isAbsent(value))
            return QJsonObject();
        if (!value.isObject()) {
            fail(key, "must be an object");
            return QJsonObject();
        }
        return value.toObject();
    }

    QString ref()
    {
        const QString value = string("ref");
        if (Validation::utf8Size(value) > MaxRefBytes)
            fail("ref", QStringLiteral("must be at most %1 bytes").arg(MaxRefBytes));
        else if (!Validation::isWellFormed(value))
            fail("ref", "must be valid Unicode text (it has a lone surrogate)");
        return value;
    }

    QJsonValue any(const char *key) const { return m_object.value(QLatin1String(key)); }

    void fail(const char *key, const QString &problem)
    {
        if (error.isEmpty())
            error = u"\"" + QLatin1String(key) + u"\" " + problem;
    }
    void fail(const char *key, const char *problem) { fail(key, QString::fromLatin1(problem)); }

    QString error;

private:
    static bool isAbsent(const QJsonValue &value) { return value.isUndefined() || value.isNull(); }

    const QJsonObject &m_object;
};

struct ParsedFrame
{
    QJsonObject object;
    MessageType type = MessageType::Unknown;
    QString typeName;
};

// UTF-8, JSON, object, "type": the checks every frame goes through.
std::optional<ParsedFrame> parseFrame(const QByteArray &frame, DecodeError &error)
{
    if (!Utf8::isValid(frame)) {
        error.kind = DecodeError::Kind::InvalidUtf8;
        error.message = QStringLiteral("the frame is not valid UTF-8");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error.kind = DecodeError::Kind::InvalidJson;
        error.message = QStringLiteral("the frame is not valid JSON (%1 at byte %2)")
                                .arg(parseError.errorString())
                                .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        error.kind = DecodeError::Kind::NotAnObject;
        error.message = QStringLiteral("a frame must be one JSON object");
        return std::nullopt;
    }
    ParsedFrame parsed;
    parsed.object = document.object();
    const QJsonValue ref = parsed.object.value(QLatin1String("ref"));
    if (ref.isString() && Validation::utf8Size(ref.toString()) <= MaxRefBytes &&
        Validation::isWellFormed(ref.toString()))
        error.ref = ref.toString(); // so that a refusal can name the frame it refuses
    const QJsonValue type = parsed.object.value(QLatin1String("type"));
    if (!type.isString()) {
        error.kind = DecodeError::Kind::MissingType;
        error.message = type.isUndefined() ? QStringLiteral("the frame has no \"type\"")
                                           : QStringLiteral("\"type\" must be a string");
        return std::nullopt;
    }
    parsed.typeName = type.toString();
    const QByteArray latin1 = parsed.typeName.toLatin1();
    parsed.type = typeFromName(QLatin1String(latin1));
    if (parsed.type == MessageType::Unknown) {
        error.kind = DecodeError::Kind::UnknownType;
        error.message = u"unknown message type " + Validation::quoted(parsed.typeName);
        return std::nullopt;
    }
    return parsed;
}

template<typename Message>
Decoded<Message> fieldError(const FieldReader &fields, const ParsedFrame &parsed, DecodeError error)
{
    error.kind = DecodeError::Kind::BadField;
    error.message = parsed.typeName + u": " + fields.error;
    return Decoded<Message>{std::nullopt, error};
}

template<typename Message>
Decoded<Message> wrongDirection(const ParsedFrame &parsed, DecodeError error, const char *sender)
{
    error.kind = DecodeError::Kind::WrongDirection;
    error.message =
            Validation::quoted(parsed.typeName) + u" is only sent by " + QLatin1String(sender);
    return Decoded<Message>{std::nullopt, error};
}

ChatMessage readChatMessage(FieldReader &fields)
{
    ChatMessage message;
    message.id = fields.integer("id", 0, MaxJsonInteger, true).value_or(0);
    message.ts = fields.integer("ts", 0, MaxJsonInteger).value_or(0);
    message.from = fields.string("from", true);
    message.text = fields.string("text", true);
    message.action = fields.boolean("action");
    message.to = fields.string("to");
    message.ref = fields.ref();
    message.room = fields.string("room");
    return message;
}

QStringList readStrings(FieldReader &fields, const char *key)
{
    QStringList strings;
    const QJsonArray list = fields.array(key);
    strings.reserve(list.size());
    for (const QJsonValue &entry : list) {
        if (!entry.isString()) {
            fields.fail(key, "must be a list of strings");
            break;
        }
        strings.append(entry.toString());
    }
    return strings;
}

QList<RoomInfo> readRooms(FieldReader &fields)
{
    QList<RoomInfo> rooms;
    const QJsonArray list = fields.array("rooms", true);
    rooms.reserve(list.size());
    for (const QJsonValue &entry : list) {
        if (!entry.isObject()) {
            fields.fail("rooms", "must be a list of objects");
            break;
        }
        const QJsonObject object = entry.toObject();
        FieldReader item(object);
        RoomInfo info;
        info.room = item.string("room", true);
        info.topic = item.string("topic");
        info.members = int(item.integer("members", 0, INT_MAX).value_or(0));
        if (item.failed()) {
            fields.fail("rooms", item.error);
            break;
        }
        rooms.append(info);
    }
    return rooms;
}

QList<UserInfo> readUsers(FieldReader &fields)
{
    QList<UserInfo> users;
    const QJsonArray list = fields.array("users", true);
    users.reserve(list.size());
    for (const QJsonValue &entry : list) {
        if (!entry.isObject()) {
            fields.fail("users", "must be a list of objects");
            break;
        }
        const QJsonObject object = entry.toObject();
        FieldReader user(object);
        UserInfo info;
        info.nick = user.string("nick", true);
        info.since = user.integer("since", 0, MaxJsonInteger).value_or(0);
        if (user.failed()) {
            fields.fail("users", user.error);
            break;
        }
        users.append(info);
    }
    return users;
}

// A message as a JSON object on its own ({...}, no type), for history frames.
QByteArray chatMessageObject(const ChatMessage &message);

void writeChatMessage(JsonWriter &writer, const ChatMessage &message)
{
    writer.addInteger("id", message.id).addInteger("ts", message.ts);
    writer.addString("from", message.from).addString("text", message.text);
    if (message.action)
        writer.addBool("action", true);
    if (!message.to.isEmpty())
        writer.addString("to", message.to);
    if (!message.ref.isEmpty())
        writer.addString("ref", message.ref);
    if (!message.room.isEmpty())
        writer.addString("room", message.room);
}

JsonWriter &addRoom(JsonWriter &writer, const QString &room)
{
    if (!room.isEmpty())
        writer.addString("room", room);
    return writer;
}

void addStrings(JsonWriter &writer, const char *key, const QStringList &strings)
{
    QByteArray list = "[";
    for (const QString &string : strings) {
        if (list.size() > 1)
            list += ',';
        JsonWriter::appendString(list, string);
    }
    list += ']';
    writer.addRawJson(key, list);
}

QByteArray chatMessageObject(const ChatMessage &message)
{
    JsonWriter writer;
    writeChatMessage(writer, message);
    return writer.takeObject();
}

JsonWriter frameOf(MessageType type)
{
    JsonWriter writer;
    writer.addString("type", typeName(type));
    return writer;
}

} // namespace

ErrorCode DecodeError::code() const
{
    switch (kind) {
    case Kind::UnknownType:
    case Kind::WrongDirection:
        return ErrorCode::UnknownType;
    case Kind::InvalidUtf8:
    case Kind::InvalidJson:
    case Kind::NotAnObject:
    case Kind::MissingType:
    case Kind::BadField:
        return ErrorCode::BadFrame;
    }
    return ErrorCode::BadFrame;
}

Decoded<ClientMessage> Codec::decodeClientFrame(const QByteArray &frame)
{
    using Result = Decoded<ClientMessage>;
    DecodeError error;
    const std::optional<ParsedFrame> parsed = parseFrame(frame, error);
    if (!parsed)
        return Result{std::nullopt, error};
    FieldReader fields(parsed->object);
    ClientMessage message;
    switch (parsed->type) {
    case MessageType::Hello: {
        Hello hello;
        hello.protocol =
                fields.integer("protocol", -MaxJsonInteger, MaxJsonInteger).value_or(Version);
        hello.nick = fields.string("nick");
        hello.client = fields.string("client");
        hello.password = fields.string("password");
        hello.since = fields.integer("since", 0, MaxJsonInteger);
        hello.rooms = readStrings(fields, "rooms");
        message = hello;
        break;
    }
    case MessageType::Say: {
        Say say;
        say.text = fields.string("text");
        say.ref = fields.ref();
        say.action = fields.boolean("action");
        say.room = fields.string("room");
        message = say;
        break;
    }
    case MessageType::Whisper: {
        Whisper whisper;
        whisper.to = fields.string("to");
        whisper.text = fields.string("text");
        whisper.ref = fields.ref();
        whisper.action = fields.boolean("action");
        message = whisper;
        break;
    }
    case MessageType::Nick:
        message = Nick{fields.string("nick")};
        break;
    case MessageType::Who:
        message = Who{fields.string("room")};
        break;
    case MessageType::History: {
        HistoryRequest request;
        request.before = fields.integer("before", 0, MaxJsonInteger);
        request.limit =
                int(fields.integer("limit", 1, MaxHistoryPage).value_or(DefaultHistoryPage));
        request.room = fields.string("room");
        message = request;
        break;
    }
    case MessageType::Ping:
        message = Ping{fields.any("token")};
        break;
    case MessageType::Pong:
        message = Pong{fields.any("token")};
        break;
    case MessageType::Bye:
        message = Bye{fields.string("reason")};
        break;
    case MessageType::Join: {
        Join join;
        join.room = fields.string("room", true);
        join.create = fields.boolean("create");
        message = join;
        break;
    }
    case MessageType::Part:
        message = Part{fields.string("room", true), fields.string("reason")};
        break;
    case MessageType::Rooms:
        message = RoomsRequest{};
        break;
    case MessageType::Topic:
        message = SetTopic{fields.string("room", true), fields.string("text")};
        break;
    case MessageType::Welcome:
    case MessageType::Message:
    case MessageType::Joined:
    case MessageType::Left:
    case MessageType::Renamed:
    case MessageType::Users:
    case MessageType::Notice:
    case MessageType::Presence:
    case MessageType::Error:
        return wrongDirection<ClientMessage>(*parsed, error, "servers");
    case MessageType::Unknown:
        Q_UNREACHABLE();
    }
    if (fields.failed())
        return fieldError<ClientMessage>(fields, *parsed, error);
    return Result{std::move(message), error};
}

Decoded<ServerMessage> Codec::decodeServerFrame(const QByteArray &frame)
{
    using Result = Decoded<ServerMessage>;
    DecodeError error;
    const std::optional<ParsedFrame> parsed = parseFrame(frame, error);
    if (!parsed)
        return Result{std::nullopt, error};
    FieldReader fields(parsed->object);
    ServerMessage message;
    switch (parsed->type) {
    case MessageType::Welcome: {
        Welcome welcome;
        welcome.protocol = int(fields.integer("protocol", 0, INT_MAX, true).value_or(0));
        welcome.server = fields.string("server");
        welcome.nick = fields.string("nick", true);
        welcome.motd = fields.string("motd");
        // Left out when the room's list comes in users frames after the welcome.
        welcome.usersIncluded = !fields.any("users").isUndefined();
        if (welcome.usersIncluded)
            welcome.users = readUsers(fields);
        const QJsonObject limitsObject = fields.object("limits");
        FieldReader limits(limitsObject);
        welcome.limits.maxFrame = limits.integer("max_frame", 0, MaxJsonInteger).value_or(0);
        welcome.limits.maxText = limits.integer("max_text", 0, MaxJsonInteger).value_or(0);
        const QJsonValue rate = limitsObject.value(QLatin1String("rate"));
        welcome.limits.rate = rate.isDouble() && rate.toDouble() >= 0 ? rate.toDouble() : 0;
        welcome.limits.burst = int(limits.integer("burst", 0, INT_MAX).value_or(0));
        if (limits.failed())
            fields.fail("limits", limits.error);
        welcome.lastId = fields.integer("last_id", 0, MaxJsonInteger).value_or(0);
        welcome.room = fields.string("room");
        welcome.rooms = readStrings(fields, "rooms");
        message = welcome;
        break;
    }
    case MessageType::Message:
        message = readChatMessage(fields);
        break;
    case MessageType::Joined:
        message =
                Joined{fields.string("nick", true),
                       fields.integer("ts", 0, MaxJsonInteger).value_or(0), fields.string("room")};
        break;
    case MessageType::Left: {
        Left left;
        left.nick = fields.string("nick", true);
        left.ts = fields.integer("ts", 0, MaxJsonInteger).value_or(0);
        left.reason = fields.string("reason");
        left.room = fields.string("room");
        message = left;
        break;
    }
    case MessageType::Renamed: {
        Renamed renamed;
        renamed.from = fields.string("from", true);
        renamed.to = fields.string("to", true);
        renamed.ts = fields.integer("ts", 0, MaxJsonInteger).value_or(0);
        message = renamed;
        break;
    }
    case MessageType::Users: {
        Users users;
        users.users = readUsers(fields);
        const QJsonValue complete = parsed->object.value(QLatin1String("complete"));
        users.complete = complete.isBool() ? complete.toBool() : true;
        users.room = fields.string("room");
        message = users;
        break;
    }
    case MessageType::Presence: {
        Presence presence;
        presence.joined = int(fields.integer("joined", 0, INT_MAX).value_or(0));
        presence.left = int(fields.integer("left", 0, INT_MAX).value_or(0));
        presence.users = int(fields.integer("users", 0, INT_MAX).value_or(0));
        presence.ts = fields.integer("ts", 0, MaxJsonInteger).value_or(0);
        presence.room = fields.string("room");
        message = presence;
        break;
    }
    case MessageType::Notice:
        message =
                Notice{fields.string("text", true),
                       fields.integer("ts", 0, MaxJsonInteger).value_or(0), fields.string("room")};
        break;
    case MessageType::History: {
        HistoryPage page;
        const QJsonArray list = fields.array("messages", true);
        page.messages.reserve(list.size());
        for (const QJsonValue &entry : list) {
            if (!entry.isObject()) {
                fields.fail("messages", "must be a list of objects");
                break;
            }
            const QJsonObject object = entry.toObject();
            FieldReader item(object);
            page.messages.append(readChatMessage(item));
            if (item.failed()) {
                fields.fail("messages", item.error);
                break;
            }
        }
        const QJsonValue complete = parsed->object.value(QLatin1String("complete"));
        page.complete = complete.isBool() ? complete.toBool() : true;
        page.room = fields.string("room");
        message = page;
        break;
    }
    case MessageType::Ping:
        message = Ping{fields.any("token")};
        break;
    case MessageType::Pong:
        message = Pong{fields.any("token")};
        break;
    case MessageType::Error: {
        Error err;
        err.codeName = fields.string("code", true);
        const QByteArray latin1 = err.codeName.toLatin1();
        err.code = errorCodeFromName(QLatin1String(latin1));
        err.message = fields.string("message");
        err.ref = fields.ref();
        err.reason = fields.string("reason");
        message = err;
        break;
    }
    case MessageType::Topic: {
        Topic topic;
        topic.room = fields.string("room", true);
        topic.text = fields.string("text");
        topic.by = fields.string("by");
        topic.ts = fields.integer("ts", 0, MaxJsonInteger).value_or(0);
        message = topic;
        break;
    }
    case MessageType::Rooms:
        message = RoomList{readRooms(fields)};
        break;
    case MessageType::Hello:
    case MessageType::Say:
    case MessageType::Whisper:
    case MessageType::Nick:
    case MessageType::Who:
    case MessageType::Bye:
    case MessageType::Join:
    case MessageType::Part:
        return wrongDirection<ServerMessage>(*parsed, error, "clients");
    case MessageType::Unknown:
        Q_UNREACHABLE();
    }
    if (fields.failed())
        return fieldError<ServerMessage>(fields, *parsed, error);
    return Result{std::move(message), error};
}

QByteArray Codec::encode(const Hello &message)
{
    JsonWriter writer = frameOf(MessageType::Hello);
    writer.addInteger("protocol", message.protocol).addString("nick", message.nick);
    if (!message.client.isEmpty())
        writer.addString("client", message.client);
    if (!message.password.isEmpty())
        writer.addString("password", message.password);
    if (message.since)
        writer.addInteger("since", *message.since);
    if (!message.rooms.isEmpty())
        addStrings(writer, "rooms", message.rooms);
    return writer.takeFrame();
}

QByteArray Codec::encode(const Say &message)
{
    JsonWriter writer = frameOf(MessageType::Say);
    writer.addString("text", message.text);
    if (!message.ref.isEmpty())
        writer.addString("ref", message.ref);
    if (message.action)
        writer.addBool("action", true);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const Whisper &message)
{
    JsonWriter writer = frameOf(MessageType::Whisper);
    writer.addString("to", message.to).addString("text", message.text);
    if (!message.ref.isEmpty())
        writer.addString("ref", message.ref);
    if (message.action)
        writer.addBool("action", true);
    return writer.takeFrame();
}

QByteArray Codec::encode(const Nick &message)
{
    return frameOf(MessageType::Nick).addString("nick", message.nick).takeFrame();
}

QByteArray Codec::encode(const Who &message)
{
    JsonWriter writer = frameOf(MessageType::Who);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const HistoryRequest &message)
{
    JsonWriter writer = frameOf(MessageType::History);
    if (message.before)
        writer.addInteger("before", *message.before);
    writer.addInteger("limit", message.limit);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const Ping &message)
{
    return frameOf(MessageType::Ping).addValue("token", message.token).takeFrame();
}

QByteArray Codec::encode(const Pong &message)
{
    return frameOf(MessageType::Pong).addValue("token", message.token).takeFrame();
}

QByteArray Codec::encode(const Bye &message)
{
    JsonWriter writer = frameOf(MessageType::Bye);
    if (!message.reason.isEmpty())
        writer.addString("reason", message.reason);
    return writer.takeFrame();
}

QByteArray Codec::encode(const Join &message)
{
    JsonWriter writer = frameOf(MessageType::Join);
    writer.addString("room", message.room);
    if (message.create)
        writer.addBool("create", true);
    return writer.takeFrame();
}

QByteArray Codec::encode(const Part &message)
{
    JsonWriter writer = frameOf(MessageType::Part);
    writer.addString("room", message.room);
    if (!message.reason.isEmpty())
        writer.addString("reason", message.reason);
    return writer.takeFrame();
}

QByteArray Codec::encode(const RoomsRequest &)
{
    return frameOf(MessageType::Rooms).takeFrame();
}

QByteArray Codec::encode(const SetTopic &message)
{
    return frameOf(MessageType::Topic)
            .addString("room", message.room)
            .addString("text", message.text)
            .takeFrame();
}

QByteArray Codec::encode(const Topic &message)
{
    return frameOf(MessageType::Topic)
            .addString("room", message.room)
            .addString("text", message.text)
            .addString("by", message.by)
            .addInteger("ts", message.ts)
            .takeFrame();
}

QByteArray Codec::encode(const RoomList &message)
{
    QByteArray list = "[";
    for (const RoomInfo &room : message.rooms) {
        if (list.size() > 1)
            list += ',';
        list += JsonWriter()
                        .addString("room", room.room)
                        .addString("topic", room.topic)
                        .addInteger("members", room.members)
                        .takeObject();
    }
    list += ']';
    return frameOf(MessageType::Rooms).addRawJson("rooms", list).takeFrame();
}

QByteArray Codec::encodeUser(const UserInfo &user)
{
    return JsonWriter().addString("nick", user.nick).addInteger("since", user.since).takeObject();
}

QByteArray Codec::encodeUserList(const QList<UserInfo> &users)
{
    QByteArray list = "[";
    for (const UserInfo &user : users) {
        if (list.size() > 1)
            list += ',';
        list += encodeUser(user);
    }
    list += ']';
    return list;
}

QByteArray Codec::encode(const Welcome &message)
{
    return encode(message, message.usersIncluded ? encodeUserList(message.users) : QByteArray());
}

QByteArray Codec::encode(const Welcome &message, const QByteArray &encodedUsers)
{
    JsonWriter writer = frameOf(MessageType::Welcome);
    writer.addInteger("protocol", message.protocol)
            .addString("server", message.server)
            .addString("nick", message.nick)
            .addString("motd", message.motd);
    if (!encodedUsers.isEmpty())
        writer.addRawJson("users", encodedUsers);
    writer.beginObject("limits")
            .addInteger("max_frame", message.limits.maxFrame)
            .addInteger("max_text", message.limits.maxText)
            .addNumber("rate", message.limits.rate)
            .addInteger("burst", message.limits.burst)
            .endObject();
    writer.addInteger("last_id", message.lastId);
    addRoom(writer, message.room);
    if (!message.room.isEmpty())
        addStrings(writer, "rooms", message.rooms);
    return writer.takeFrame();
}

QByteArray Codec::encode(const ChatMessage &message)
{
    JsonWriter writer = frameOf(MessageType::Message);
    writeChatMessage(writer, message);
    return writer.takeFrame();
}

QByteArray Codec::encode(const Joined &message)
{
    JsonWriter writer = frameOf(MessageType::Joined);
    writer.addString("nick", message.nick).addInteger("ts", message.ts);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const Left &message)
{
    JsonWriter writer = frameOf(MessageType::Left);
    writer.addString("nick", message.nick).addInteger("ts", message.ts);
    if (!message.reason.isEmpty())
        writer.addString("reason", message.reason);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const Renamed &message)
{
    return frameOf(MessageType::Renamed)
            .addString("from", message.from)
            .addString("to", message.to)
            .addInteger("ts", message.ts)
            .takeFrame();
}

QByteArray Codec::encode(const Users &message)
{
    return encodeUsers(encodeUserList(message.users), message.complete, message.room);
}

QByteArray Codec::encodeUsers(const QByteArray &encodedUsers, bool complete, const QString &room)
{
    JsonWriter writer = frameOf(MessageType::Users);
    writer.addRawJson("users", encodedUsers);
    if (!complete)
        writer.addBool("complete", false);
    return addRoom(writer, room).takeFrame();
}

QByteArray Codec::encode(const Presence &message)
{
    JsonWriter writer = frameOf(MessageType::Presence);
    writer.addInteger("joined", message.joined)
            .addInteger("left", message.left)
            .addInteger("users", message.users)
            .addInteger("ts", message.ts);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const Notice &message)
{
    JsonWriter writer = frameOf(MessageType::Notice);
    writer.addString("text", message.text).addInteger("ts", message.ts);
    return addRoom(writer, message.room).takeFrame();
}

QByteArray Codec::encode(const HistoryPage &message)
{
    return encodeHistory(message, 0);
}

QByteArray Codec::encodeHistory(const HistoryPage &page, qsizetype maxFrameBytes)
{
    static const QByteArray head = R"({"type":"history","messages":[)";
    static const QByteArray completeTail = R"(],"complete":true)";
    static const QByteArray incompleteTail = R"(],"complete":false)";
    QByteArray roomTail;
    if (!page.room.isEmpty()) {
        roomTail = R"(,"room":)";
        JsonWriter::appendString(roomTail, page.room);
    }
    // Newest first, each message encoded once, until the frame is full.
    QList<QByteArray> objects;
    qsizetype size = head.size() + incompleteTail.size() + roomTail.size() + 2;
    bool complete = page.complete;
    for (auto it = page.messages.crbegin(); it != page.messages.crend(); ++it) {
        QByteArray object = chatMessageObject(*it);
        const qsizetype cost = object.size() + (objects.isEmpty() ? 0 : 1);
        if (maxFrameBytes > 0 && !objects.isEmpty() && size + cost > maxFrameBytes) {
            complete = false;
            break;
        }
        size += cost;
        objects.append(std::move(object));
    }
    QByteArray frame;
    frame.reserve(size);
    frame.append(head);
    for (auto it = objects.crbegin(); it != objects.crend(); ++it) {
        if (it != objects.crbegin())
            frame.append(',');
        frame.append(*it);
    }
    frame.append(complete ? completeTail : incompleteTail);
    frame.append(roomTail);
    frame.append("}\n");
    return frame;
}

QByteArray Codec::encode(const Error &message)
{
    JsonWriter writer = frameOf(MessageType::Error);
    if (message.code != ErrorCode::Unknown || message.codeName.isEmpty())
        writer.addString("code", errorCodeName(message.code));
    else
        writer.addString("code", message.codeName);
    writer.addString("message", message.message);
    if (!message.ref.isEmpty())
        writer.addString("ref", message.ref);
    if (!message.reason.isEmpty())
        writer.addString("reason", message.reason);
    return writer.takeFrame();
}

QByteArray Codec::encode(const ClientMessage &message)
{
    return std::visit([](const auto &m) { return encode(m); }, message);
}

QByteArray Codec::encode(const ServerMessage &message)
{
    return std::visit([](const auto &m) { return encode(m); }, message);
}

QByteArray Codec::encodeError(ErrorCode code, const QString &message, const QString &ref)
{
    return encode(Error{code, QString(), message, ref, QString()});
}
