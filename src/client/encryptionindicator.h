#pragma once

#include <QWidget>

class QLabel;

// The status bar's word on the connection's privacy: a closed lock and
// "Encrypted", or an open one and "Not encrypted" (hidden while there is no
// connection). The details are its tooltip; a click asks for them as an event.
class EncryptionIndicator : public QWidget
{
    Q_OBJECT

public:
    enum class Shows { Nothing, Encrypted, NotEncrypted };
    Q_ENUM(Shows)

    explicit EncryptionIndicator(QWidget *parent = nullptr);

    Shows shows() const { return m_shows; }
    QString text() const;
    void showState(Shows what, const QString &details);

Q_SIGNALS:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void paintLock();

    QLabel *m_icon;
    QLabel *m_text;
    Shows m_shows = Shows::Nothing;
};
