#pragma once

#include <QString>
#include <QStringList>

// The programs' languages: English (as written) and Simplified Chinese. The
// language follows the system unless the user chose one in Settings; Qt's
// own translations (standard dialogs and buttons) come with it: the
// system's, or else the ones built into the programs.
class AppTranslations
{
public:
    // "" (the system's), "en" or "zh_CN".
    static QStringList languages()
    {
        return {QString(), QStringLiteral("en"), QStringLiteral("zh_CN")};
    }
    // Loads the translation for language ("" for the system's) into the
    // application; returns the language used ("en" when none applies).
    // Qt's own come from qtTranslations (by default where Qt keeps them),
    // or from those built in.
    static QString install(const QString &language, const QString &qtTranslations = QString());
    // The language's name in that language, for a settings list.
    static QString displayName(const QString &language);
};
