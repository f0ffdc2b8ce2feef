#pragma once

// Answering the modal dialogs a widget test opens: the test sets up an
// answer, clicks what opens the dialog, and the answer runs inside the
// dialog's own event loop as soon as it shows. Header-only: only widget
// tests (which link Qt Widgets) use it.
#include <QApplication>
#include <QDialog>
#include <QInputDialog>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>
#include <QTimer>

#include <functional>

// Runs answer() on the next modal dialog as soon as it is open (the dialog's
// own event loop runs meanwhile); waitForAnswered() says whether it happened.
class DialogAnswerer
{
public:
    explicit DialogAnswerer(std::function<void(QWidget *)> answer)
        : m_answer(std::move(answer))
    {
        m_timer.setInterval(10);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            QWidget *dialog = QApplication::activeModalWidget();
            if (!dialog)
                return;
            m_timer.stop();
            m_answered = true;
            m_answer(dialog);
            // A check that failed in answer() returned early: close the dialog
            // so that the test goes on to report it instead of waiting.
            auto *open = qobject_cast<QDialog *>(dialog);
            if (QTest::currentTestFailed() && open && open->isVisible())
                open->reject();
        });
        m_timer.start();
    }
    bool answered() const { return m_answered; }

private:
    std::function<void(QWidget *)> m_answer;
    QTimer m_timer;
    bool m_answered = false;
};

inline QPushButton *buttonWithText(QWidget *parent, const QString &text)
{
    const QList<QPushButton *> buttons = parent->findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->text().remove(u'&') == text)
            return button;
    }
    return nullptr;
}

// Types text into an input dialog and presses OK.
inline std::function<void(QWidget *)> typeAndAccept(const QString &text)
{
    return [text](QWidget *dialog) {
        auto *input = qobject_cast<QInputDialog *>(dialog);
        QVERIFY(input);
        QLineEdit *edit = input->findChild<QLineEdit *>();
        QVERIFY(edit);
        QTest::keyClicks(edit, text);
        QTest::keyClick(edit, Qt::Key_Return);
    };
}

inline std::function<void(QWidget *)> clickButton(const QString &text)
{
    return [text](QWidget *dialog) {
        QPushButton *button = buttonWithText(dialog, text);
        QVERIFY2(button, qPrintable(u"no button " + text));
        QTest::mouseClick(button, Qt::LeftButton);
    };
}
