#include "jsondialect.h"

#include "codec.h"
#include "overloaded.h"

using namespace Protocol;

JsonDialect::JsonDialect(qsizetype maxFrameBytes)
    : m_maxFrameBytes(maxFrameBytes)
{}

const QByteArray &JsonDialect::encodedChunk(const RosterChunk &chunk, ChunkForm form,
                                            const QString &room) const
{
    // A piece belongs to one room's list, so the room's name is the same in
    // every form of it that is kept.
    return chunk.encoded(encodingKey() * 4 + int(form), [&chunk, form, &room] {
        const QByteArray list = Codec::encodeUserList(chunk.users());
        switch (form) {
        case ChunkForm::List:
            return list;
        case ChunkForm::LastFrame:
            return Codec::encodeUsers(list, true, room);
        case ChunkForm::FrameWithMore:
            return Codec::encodeUsers(list, false, room);
        }
        return QByteArray();
    });
}

void JsonDialect::appendListing(EncodedBytes &bytes, const UserListing &listing) const
{
    if (listing.chunks.isEmpty()) {
        Users none;
        none.room = listing.room;
        bytes.append(Codec::encode(none));
        return;
    }
    for (qsizetype i = 0; i < listing.chunks.size(); ++i) {
        const bool last = i + 1 == listing.chunks.size();
        bytes.append(encodedChunk(*listing.chunks.at(i),
                                  last ? ChunkForm::LastFrame : ChunkForm::FrameWithMore,
                                  listing.room));
    }
}

EncodedBytes JsonDialect::encode(const ServerEvent &event) const
{
    EncodedBytes bytes;
    std::visit(
            Overloaded{
                    [&](const WelcomeEvent &welcome) {
                        // The list inside the welcome when it is one piece; in users
                        // frames after it otherwise (the welcome then has none).
                        if (welcome.users.chunks.size() <= 1) {
                            bytes.append(Codec::encode(
                                    welcome.welcome,
                                    welcome.users.chunks.isEmpty()
                                            ? QByteArray("[]")
                                            : encodedChunk(*welcome.users.chunks.first(),
                                                           ChunkForm::List, QString())));
                        } else {
                            bytes.append(Codec::encode(welcome.welcome, QByteArray()));
                            appendListing(bytes, welcome.users);
                        }
                    },
                    [&](const UserListing &listing) { appendListing(bytes, listing); },
                    [&](const OwnMessage &own) { bytes.append(Codec::encode(own.message)); },
                    [&](const HistoryPage &page) {
                        bytes.append(Codec::encodeHistory(page, m_maxFrameBytes));
                    },
                    [&](const Goodbye &) {}, // closed without a word
                    [&](const TopicOnJoin &joined) { bytes.append(Codec::encode(joined.topic)); },
                    [&](const auto &message) { bytes.append(Codec::encode(message)); },
            },
            event);
    return bytes;
}

DialectInput JsonDialect::decode(const QByteArray &frame, bool registered, const QString &nick)
{
    DialectInput input;
    const Decoded<ClientMessage> decoded = Codec::decodeClientFrame(frame);
    if (!decoded.ok()) {
        input.reply =
                Codec::encodeError(decoded.error.code(), decoded.error.message, decoded.error.ref);
        return input;
    }
    const ClientMessage &message = *decoded.message;
    const bool hello = std::holds_alternative<Hello>(message);
    if (!registered && !hello) {
        input.reply = Codec::encodeError(ErrorCode::NotRegistered,
                                         QStringLiteral("send a hello first: "
                                                        "{\"type\":\"hello\",\"protocol\":1,"
                                                        "\"nick\":\"yourname\"}"));
        return input;
    }
    if (registered && hello) {
        input.reply =
                Codec::encodeError(ErrorCode::BadFrame, u"you are already in the room as " + nick);
        return input;
    }
    if (const auto *ping = std::get_if<Ping>(&message)) {
        input.reply = Codec::encode(Pong{ping->token});
        return input;
    }
    if (std::holds_alternative<Pong>(message))
        return input; // any input counts as a sign of life
    input.requests.append(message);
    return input;
}
