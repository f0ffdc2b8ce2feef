// The translations: every string of ui/translations/*.ts is translated (no
// unfinished entry, the same %1 placeholders, a keyboard accelerator where
// the English has one), and both windows start in Simplified Chinese with
// no English left in what they show (offscreen).
#include "apptranslations.h"
#include "chatclient.h"
#include "chatwindow.h"
#include "serverwindow.h"
#include "testserverconfig.h"
#include "validation.h"

#include <QAbstractButton>
#include <QDialogButtonBox>
#include <QDir>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <QXmlStreamReader>

namespace {

const QString translationsDir = QStringLiteral(QTCHAT_SOURCE_DIR "/ui/translations");

struct Entry
{
    QString context;
    QString source;
    QString translation;
    bool unfinished = false;
};

QList<Entry> readTs(const QString &path, QString *error)
{
    QList<Entry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return entries;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Entry entry;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"name") {
            context = xml.readElementText();
        } else if (xml.name() == u"message") {
            entry = Entry{context, QString(), QString(), false};
        } else if (xml.name() == u"source") {
            entry.source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QString type = xml.attributes().value(QStringLiteral("type")).toString();
            entry.unfinished = type == u"unfinished" || type == u"vanished" || type == u"obsolete";
            entry.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            entries.append(entry);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return entries;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%\\d"));
    QSet<QString> found;
    for (auto it = pattern.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured());
    return found;
}

bool hasAccelerator(const QString &text)
{
    return text.contains(QRegularExpression(QStringLiteral("&[^&\\s]")));
}

// Text a person can read in the window that is still English: anything with
// Latin letters and no Chinese, except names and addresses.
bool looksUntranslated(const QString &shown)
{
    QString text = shown;
    text.remove(u'&');
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    static const QRegularExpression latinWord(QStringLiteral("[A-Za-z]{2,}"));
    static const QRegularExpression allowed(
            QStringLiteral("^(qtchat|any|Enter|Shift|pt|IPv[46]|TCP|[0-9a-fA-F.:\\[\\]]+)$"));
    if (han.match(text).hasMatch() || !latinWord.match(text).hasMatch())
        return false;
    for (auto it = latinWord.globalMatch(text); it.hasNext();) {
        if (!allowed.match(it.next().captured()).hasMatch())
            return true;
    }
    return false;
}

QStringList untranslatedTexts(QWidget *window)
{
    QStringList english;
    auto check = [&english](const QString &where, const QString &text) {
        if (looksUntranslated(text))
            english.append(where + u": " + text);
    };
    for (QAbstractButton *button : window->findChildren<QAbstractButton *>())
        check(QStringLiteral("button"), button->text());
    for (QLabel *label : window->findChildren<QLabel *>()) {
        if (!label->textInteractionFlags().testFlag(Qt::TextSelectableByMouse)) // not data
            check(QStringLiteral("label"), label->text());
    }
    for (QGroupBox *box : window->findChildren<QGroupBox *>())
        check(QStringLiteral("group"), box->title());
    for (QTabWidget *tabs : window->findChildren<QTabWidget *>()) {
        for (int i = 0; i < tabs->count(); ++i)
            check(QStringLiteral("tab"), tabs->tabText(i));
    }
    for (QTreeWidget *tree : window->findChildren<QTreeWidget *>()) {
        // Headings (items that cannot be chosen) are words of the program; the rest is data.
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (!tree->topLevelItem(i)->flags().testFlag(Qt::ItemIsSelectable))
                check(QStringLiteral("heading"), tree->topLevelItem(i)->text(0));
        }
    }
    for (QMenu *menu : window->findChildren<QMenu *>()) {
        check(QStringLiteral("menu"), menu->title());
        for (QAction *action : menu->actions())
            check(QStringLiteral("menu item"), action->text());
    }
    for (QLineEdit *edit : window->findChildren<QLineEdit *>())
        check(QStringLiteral("placeholder"), edit->placeholderText());
    for (QPlainTextEdit *edit : window->findChildren<QPlainTextEdit *>())
        check(QStringLiteral("placeholder"), edit->placeholderText());
    for (QTableView *table : window->findChildren<QTableView *>()) {
        for (int c = 0; c < table->model()->columnCount(); ++c)
            check(QStringLiteral("column"),
                  table->model()->headerData(c, Qt::Horizontal).toString());
    }
    return english;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyStringIsTranslated_data();
    void everyStringIsTranslated();
    void qtButtonsWithoutTheSystemsTranslations();
    void windowsStartInChinese();

private:
    QTemporaryDir m_home;
    QTemporaryDir m_nowhere;
};

void tst_Translations::initTestCase()
{
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_home.filePath(QStringLiteral("config"))));
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_translations"));
}

void tst_Translations::everyStringIsTranslated_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = QDir(translationsDir).entryList({QStringLiteral("*.ts")});
    QVERIFY(files.contains(u"qtchat_zh_CN.ts"));
    QVERIFY(files.contains(u"qtchat_en.ts"));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void tst_Translations::everyStringIsTranslated()
{
    QFETCH(QString, file);
    QString error;
    const QList<Entry> entries = readTs(QDir(translationsDir).filePath(file), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    if (file == u"qtchat_zh_CN.ts")
        QVERIFY2(entries.size() > 200, qPrintable(QString::number(entries.size())));
    QStringList problems;
    for (const Entry &entry : entries) {
        const QString where = entry.context + u": \"" + entry.source + u'"';
        if (entry.unfinished || entry.translation.trimmed().isEmpty())
            problems.append(where + u" is not translated");
        else if (placeholders(entry.source) != placeholders(entry.translation))
            problems.append(where + u" has other placeholders in its translation");
        else if (hasAccelerator(entry.source) && !hasAccelerator(entry.translation))
            problems.append(where + u" lost its keyboard accelerator");
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void tst_Translations::qtButtonsWithoutTheSystemsTranslations()
{
    // A system without Qt's translations (no qt6-translations-l10n): Qt's own
    // buttons are Chinese all the same, from the copy built into the programs.
    // Whatever happens here, the tests that follow start in English.
    const auto english = qScopeGuard([] {
        const QList<QTranslator *> installed = qApp->findChildren<QTranslator *>();
        for (QTranslator *translator : installed) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    });
    QCOMPARE(AppTranslations::install(QStringLiteral("zh_CN"),
                                      m_nowhere.filePath(QStringLiteral("no-translations"))),
             QStringLiteral("zh_CN"));
    QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                             QDialogButtonBox::Yes);
    QCOMPARE(buttons.button(QDialogButtonBox::Ok)->text(), QStringLiteral("确定"));
    QCOMPARE(buttons.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("取消"));
    QCOMPARE(buttons.button(QDialogButtonBox::Yes)->text().remove(u'&'), QStringLiteral("是(Y)"));
    // The server's errors in the client's own words, in Chinese too.
    ChatClient client;
    Protocol::Error kicked;
    kicked.code = Protocol::ErrorCode::Kicked;
    kicked.message = QStringLiteral("you were kicked from the room: spam");
    kicked.reason = QStringLiteral("spam");
    QCOMPARE(client.describe(kicked), QStringLiteral("你被踢出了聊天室：spam"));
    Protocol::Error unknown;
    unknown.codeName = QStringLiteral("slow_down");
    unknown.message = QStringLiteral("a code from a newer server");
    QCOMPARE(client.describe(unknown), unknown.message); // only the server can say
    // Why someone left, too; a reason of their own stays as they wrote it.
    QCOMPARE(ChatClient::describeLeaving(QStringLiteral("connection lost")),
             QStringLiteral("连接中断"));
    QCOMPARE(ChatClient::describeLeaving(QStringLiteral("kicked: spam")),
             QStringLiteral("被踢出：spam"));
    QCOMPARE(ChatClient::describeLeaving(QStringLiteral("time for dinner")),
             QStringLiteral("time for dinner"));
}

void tst_Translations::windowsStartInChinese()
{
    {
        // Before: English, and the check below sees it (so it can fail).
        ServerWindow english(testServerConfig());
        QVERIFY(untranslatedTexts(&english).size() > 20);
    }
    QCOMPARE(AppTranslations::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));

    ServerWindow server(testServerConfig());
    server.show();
    QVERIFY(QTest::qWaitForWindowExposed(&server));
    QCOMPARE(server.findChild<QAbstractButton *>(QStringLiteral("startButton"))->text(),
             QStringLiteral("启动(&S)"));
    QVERIFY(server.start());
    QStringList english = untranslatedTexts(&server);
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u'\n')));
    QVERIFY2(server.windowTitle().contains(u"人在线"), qPrintable(server.windowTitle()));

    ChatWindow client;
    client.show();
    QVERIFY(QTest::qWaitForWindowExposed(&client));
    auto *sidebar = client.findChild<QTreeWidget *>(QStringLiteral("sidebar"));
    QCOMPARE(sidebar->topLevelItem(0)->text(0), QStringLiteral("聊天室"));
    QCOMPARE(sidebar->topLevelItem(0)->child(0)->text(0),
             QStringLiteral("聊天室")); // not connected
    QCOMPARE(sidebar->topLevelItem(1)->text(0), QStringLiteral("私聊"));
    english = untranslatedTexts(&client);
    QVERIFY2(english.isEmpty(), qPrintable(english.join(u'\n')));

    // Why a nickname is refused, in Chinese too (the server keeps saying it in English).
    const Validation::NickCheck check = Validation::checkNick(QStringLiteral("two words"));
    QCOMPARE(check.reason, QStringLiteral("a nickname cannot contain spaces"));
    QCOMPARE(Validation::localizedReason(check), QStringLiteral("昵称不能包含空格"));
    QVERIFY(Validation::localizedReason(Validation::checkNick(QStringLiteral("a!")))
                    .contains(u"\"!\" (U+0021)"));
    const Validation::TextCheck text = Validation::checkText(QString(20, u'x'), 10);
    QCOMPARE(text.reason, QStringLiteral("the message is 20 bytes long; the limit is 10 bytes"));
    QCOMPARE(Validation::localizedReason(text), QStringLiteral("消息长 20 字节，上限是 10 字节"));
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
