// qtchat-server: parses the command line, then runs the server headless
// (QCoreApplication, no display needed) or with its control window (QApplication).
#include "apptranslations.h"
#ifdef Q_OS_LINUX
#include "epolleventdispatcher.h"
#endif
#include "headlessserver.h"
#include "serveroptions.h"
#include "serversettings.h"
#include "serverwindow.h"
#include "signalwatcher.h"

#include <QApplication>
#include <QIcon>
#include <QSettings>

#include <cstdio>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat"));
    QCoreApplication::setApplicationName(QStringLiteral("qtchat-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QTCHAT_VERSION));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    ServerOptions options = ServerOptions::parse(arguments);
    // The window starts from the settings it remembered; the command line's win for this run.
    ServerConfig remembered = ServerOptions::defaultConfig();
    if (options.action == ServerOptions::Action::Run && !options.noGui) {
        QSettings settings;
        QStringList problems;
        remembered = ServerSettings::load(settings, remembered, &problems);
        for (const QString &problem : std::as_const(problems))
            std::fprintf(stderr, "qtchat-server: ignoring a remembered setting, %s\n",
                         problem.toLocal8Bit().constData());
        options = ServerOptions::parse(arguments, remembered);
    }

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
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
        // Without a display Qt would abort; say what to do instead.
        if (qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
            qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
            std::fputs("qtchat-server: no display to show the control window on (DISPLAY is not "
                       "set); use 'qtchat-server --no-gui' to serve without a window.\n",
                       stderr);
            return 2;
        }
#endif
#ifdef Q_OS_WIN
        // Double-clicked, the server (a console program, for --no-gui) gets a
        // console window of its own: the control window does not need it.
        DWORD processes[2];
        if (GetConsoleProcessList(processes, 2) == 1)
            FreeConsole();
#endif
        QApplication app(argc, argv);
        AppTranslations::install(QSettings().value(QStringLiteral("ui/language")).toString());
        QGuiApplication::setApplicationDisplayName(
                QApplication::translate("main", "qtchat server"));
        QGuiApplication::setDesktopFileName(QStringLiteral("io.github.qtchat.Server"));
        QApplication::setWindowIcon(
                QIcon::fromTheme(QStringLiteral("io.github.qtchat"),
                                 QIcon(QStringLiteral(":/icons/io.github.qtchat.png"))));
        ServerWindow window(options.config, remembered);
        window.show();
        // SIGINT and SIGTERM stop the server cleanly, as in --no-gui mode.
        SignalWatcher signalWatcher;
        QObject::connect(&signalWatcher, &SignalWatcher::shutdownRequested, &window,
                         &ServerWindow::stopAndClose);
        // "qtchat-server 192.168.1.10 5555" starts at once, as --no-gui does.
        if (options.addressGiven)
            QMetaObject::invokeMethod(&window, &ServerWindow::start, Qt::QueuedConnection);
        return app.exec();
    }

    // The headless server has no use for GLib's main loop. On Linux it waits
    // with epoll, whose cost does not grow with the number of connections
    // (QTCHAT_EVENT_DISPATCHER=qt takes Qt's own instead, to compare).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
#ifdef Q_OS_LINUX
    if (qEnvironmentVariable("QTCHAT_EVENT_DISPATCHER") != u"qt")
        QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
#endif
    QCoreApplication app(argc, argv);
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss} %{if-warning}warning: "
                                      "%{endif}%{if-critical}error: %{endif}%{message}"));
    HeadlessServer server(options.config);
    if (!server.start())
        return 1;
    return app.exec();
}
