#include "apptranslations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

QString AppTranslations::install(const QString &language, const QString &qtTranslations)
{
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    QLocale::setDefault(locale);
    auto *ours = new QTranslator(QCoreApplication::instance());
    // qtchat_zh_CN.qm for zh_CN (and other Chinese locales written in simplified script).
    if (!ours->load(locale, QStringLiteral("qtchat"), QStringLiteral("_"),
                    QStringLiteral(":/i18n"))) {
        // A language without a translation: English, with its plural forms
        // ("1 message", "2 messages").
        if (ours->load(QStringLiteral(":/i18n/qtchat_en.qm")))
            QCoreApplication::installTranslator(ours);
        else
            delete ours;
        return QStringLiteral("en");
    }
    QCoreApplication::installTranslator(ours);
    auto *qt = new QTranslator(QCoreApplication::instance());
    // qt_<lang>.qm pulls in qtbase_<lang>.qm; deployment tools ship that one.
    // Without it, the copy of qtbase_<lang>.qm built in.
    const QString where = qtTranslations.isEmpty()
                                  ? QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                                  : qtTranslations;
    if (qt->load(locale, QStringLiteral("qt"), QStringLiteral("_"), where) ||
        qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return locale.name();
}

QString AppTranslations::displayName(const QString &language)
{
    if (language.isEmpty())
        return QCoreApplication::translate("AppTranslations", "System language");
    if (language == u"zh_CN")
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}
