#pragma once

#include <QString>

// "1 message", "2 messages": a count in the English that the server, its
// log and plain-text clients read (the windows say counts through tr()).
QString englishCount(qint64 count, const char *one, const char *many);
