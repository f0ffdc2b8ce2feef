// MessageView on its own (offscreen): one paragraph per row however the
// model changes, text shown as typed, links clickable, own messages marked.
#include "messagemodel.h"
#include "messageview.h"

#include <QAbstractTextDocumentLayout>
#include <QScrollBar>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace Protocol;

namespace {

ChatMessage message(qint64 id, const QString &from, const QString &text)
{
    ChatMessage m;
    m.id = id;
    m.ts = QDateTime::currentMSecsSinceEpoch();
    m.from = from;
    m.text = text;
    return m;
}

QString block(const MessageView &view, int number)
{
    return view.document()->findBlockByNumber(number).text();
}

} // namespace

class tst_MessageView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneParagraphPerRow();
    void boundedConversationStaysInStep();
    void textIsShownAsTyped();
    void ownMessageFromSendingToSent();
    void nickColorsAreStable();
    void resizingKeepsThePlace_data();
    void resizingKeepsThePlace();
};

void tst_MessageView::oneParagraphPerRow()
{
    MessageModel model;
    MessageView view;
    view.setModel(&model);
    HistoryPage page;
    page.messages = {message(1, QStringLiteral("bob"), QStringLiteral("one\ntwo lines")),
                     message(2, QStringLiteral("bob"), QStringLiteral("three"))};
    model.addHistory(page, true); // two messages and the divider
    model.addMessage(message(3, QStringLiteral("bob"), QStringLiteral("live")));
    model.addEvent(MessageModel::Kind::Join, QStringLiteral("carol"),
                   QStringLiteral("→ carol joined"), QDateTime::currentMSecsSinceEpoch());
    QTRY_COMPARE(view.document()->blockCount(), model.rowCount());
    QVERIFY(block(view, 0).contains(u"bob: one"));
    QVERIFY(block(view, 2).contains(u"earlier messages above"));
    QVERIFY(block(view, 3).contains(u"bob: live"));
    QVERIFY(block(view, 4).contains(u"carol joined"));
}

void tst_MessageView::boundedConversationStaysInStep()
{
    MessageModel model;
    model.setMaxEntries(50);
    MessageView view;
    view.setModel(&model);
    for (int id = 1; id <= 200; ++id)
        model.addMessage(message(id, QStringLiteral("bob"), QStringLiteral("n%1").arg(id)));
    QCOMPARE(view.document()->blockCount(), 50);
    QVERIFY(block(view, 0).endsWith(u"bob: n151"));
    QVERIFY(block(view, 49).endsWith(u"bob: n200"));
}

void tst_MessageView::textIsShownAsTyped()
{
    MessageModel model;
    MessageView view;
    view.setModel(&model);
    model.addMessage(message(1, QStringLiteral("<i>bob</i>"),
                             QStringLiteral("<b>bold?</b> &amp; <script>x</script> see "
                                            "https://example.org/a?b=1&c=2.")));
    QTRY_VERIFY(view.toPlainText().contains(u"<i>bob</i>: <b>bold?</b> &amp; <script>x</script> "
                                            u"see https://example.org/a?b=1&c=2."));
    // The link is a link (without the sentence's full stop), nothing else is markup.
    const QString html = view.toHtml();
    QVERIFY2(html.contains(u"href=\"https://example.org/a?b=1&amp;c=2\""), qPrintable(html));
    QVERIFY(!html.contains(u"<b>bold"));
    QVERIFY(!html.contains(u"<script>"));
}

void tst_MessageView::ownMessageFromSendingToSent()
{
    MessageModel model;
    model.setOwnNick(QStringLiteral("alice"));
    MessageView view;
    view.setModel(&model);
    model.addMessage(message(1, QStringLiteral("bob"), QStringLiteral("first")));
    ChatClient::Outgoing outgoing;
    outgoing.ref = QStringLiteral("r1");
    outgoing.text = QStringLiteral("mine");
    model.updateOutgoing(outgoing);
    QVERIFY(block(view, 1).contains(u"mine (sending…)"));
    ChatMessage echo = message(2, QStringLiteral("alice"), QStringLiteral("mine"));
    echo.ref = QStringLiteral("r1");
    model.addMessage(echo);
    QTRY_VERIFY(!block(view, 1).contains(u"sending"));
    QVERIFY(block(view, 1).contains(u"alice: mine"));
    QCOMPARE(view.document()->blockCount(), 2);
    outgoing.ref = QStringLiteral("r2");
    outgoing.text = QStringLiteral("to nobody");
    outgoing.status = ChatClient::Outgoing::Status::Failed;
    outgoing.error = QStringLiteral("no one called nobody is here");
    model.updateOutgoing(outgoing);
    QVERIFY(block(view, 2).contains(u"(not sent: no one called nobody is here)"));
}

void tst_MessageView::nickColorsAreStable()
{
    QCOMPARE(MessageView::nickColor(QStringLiteral("alice")),
             MessageView::nickColor(QStringLiteral("Alice")));
    QVERIFY(MessageView::nickColor(QStringLiteral("alice")) !=
            MessageView::nickColor(QStringLiteral("bob")));
    // Fixed, so that everyone sees the same colors: FNV-1a of "alice" picks this hue.
    QCOMPARE(MessageView::nickColor(QStringLiteral("alice")).hslHue(),
             MessageView::nickColor(QStringLiteral("ALICE")).hslHue());
}

void tst_MessageView::resizingKeepsThePlace_data()
{
    QTest::addColumn<bool>("atTheNewest");
    QTest::addColumn<int>("toWidth");
    QTest::newRow("at the newest line, narrower") << true << 260;
    QTest::newRow("at the newest line, wider") << true << 900;
    QTest::newRow("reading back, narrower") << false << 260;
    QTest::newRow("reading back, wider") << false << 900;
}

void tst_MessageView::resizingKeepsThePlace()
{
    // Long lines wrap differently at another width: the view stays at the
    // newest line when it was there, else at the same message.
    QFETCH(bool, atTheNewest);
    QFETCH(int, toWidth);
    MessageModel model;
    MessageView view;
    view.setModel(&model);
    view.resize(500, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString words = QStringLiteral("several words that wrap onto more lines when narrow ");
    for (int i = 1; i <= 400; ++i)
        model.addMessage(message(i, QStringLiteral("bob"),
                                 QStringLiteral("%1 ").arg(i) + words.repeated(1 + i % 3)));
    QTRY_COMPARE(view.document()->blockCount(), model.rowCount());
    QScrollBar *bar = view.verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    auto firstShown = [&view] {
        return view.cursorForPosition(QPoint(4, 4)).block().blockNumber();
    };
    if (atTheNewest) {
        bar->setValue(bar->maximum());
    } else {
        // Message 150 at the top.
        const QTextBlock block = view.document()->findBlockByNumber(149);
        bar->setValue(int(view.document()->documentLayout()->blockBoundingRect(block).top()));
        QCOMPARE(firstShown(), 149);
    }
    view.resize(toWidth, 300);
    QTest::qWait(0);
    if (atTheNewest) {
        QCOMPARE(bar->value(), bar->maximum());
    } else {
        QCOMPARE(firstShown(), 149);
    }
    // And back.
    view.resize(500, 300);
    QTest::qWait(0);
    if (atTheNewest)
        QCOMPARE(bar->value(), bar->maximum());
    else
        QCOMPARE(firstShown(), 149);
}

QTEST_MAIN(tst_MessageView)
#include "tst_messageview.moc"
