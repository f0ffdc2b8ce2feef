#pragma once

#include <QPlainTextEdit>
#include <QStringList>

#include <functional>

// The line people type into: Enter sends, Shift+Enter starts a new line,
// Up and Down bring back what was sent before, Tab completes nicknames
// (pressed again, it goes through the others that fit).
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

Q_SIGNALS:
    void submitted(const QString &text);

public Q_SLOTS:
    void submit();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void recall(int step);
    void complete();

    std::function<QStringList(const QString &)> m_completer;
    QStringList m_history;
    int m_historyIndex = 0; // == m_history.size(): the line being written
    QString m_draft;        // what was being written before recalling
    // Tab completion in progress: where the word starts, what was typed, which match.
    int m_completionStart = -1;
    QString m_completionPrefix;
    int m_completionIndex = 0;
};
