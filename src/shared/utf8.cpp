#include "utf8.h"

#include <cstring>

namespace Utf8 {

namespace {

inline bool isContinuation(unsigned char byte)
{
    return (byte & 0xC0) == 0x80;
}

} // namespace

bool isValid(QByteArrayView bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        // Fast path: eight ASCII bytes at a time.
        if (size - i >= 8) {
            quint64 chunk;
            std::memcpy(&chunk, data + i, sizeof chunk);
            if ((chunk & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char lead = data[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        if (lead < 0xC2) // a stray continuation byte, or an overlong two-byte form
            return false;
        if (lead < 0xE0) {
            if (size - i < 2 || !isContinuation(data[i + 1]))
                return false;
            i += 2;
            continue;
        }
        if (lead < 0xF0) {
            if (size - i < 3)
                return false;
            const unsigned char second = data[i + 1];
            const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;  // no overlong forms
            const unsigned char high = lead == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
            if (second < low || second > high || !isContinuation(data[i + 2]))
                return false;
            i += 3;
            continue;
        }
        if (lead < 0xF5) {
            if (size - i < 4)
                return false;
            const unsigned char second = data[i + 1];
            const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;  // no overlong forms
            const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF; // nothing past U+10FFFF
            if (second < low || second > high || !isContinuation(data[i + 2]) ||
                !isContinuation(data[i + 3]))
                return false;
            i += 4;
            continue;
        }
        return false;
    }
    return true;
}

} // namespace Utf8
