#include "chatinput.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>
#include <QUrl>

namespace {

constexpr int MaxHistory = 100;

} // namespace

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(false);
    // About three lines high; it scrolls for more.
    setMaximumHeight(fontMetrics().lineSpacing() * 3 + 2 * frameWidth() + 12);
}

void ChatInput::submit()
{
    const QString text = toPlainText();
    if (text.trimmed().isEmpty())
        return;
    if (m_submit && !m_submit(text))
        return; // refused: it stays to be mended
    if (m_history.isEmpty() || m_history.last() != text)
        m_history.append(text);
    if (m_history.size() > MaxHistory)
        m_history.removeFirst();
    m_historyIndex = int(m_history.size());
    m_draft.clear();
    clear();
}

QString ChatInput::plainTextOf(const QMimeData *source)
{
    // Qt 6.4 under X11 hands over no data at all when nothing owns the
    // clipboard: every use of source is guarded.
    if (!source)
        return QString();
    if (source->hasUrls()) {
        QStringList places;
        const QList<QUrl> urls = source->urls();
        for (const QUrl &url : urls)
            places.append(url.isLocalFile() ? url.toLocalFile() : url.toString());
        places.removeAll(QString());
        if (!places.isEmpty())
            return places.join(u' ');
    }
    if (source->hasText())
        return source->text();
    return QString();
}

bool ChatInput::canInsertFromMimeData(const QMimeData *source) const
{
    return !plainTextOf(source).isEmpty();
}

void ChatInput::insertFromMimeData(const QMimeData *source)
{
    const QString text = plainTextOf(source);
    if (text.isEmpty()) {
        Q_EMIT nothingToInsert();
        return;
    }
    // As plain text: formatting, images and tables in rich text stay out.
    textCursor().insertText(text);
    ensureCursorVisible();
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    if (event->key() != Qt::Key_Tab)
        m_completionStart = -1;
    const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (shift) {
            textCursor().insertText(QStringLiteral("\n"));
            return;
        }
        submit();
        return;
    case Qt::Key_Up:
        if (textCursor().block() == document()->firstBlock()) {
            recall(-1);
            return;
        }
        break;
    case Qt::Key_Down:
        if (textCursor().block() == document()->lastBlock()) {
            recall(+1);
            return;
        }
        break;
    case Qt::Key_Tab:
        if (event->modifiers() == Qt::NoModifier) {
            complete();
            return;
        }
        break;
    default:
        break;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void ChatInput::recall(int step)
{
    const int target = m_historyIndex + step;
    if (target < 0 || target > m_history.size())
        return;
    if (m_historyIndex == m_history.size())
        m_draft = toPlainText();
    m_historyIndex = target;
    setPlainText(target == m_history.size() ? m_draft : m_history.at(target));
    moveCursor(QTextCursor::End);
}

void ChatInput::complete()
{
    if (!m_completer)
        return;
    QTextCursor cursor = textCursor();
    const QString text = toPlainText();
    if (m_completionStart < 0) {
        // The word before the cursor.
        int start = cursor.position();
        while (start > 0 && !text.at(start - 1).isSpace())
            --start;
        m_completionPrefix = text.mid(start, cursor.position() - start);
        if (m_completionPrefix.isEmpty())
            return;
        m_completionStart = start;
        m_completionIndex = 0;
    } else {
        ++m_completionIndex;
    }
    const QStringList matches = m_completer(m_completionPrefix);
    if (matches.isEmpty()) {
        m_completionStart = -1;
        return;
    }
    const QString nick = matches.at(m_completionIndex % matches.size());
    // At the start of the line a nickname is an address ("bob: "); elsewhere a word.
    const QString completed =
            nick + (m_completionStart == 0 ? QStringLiteral(": ") : QStringLiteral(" "));
    cursor.setPosition(m_completionStart);
    cursor.setPosition(textCursor().position(), QTextCursor::KeepAnchor);
    cursor.insertText(completed);
    setTextCursor(cursor);
}
