#pragma once

#include <QByteArrayView>

namespace Utf8 {

// True when the bytes are well-formed UTF-8 (no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequences).
bool isValid(QByteArrayView bytes);

} // namespace Utf8
