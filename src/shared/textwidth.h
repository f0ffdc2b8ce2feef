#pragma once

#include <QString>
#include <QStringView>

// How wide text is on a terminal, in columns: Chinese, Japanese and Korean
// characters (and other East Asian wide and fullwidth ones) take two,
// combining marks and joiners none, everything else one. What lines up
// columns of nicknames in a console.
class TextWidth
{
public:
    static int columns(QStringView text);
    // text followed by spaces up to width columns (as it is when wider).
    static QString padded(const QString &text, int width);
};
