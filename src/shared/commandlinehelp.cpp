#include "commandlinehelp.h"

#include <QCommandLineParser>
#include <QFileInfo>

QString CommandLineHelp::text(const QCommandLineParser &parser, const QStringList &arguments,
                              const QString &fallback)
{
    QString text = parser.helpText();
    const QLatin1String usage("Usage: ");
    const qsizetype nameStart = text.indexOf(usage);
    if (nameStart < 0)
        return text;
    const qsizetype from = nameStart + usage.size();
    const qsizetype nameEnd = text.indexOf(u' ', from);
    if (nameEnd <= from)
        return text;
    const QString program =
            arguments.isEmpty() ? fallback : QFileInfo(arguments.first()).completeBaseName();
    text.replace(from, nameEnd - from, program.isEmpty() ? fallback : program);
    return text;
}
