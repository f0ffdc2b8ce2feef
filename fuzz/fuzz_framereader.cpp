// The frame reader against a model of it: the input, cut into reads where
// the fuzzer says, gives the frames that splitting the whole at LF gives
// (CR before LF dropped, lines of only spaces, tabs or CRs skipped), none longer than the bound,
// and stops for good at the first line past it.
#include "framereader.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdlib>

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "fuzz_framereader: %s\n", what);
    std::abort();
}

bool blank(const QByteArray &line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first byte chooses the bound (small, to reach it), the second the reads' size.
    const qsizetype bound = 8 + data[0];
    const size_t chunk = 1 + data[1] % 64;
    const QByteArray input(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));

    // The model: complete lines, in order, until one is too long.
    QList<QByteArray> expected;
    bool expectTooLarge = false;
    qsizetype start = 0;
    for (;;) {
        const qsizetype lf = input.indexOf('\n', start);
        const qsizetype end = lf < 0 ? input.size() : lf;
        if (end - start + 1 > bound) { // with its LF
            expectTooLarge = true;
            break;
        }
        if (lf < 0)
            break;
        QByteArray line = input.mid(start, lf - start);
        if (line.endsWith('\r'))
            line.chop(1);
        if (!blank(line))
            expected.append(line);
        start = lf + 1;
    }

    FrameReader reader(bound);
    QList<QByteArray> frames;
    bool tooLarge = false;
    for (size_t at = 2; at < size && !tooLarge; at += chunk) {
        reader.append(QByteArrayView(reinterpret_cast<const char *>(data + at),
                                     qsizetype(std::min(chunk, size - at))));
        QByteArray frame;
        for (;;) {
            const FrameReader::Status status = reader.next(frame);
            if (status == FrameReader::Status::NeedMore)
                break;
            if (status == FrameReader::Status::TooLarge) {
                tooLarge = true;
                break;
            }
            if (frame.size() >= bound || frame.contains('\n'))
                fail("a frame past the bound, or with its line end");
            frames.append(frame);
        }
        if (reader.bufferedBytes() > bound + qsizetype(chunk))
            fail("holds more than one frame's worth of an unfinished line");
    }
    if (tooLarge) {
        QByteArray frame;
        if (reader.next(frame) != FrameReader::Status::TooLarge)
            fail("came back from TooLarge");
    }
    // Past the bound, the bytes of the long line may still be arriving when the
    // input ends: TooLarge is then known only once the bound is reached.
    if (tooLarge != expectTooLarge)
        fail("TooLarge where the model has none, or none where it has");
    if (frames != expected) {
        for (const QByteArray &frame : std::as_const(frames))
            fprintf(stderr, "read:     %s\n", frame.toHex().constData());
        for (const QByteArray &frame : std::as_const(expected))
            fprintf(stderr, "expected: %s\n", frame.toHex().constData());
        fail("frames differ from the model's");
    }
    return 0;
}
