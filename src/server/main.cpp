// qtchat-server: parses the command line, then runs the server headless
// (QCoreApplication, no display needed) or, later, with its control window.
#include "headlessserver.h"
#include "serveroptions.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat"));
    QCoreApplication::setApplicationName(QStringLiteral("qtchat-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QTCHAT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const ServerOptions options = ServerOptions::parse(arguments);

    switch (options.action) {
    case ServerOptions::Action::ShowHelp:
    case ServerOptions::Action::ShowVersion:
        std::fputs(options.text.toLocal8Bit().constData(), stdout);
        return 0;
    case ServerOptions::Action::Fail:
        std::fprintf(stderr, "qtchat-server: %s\nTry 'qtchat-server --help'.\n",
                     options.error.toLocal8Bit().constData());
        return 2;
    case ServerOptions::Action::Run:
        break;
    }

    if (!options.noGui) {
        std::fputs("qtchat-server: this version has no control window yet; start the server "
                   "with 'qtchat-server --no-gui'.\n",
                   stderr);
        return 2;
    }

    // The headless server has no use for GLib's main loop, and Qt's own Unix
    // event dispatcher costs less for each of thousands of sockets.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss} %{if-warning}warning: "
                                      "%{endif}%{if-critical}error: %{endif}%{message}"));
    HeadlessServer server(options.config);
    if (!server.start())
        return 1;
    return app.exec();
}
