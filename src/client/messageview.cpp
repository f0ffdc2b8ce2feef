#include "messageview.h"

#include "messagemodel.h"

#include <QAbstractTextDocumentLayout>
#include <QDateTime>
#include <QRegularExpression>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimer>

#include <algorithm>

namespace {

// Links in text already escaped for HTML.
const QRegularExpression &linkPattern()
{
    static const QRegularExpression pattern(
            QStringLiteral("\\b((?:https?|ftp)://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]'])"));
    return pattern;
}

QString escapedWithLinks(const QString &text)
{
    QString escaped = text.toHtmlEscaped();
    escaped.replace(linkPattern(), QStringLiteral("<a href=\"\\1\">\\1</a>"));
    escaped.replace(u'\n', QLatin1String("<br>"));
    return escaped;
}

} // namespace

MessageView::MessageView(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenExternalLinks(true);
    setReadOnly(true);
    document()->setDocumentMargin(6);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        // Only the reader's scrolling asks; the view's own redrawing does not.
        if (!m_adjusting && value == verticalScrollBar()->minimum() &&
            verticalScrollBar()->maximum() > 0)
            Q_EMIT olderMessagesWanted();
    });
}

QColor MessageView::nickColor(const QString &nick)
{
    // FNV-1a over the nickname's lower case: stable across runs and machines.
    quint32 hash = 2166136261u;
    const QByteArray bytes = nick.toCaseFolded().toUtf8();
    for (const char byte : bytes) {
        hash ^= quint8(byte);
        hash *= 16777619u;
    }
    return QColor::fromHsl(int(hash % 360), 170, 85); // dark enough to read on white
}

void MessageView::setModel(MessageModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    if (model) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &MessageView::onRowsInserted);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &MessageView::onRowsRemoved);
        connect(model, &QAbstractItemModel::dataChanged, this, &MessageView::onDataChanged);
        connect(model, &QAbstractItemModel::modelReset, this, &MessageView::scheduleRebuild);
    }
    rebuild();
}

void MessageView::scrollToNewest()
{
    // Laid out to the end first (a long document is laid out bit by bit), so
    // that the scroll bar knows where the end is now.
    document()->documentLayout()->blockBoundingRect(document()->lastBlock());
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void MessageView::resizeEvent(QResizeEvent *event)
{
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    QAbstractTextDocumentLayout *layout = document()->documentLayout();
    // The message at the top, and how far into it (as a share of its height,
    // which changes with the width).
    const QTextBlock top = cursorForPosition(QPoint(0, 0)).block();
    const int topRow = top.blockNumber();
    const QRectF topRect = layout->blockBoundingRect(top);
    const qreal intoTop =
            topRect.height() > 0 ? (bar->value() - topRect.top()) / topRect.height() : 0;
    QTextBrowser::resizeEvent(event);
    const QScopedValueRollback<bool> adjusting(m_adjusting, true);
    if (atBottom) {
        scrollToNewest();
    } else {
        const QRectF rect = layout->blockBoundingRect(document()->findBlockByNumber(topRow));
        bar->setValue(qRound(rect.top() + intoTop * rect.height()));
    }
}

void MessageView::setShowTimestamps(bool show)
{
    m_showTimestamps = show;
    rebuild();
}

void MessageView::onRowsInserted(const QModelIndex &, int first, int last)
{
    if (m_rebuildScheduled || last != m_model->rowCount() - 1) {
        scheduleRebuild(); // not at the end (history): the whole view is redone
        return;
    }
    const QScopedValueRollback<bool> adjusting(m_adjusting, true);
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    for (int row = first; row <= last; ++row)
        append(rowHtml(row));
    if (!inStep())
        scheduleRebuild();
    if (atBottom)
        scrollToNewest();
}

bool MessageView::inStep() const
{
    // One block per row; the empty document still has one block.
    const int rows = m_model ? m_model->rowCount() : 0;
    return document()->blockCount() == std::max(1, rows);
}

void MessageView::onRowsRemoved(const QModelIndex &, int first, int last)
{
    // The oldest rows going (the model's bound): their blocks go, nothing else is redone.
    QTextDocument *doc = document();
    if (m_rebuildScheduled || first != 0 || last + 1 >= doc->blockCount()) {
        scheduleRebuild();
        return;
    }
    const QScopedValueRollback<bool> adjusting(m_adjusting, true);
    QScrollBar *bar = verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    QTextCursor cursor(doc);
    cursor.setPosition(0);
    cursor.setPosition(doc->findBlockByNumber(last + 1).position(), QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    if (!inStep())
        scheduleRebuild();
    bar->setValue(bar->maximum() - fromBottom);
}

void MessageView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    // A row that changed (sent, failed, a join folded in) is rewritten in place.
    if (m_rebuildScheduled || !inStep()) {
        scheduleRebuild();
        return;
    }
    const QScopedValueRollback<bool> adjusting(m_adjusting, true);
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        const QTextBlock block = document()->findBlockByNumber(row);
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        cursor.insertHtml(html(row));
    }
    if (!inStep())
        scheduleRebuild();
    if (atBottom) // a row that grew ("not sent: …") does not push the newest out of sight
        scrollToNewest();
}

void MessageView::scheduleRebuild()
{
    if (m_rebuildScheduled)
        return;
    m_rebuildScheduled = true;
    QTimer::singleShot(0, this, &MessageView::rebuild);
}

void MessageView::rebuild()
{
    const QScopedValueRollback<bool> adjusting(m_adjusting, true);
    m_rebuildScheduled = false;
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    const int fromBottom = bar->maximum() - bar->value();
    QString all;
    const int rows = m_model ? m_model->rowCount() : 0;
    for (int row = 0; row < rows; ++row)
        all += rowHtml(row);
    setHtml(all);
    // Stay at the bottom, or where the reader was (older messages added above).
    if (atBottom)
        scrollToNewest();
    else
        bar->setValue(bar->maximum() - fromBottom);
}

QString MessageView::rowHtml(int row) const
{
    const bool centered = m_model->entry(row).kind == MessageModel::Kind::HistoryDivider;
    return (centered ? u"<p style=\"margin:0\" align=\"center\">" : u"<p style=\"margin:0\">") +
           html(row) + u"</p>";
}

QString MessageView::html(int row) const
{
    const MessageModel::Entry &e = m_model->entry(row);
    QString line;
    if (m_showTimestamps && e.ts > 0) {
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(e.ts);
        const QString format = time.date() == QDate::currentDate()
                                       ? QStringLiteral("HH:mm")
                                       : QStringLiteral("yyyy-MM-dd HH:mm");
        line += u"<span style=\"color:#808080\">" + time.toString(format) + u"</span>&nbsp; ";
    }
    const QString nick = e.nick.toHtmlEscaped();
    const QString colored = u"<span style=\"color:" + nickColor(e.nick).name() +
                            u"; font-weight:bold\">" + nick + u"</span>";
    const QString muted = QStringLiteral("color:#808080");
    switch (e.kind) {
    case MessageModel::Kind::Message:
        line += colored;
        if (!e.to.isEmpty() && e.own)
            line += u" → " + e.to.toHtmlEscaped();
        line += u": " + escapedWithLinks(e.text);
        break;
    case MessageModel::Kind::Action:
        line += u"<i>* " + colored + u' ' + escapedWithLinks(e.text) + u"</i>";
        break;
    case MessageModel::Kind::Join:
    case MessageModel::Kind::Leave:
    case MessageModel::Kind::Rename:
    case MessageModel::Kind::Status:
        line += u"<span style=\"" + muted + u"\">" + escapedWithLinks(e.text);
        if (e.flaps > 0)
            line += u" · " + tr("%1 joins and leaves in a row").arg(e.flaps + 1);
        line += u"</span>";
        break;
    case MessageModel::Kind::Notice:
        line += u"<span style=\"color:#a0522d\"><b>" + tr("Notice:") + u"</b> " +
                escapedWithLinks(e.text) + u"</span>";
        break;
    case MessageModel::Kind::HistoryDivider:
        return u"<span style=\"" + muted + u"\">──── " +
               tr("earlier messages above, new ones below") + u" ────</span>";
    }
    switch (e.delivery) {
    case MessageModel::Delivery::Pending:
        line = u"<span style=\"color:#909090\">" + line + u" <i>(" + tr("sending…") +
               u")</i></span>";
        break;
    case MessageModel::Delivery::Failed:
        line += u" <span style=\"color:#c00000\"><i>(" +
                tr("not sent: %1").arg(e.error.toHtmlEscaped()) + u")</i></span>";
        break;
    default:
        break;
    }
    if (e.mention)
        line = u"<span style=\"background-color:#fff2a8\">" + line + u"</span>";
    return line;
}
