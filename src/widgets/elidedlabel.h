#pragma once

#include <QFrame>
#include <QString>

// One line of text that fits any width: when it is too long for the space
// it has, it ends in "…" and its tooltip (and accessible name) holds the
// whole text. It never asks for more width than its minimum, so a long text
// cannot widen the window it is in (a status bar).
class ElidedLabel : public QFrame
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    QString text() const { return m_text; }
    // What is shown now: the text, or its beginning and "…".
    QString shownText() const { return m_shown; }
    bool isElided() const { return m_shown != m_text; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void setText(const QString &text);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateShown();

    QString m_text;
    QString m_shown;
};
