#pragma once

#include <QPlainTextEdit>
#include <QStringList>

#include <functional>

// The line people type into: Enter sends, Shift+Enter starts a new line,
// Up and Down bring back what was sent before, Tab completes nicknames
// (pressed again, it goes through the others that fit). What is pasted or
// dropped arrives as plain text (rich text loses its formatting, files come
// as their paths); an empty clipboard or a drop of nothing does nothing.
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ChatInput(QWidget *parent = nullptr);

    // Gives the nicknames that start with a prefix.
    void setCompleter(std::function<QStringList(const QString &prefix)> completer)
    {
        m_completer = std::move(completer);
    }
    // What Enter does with the text: true when it was taken (the input is
    // then emptied and the text remembered for Up), false to keep it there.
    void setSubmitHandler(std::function<bool(const QString &text)> handler)
    {
        m_submit = std::move(handler);
    }
    // The plain text a paste or drop of source brings: text as it is, or the
    // paths of files and addresses of links; empty when it brings none.
    static QString plainTextOf(const QMimeData *source);

Q_SIGNALS:
    // Something was pasted or dropped that holds no text (an image, say).
    void nothingToInsert();

public Q_SLOTS:
    void submit();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    void recall(int step);
    void complete();

    std::function<QStringList(const QString &)> m_completer;
    std::function<bool(const QString &)> m_submit;
    QStringList m_history;
    int m_historyIndex = 0; // == m_history.size(): the line being written
    QString m_draft;        // what was being written before recalling
    // Tab completion in progress: where the word starts, what was typed, which match.
    int m_completionStart = -1;
    QString m_completionPrefix;
    int m_completionIndex = 0;
};
