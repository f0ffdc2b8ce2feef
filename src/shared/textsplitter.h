#pragma once

#include <QString>
#include <QStringList>

// Cuts a text too long for one message into pieces that each fit: at most
// maxBytes of UTF-8, cut at a line break where one is near the limit, else
// between words, else between characters — never inside a character (a
// surrogate pair, or a letter and its accents or an emoji sequence). Pieces
// are trimmed and never empty, so each is a message the server takes.
class TextSplitter
{
public:
    static QStringList split(const QString &text, qsizetype maxBytes);
};
