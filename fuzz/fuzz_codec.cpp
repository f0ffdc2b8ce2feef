// The JSON codec on any frame, as the server reads clients' frames and the
// client reads the server's: never a crash, and what it accepts survives a
// round trip (encoded, decoded again, encoded the same), on one line.
#include "codec.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what, const QByteArray &frame)
{
    fprintf(stderr, "fuzz_codec: %s\n%s\n", what, frame.constData());
    std::abort();
}

template<typename Message>
void roundTrip(const Message &message, Decoded<Message> (*decode)(const QByteArray &))
{
    const QByteArray encoded = Codec::encode(message);
    if (!encoded.endsWith('\n') || encoded.count('\n') != 1)
        fail("an encoded frame is not one line", encoded);
    const Decoded<Message> again = decode(encoded.chopped(1));
    if (!again.ok())
        fail("an encoded frame does not decode", encoded);
    if (Codec::encode(*again.message) != encoded)
        fail("a frame encodes differently after a round trip", encoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray frame(reinterpret_cast<const char *>(data), qsizetype(size));
    const Decoded<Protocol::ClientMessage> client = Codec::decodeClientFrame(frame);
    if (client.ok())
        roundTrip(*client.message, &Codec::decodeClientFrame);
    else if (client.error.message.isEmpty())
        fail("a client frame refused without a reason", frame);
    const Decoded<Protocol::ServerMessage> server = Codec::decodeServerFrame(frame);
    if (server.ok())
        roundTrip(*server.message, &Codec::decodeServerFrame);
    else if (server.error.message.isEmpty())
        fail("a server frame refused without a reason", frame);
    return 0;
}
