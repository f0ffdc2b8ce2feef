// The input line on its own: what pasting and dropping bring into it (plain
// text only, and nothing at all from an empty clipboard or an empty drop),
// and what Enter does with what was typed. It runs offscreen, and once more
// on a real X server (Xvfb) where an empty clipboard hands Qt no data at all.
#include "chatinput.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

class tst_ChatInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void pasteFromAnEmptyClipboard();
    void pasteRichTextArrivesPlain();
    void drops_data();
    void drops();
    void dropOfNothing();
    void enterKeepsRefusedText();

private:
    // Drags mime over the input and drops it there, as a mouse would.
    static bool drop(ChatInput *input, const QMimeData *mime)
    {
        const QPoint where = input->viewport()->rect().center();
        QDragEnterEvent enter(where, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(input->viewport(), &enter);
        QDragMoveEvent move(where, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(input->viewport(), &move);
        QDropEvent dropped(where, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(input->viewport(), &dropped);
        return dropped.isAccepted();
    }

    std::unique_ptr<ChatInput> m_input;
};

void tst_ChatInput::init()
{
    m_input = std::make_unique<ChatInput>();
    m_input->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_input.get()));
    m_input->activateWindow();
    m_input->setFocus();
}

void tst_ChatInput::cleanup()
{
    m_input.reset();
}

void tst_ChatInput::pasteFromAnEmptyClipboard()
{
    // Nothing owns the clipboard (a fresh login, or the program that copied
    // has quit): Ctrl+V must do nothing, and say so, instead of crashing.
    QApplication::clipboard()->clear();
    QTest::keyClicks(m_input.get(), QStringLiteral("typed"));
    QSignalSpy nothing(m_input.get(), &ChatInput::nothingToInsert);
    QTest::keySequence(m_input.get(), QKeySequence::Paste);
    QCOMPARE(m_input->toPlainText(), QStringLiteral("typed"));
    // The same through the slot a context menu's Paste uses.
    m_input->paste();
    QCOMPARE(m_input->toPlainText(), QStringLiteral("typed"));
    QVERIFY(nothing.size() <= 2); // said, where the platform hands over empty data at all
}

void tst_ChatInput::pasteRichTextArrivesPlain()
{
    auto *mime = new QMimeData; // the clipboard owns it
    mime->setHtml(QStringLiteral("<b>bold</b> <img src=\"x.png\"> <i>words</i>"));
    mime->setText(QStringLiteral("bold words"));
    QApplication::clipboard()->setMimeData(mime);
    QTRY_VERIFY(QApplication::clipboard()->mimeData() &&
                QApplication::clipboard()->mimeData()->hasHtml());
    QTest::keySequence(m_input.get(), QKeySequence::Paste);
    QCOMPARE(m_input->toPlainText(), QStringLiteral("bold words"));
    QApplication::clipboard()->clear();
}

void tst_ChatInput::drops_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("html");
    QTest::addColumn<QList<QUrl>>("urls");
    QTest::addColumn<bool>("image");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain text") << QStringLiteral("hello") << QString() << QList<QUrl>() << false
                                << QStringLiteral("hello");
    QTest::newRow("rich text arrives as plain text")
            << QStringLiteral("big news") << QStringLiteral("<h1>big</h1><table><tr><td>news")
            << QList<QUrl>() << false << QStringLiteral("big news");
    QTest::newRow("rich text without a plain form")
            << QString() << QStringLiteral("<p>only <b>html</b></p>") << QList<QUrl>() << false
            << QString();
    QTest::newRow("a file comes as its path")
            << QString() << QString() << QList<QUrl>{QUrl::fromLocalFile(u"/tmp/map.png"_s)}
            << false << QStringLiteral("/tmp/map.png");
    QTest::newRow("two files, and a link")
            << QString() << QString()
            << QList<QUrl>{QUrl::fromLocalFile(u"/tmp/a b.txt"_s), QUrl(u"https://example.org/x"_s)}
            << false << QStringLiteral("/tmp/a b.txt https://example.org/x");
    QTest::newRow("an image alone brings nothing")
            << QString() << QString() << QList<QUrl>() << true << QString();
}

void tst_ChatInput::drops()
{
    QFETCH(QString, text);
    QFETCH(QString, html);
    QFETCH(QList<QUrl>, urls);
    QFETCH(bool, image);
    QFETCH(QString, expected);

    QMimeData mime;
    if (!text.isEmpty())
        mime.setText(text);
    if (!html.isEmpty())
        mime.setHtml(html);
    if (!urls.isEmpty())
        mime.setUrls(urls);
    if (image) {
        QImage picture(4, 4, QImage::Format_RGB32);
        picture.fill(Qt::red);
        mime.setImageData(picture);
    }
    const bool accepted = drop(m_input.get(), &mime);
    QCOMPARE(accepted, !expected.isEmpty());
    QCOMPARE(m_input->toPlainText(), expected);
    QCOMPARE(ChatInput::plainTextOf(&mime), expected);
}

void tst_ChatInput::dropOfNothing()
{
    // A drag that carries no data at all (some programs send one).
    QVERIFY(!drop(m_input.get(), nullptr));
    QCOMPARE(m_input->toPlainText(), QString());
    QCOMPARE(ChatInput::plainTextOf(nullptr), QString());
}

void tst_ChatInput::enterKeepsRefusedText()
{
    QStringList handled;
    bool take = false;
    m_input->setSubmitHandler([&](const QString &text) {
        handled.append(text);
        return take;
    });
    QTest::keyClicks(m_input.get(), QStringLiteral("/nikc bob"));
    QTest::keyClick(m_input.get(), Qt::Key_Return);
    QCOMPARE(handled, QStringList{QStringLiteral("/nikc bob")});
    QCOMPARE(m_input->toPlainText(), QStringLiteral("/nikc bob")); // kept, to be mended
    take = true;
    m_input->selectAll();
    QTest::keyClicks(m_input.get(), QStringLiteral("/nick bob"));
    QTest::keyClick(m_input.get(), Qt::Key_Return);
    QCOMPARE(m_input->toPlainText(), QString());
    // Up brings back what was taken, not what was refused.
    QTest::keyClick(m_input.get(), Qt::Key_Up);
    QCOMPARE(m_input->toPlainText(), QStringLiteral("/nick bob"));
    QTest::keyClick(m_input.get(), Qt::Key_Up);
    QCOMPARE(m_input->toPlainText(), QStringLiteral("/nick bob"));
}

QTEST_MAIN(tst_ChatInput)
#include "tst_chatinput.moc"
