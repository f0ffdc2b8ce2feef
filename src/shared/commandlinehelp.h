#pragma once

#include <QString>
#include <QStringList>

class QCommandLineParser;

// QCommandLineParser's --help text with the program's own name in its
// usage line: Qt takes the name from the QCoreApplication, which a program
// that parses its arguments first (to choose between a window and the
// terminal) does not have yet, and writes "<executable_name>" instead.
class CommandLineHelp
{
public:
    // arguments as given to the program (the first is its path); fallback
    // when there is none.
    static QString text(const QCommandLineParser &parser, const QStringList &arguments,
                        const QString &fallback);
};
