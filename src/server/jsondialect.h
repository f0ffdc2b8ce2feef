#pragma once

#include "dialect.h"

// The qtchat protocol: one JSON object a line (docs/PROTOCOL.md), through
// the shared Codec. Clients say hello first; a frame before the hello, a
// second hello, or one that does not decode is answered with an error.
class JsonDialect : public Dialect
{
public:
    // Frames this dialect sends are at most this large (a long history is
    // cut to fit, a long users list comes in several frames).
    explicit JsonDialect(qsizetype maxFrameBytes = Protocol::MaxFrameBytes);

    Kind kind() const override { return Kind::Json; }
    int encodingKey() const override { return 0; }
    bool hasHandshake() const override { return true; }
    bool readsWhisperHistory() const override { return true; }
    EncodedBytes encode(const ServerEvent &event) const override;
    DialectInput decode(const QByteArray &frame, bool registered, const QString &nick) override;

private:
    // A roster piece as a users frame (or, inside the welcome, the list alone).
    enum class ChunkForm { List, LastFrame, FrameWithMore };
    const QByteArray &encodedChunk(const RosterChunk &chunk, ChunkForm form,
                                   const QString &room) const;
    void appendListing(EncodedBytes &bytes, const UserListing &listing) const;

    qsizetype m_maxFrameBytes;
};
