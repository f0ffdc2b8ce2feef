#pragma once

#include "messagemodel.h"

#include <QPointer>
#include <QTextBrowser>

class QModelIndex;

// Shows a MessageModel as a conversation: time, nicknames in a color of
// their own, /me actions in italics, joins and leaves muted, links
// clickable, the user's own messages marked while pending or failed, and
// mentions highlighted. Text is always shown as typed (escaped, never read
// as HTML). Scrolling to the top asks for older messages.
class MessageView : public QTextBrowser
{
    Q_OBJECT

public:
    explicit MessageView(QWidget *parent = nullptr);

    void setModel(MessageModel *model);
    MessageModel *model() const { return m_model; }
    void setShowTimestamps(bool show);

    // A color for a nickname, the same every time and on every computer.
    static QColor nickColor(const QString &nick);

Q_SIGNALS:
    void olderMessagesWanted();

protected:
    // Lines wrap anew at another width: the view stays at the newest line
    // when it was there, else at the message it showed at its top.
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleRebuild();
    void scrollToNewest();
    void rebuild();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    // Whether the document has one block per row (otherwise it is redone).
    bool inStep() const;
    QString rowHtml(int row) const; // the row's paragraph
    QString html(int row) const;    // its content

    QPointer<MessageModel> m_model;
    bool m_showTimestamps = true;
    bool m_rebuildScheduled = false;
    bool m_adjusting = false; // the view itself moves the scroll bar
};
