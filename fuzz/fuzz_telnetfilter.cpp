// The telnet filter: what it keeps of a stream does not depend on how the
// stream was cut into reads, it never keeps more than it was given, and
// text without a telnet command (IAC) passes as it is, unanswered.
#include "telnetfilter.h"

#include <QByteArray>

#include <cstdint>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "fuzz_telnetfilter: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const size_t chunk = 1 + data[0] % 16;
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    TelnetFilter whole;
    QByteArray wholeReply;
    const QByteArray kept = whole.filter(input, wholeReply);

    TelnetFilter pieces;
    QByteArray piecesReply;
    QByteArray piecesKept;
    for (qsizetype at = 0; at < input.size(); at += qsizetype(chunk))
        piecesKept += pieces.filter(input.sliced(at, qMin(qsizetype(chunk), input.size() - at)),
                                    piecesReply);
    if (kept != piecesKept || wholeReply != piecesReply)
        fail("the result depends on how the input was cut into reads");
    if (kept.size() > input.size())
        fail("kept more than it was given");
    if (!wholeReply.isEmpty() && !input.contains('\xff'))
        fail("an answer to a stream without a telnet command");
    if (!input.contains('\xff') && kept != input.toByteArray())
        fail("text without a telnet command was changed");
    return 0;
}
