// A plain-text client's input as the server reads it: telnet commands taken
// out, lines framed, each line parsed as a message or a slash command, with
// and without a nickname yet. Never a crash, and every line comes to a
// request or an answer: a line is never silently dropped unless blank.
#include "framereader.h"
#include "plaintextdialect.h"
#include "plaintextformat.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool registered = data[0] & 1;
    PlainTextDialect dialect;
    FrameReader reader(4096);
    QByteArray reply;
    reader.append(dialect.filterInput(
            QByteArray(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1)), &reply));
    QByteArray frame;
    while (reader.next(frame) == FrameReader::Status::Frame) {
        const DialectInput input = dialect.decode(frame, registered, QStringLiteral("alice"));
        if (input.requests.isEmpty() && input.reply.isEmpty() &&
            !QString::fromUtf8(frame).trimmed().isEmpty()) {
            fprintf(stderr, "fuzz_plaintext: a line came to nothing: %s\n", frame.constData());
            std::abort();
        }
        // The parser the desktop client shares, on the same line.
        PlainTextFormat::parseLine(QString::fromUtf8(frame));
    }
    return 0;
}
