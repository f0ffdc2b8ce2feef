#include "textsplitter.h"

#include "validation.h"

#include <QTextBoundaryFinder>

#include <algorithm>

namespace {

// A cut at a line break or a space is taken when the piece is at least this full.
constexpr int PreferredFillPercent = 50;

// Where to cut text[start...] so that the piece has at most maxBytes: the end of
// the last whole character (grapheme) that fits, or of the last code point
// when even one grapheme does not fit.
qsizetype hardEnd(const QString &text, qsizetype start, qsizetype maxBytes,
                  QTextBoundaryFinder &graphemes, qsizetype *lineEnd, qsizetype *spaceEnd)
{
    const qsizetype preferred = maxBytes * PreferredFillPercent / 100;
    qsizetype bytes = 0;
    qsizetype end = start;
    graphemes.setPosition(start);
    for (qsizetype next = graphemes.toNextBoundary(); next > 0; next = graphemes.toNextBoundary()) {
        const qsizetype size = Validation::utf8Size(QStringView(text).mid(end, next - end));
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        end = next;
        if (bytes >= preferred) {
            const QChar last = text.at(end - 1);
            if (last == u'\n')
                *lineEnd = end;
            else if (last.isSpace())
                *spaceEnd = end;
        }
    }
    if (end > start)
        return end;
    // One grapheme larger than a whole message (a pile of combining marks):
    // cut between its code points.
    while (end < text.size()) {
        const qsizetype step = text.at(end).isHighSurrogate() && end + 1 < text.size() ? 2 : 1;
        const qsizetype size = Validation::utf8Size(QStringView(text).mid(end, step));
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        end += step;
    }
    return std::max(end, start + 1);
}

} // namespace

QStringList TextSplitter::split(const QString &text, qsizetype maxBytes)
{
    QStringList pieces;
    if (maxBytes <= 0) {
        const QString whole = text.trimmed();
        if (!whole.isEmpty())
            pieces.append(whole);
        return pieces;
    }
    maxBytes = std::max<qsizetype>(maxBytes, 4); // room for any one code point
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, text);
    qsizetype start = 0;
    while (start < text.size()) {
        qsizetype lineEnd = -1;
        qsizetype spaceEnd = -1;
        qsizetype end = hardEnd(text, start, maxBytes, graphemes, &lineEnd, &spaceEnd);
        if (end < text.size()) {
            if (lineEnd > start)
                end = lineEnd;
            else if (spaceEnd > start)
                end = spaceEnd;
        }
        const QString piece = text.mid(start, end - start).trimmed();
        if (!piece.isEmpty())
            pieces.append(piece);
        start = end;
    }
    return pieces;
}
