// qtchat: parses the command line, then opens the chat window (QApplication)
// or, with --no-gui, chats in the terminal (QCoreApplication).
#include "apptranslations.h"
#include "chatwindow.h"
#include "clientsettings.h"
#include "commandlinehelp.h"
#include "serverlister.h"
#include "terminalclient.h"
#include "validation.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstdio>

#ifdef Q_OS_WIN
#include <windows.h>
#endif

namespace {

struct Options
{
    bool noGui = false;
    QString host;
    quint16 port = 5555;
    QString nick;
    QString password;
    bool trustNewCertificate = false;
    bool allowUnencrypted = false;
    bool list = false;
};

// Returns an exit code when the program should end now (help, version, bad arguments).
std::optional<int> parse(const QStringList &arguments, Options *options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("qtchat, the chat client. Without arguments it asks where to connect; "
                           "\"qtchat HOST PORT\" connects at once."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version({QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption noGui(QStringLiteral("no-gui"),
                                   QStringLiteral("Chat in the terminal: lines typed are sent, "
                                                  "the room is printed (needs HOST)."));
    const QCommandLineOption nick(QStringLiteral("nick"), QStringLiteral("The nickname to use."),
                                  QStringLiteral("name"));
    const QCommandLineOption password(QStringLiteral("password"),
                                      QStringLiteral("The server's password, if it has one."),
                                      QStringLiteral("text"));
    const QCommandLineOption trust(
            QStringLiteral("trust-new-certificate"),
            QStringLiteral("With --no-gui: if the server's certificate is not the one it showed "
                           "before, trust the new one (once) instead of asking."));
    const QCommandLineOption unencrypted(
            QStringLiteral("allow-unencrypted"),
            QStringLiteral("With --no-gui: if the server does not offer encryption, connect "
                           "without it (remembered for that server) instead of asking."));
    const QCommandLineOption list(
            QStringLiteral("list"),
            QStringLiteral("With --no-gui: list the qtchat servers found on this network (for 3 "
                           "seconds), then exit."));
    parser.addOptions({help, version, noGui, nick, password, trust, unencrypted, list});
    parser.addPositionalArgument(QStringLiteral("host"), QStringLiteral("The server's address."),
                                 QStringLiteral("[host"));
    parser.addPositionalArgument(QStringLiteral("port"),
                                 QStringLiteral("The server's port (default 5555)."),
                                 QStringLiteral("[port]]"));
    auto fail = [](const QString &message) {
        std::fprintf(stderr, "qtchat: %s\nTry 'qtchat --help'.\n",
                     message.toLocal8Bit().constData());
        return 2;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help)) {
        std::fputs(CommandLineHelp::text(parser, arguments, QStringLiteral("qtchat"))
                           .toLocal8Bit()
                           .constData(),
                   stdout);
        return 0;
    }
    if (parser.isSet(version)) {
        std::fputs("qtchat " QTCHAT_VERSION "\n", stdout);
        return 0;
    }
    options->noGui = parser.isSet(noGui);
    options->nick = parser.value(nick).trimmed();
    options->password = parser.value(password);
    options->trustNewCertificate = parser.isSet(trust);
    options->allowUnencrypted = parser.isSet(unencrypted);
    options->list = parser.isSet(list);
    if (options->list && !options->noGui)
        return fail(QStringLiteral("--list is for --no-gui; the window lists the servers it "
                                   "finds in its Connect dialog"));
    if (options->list && !parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("--list takes no address"));
    if ((options->trustNewCertificate || options->allowUnencrypted) && !options->noGui)
        return fail(QStringLiteral("--trust-new-certificate and --allow-unencrypted are for "
                                   "--no-gui; the window asks"));
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 2)
        return fail(u"too many arguments: " + positional.mid(2).join(u' '));
    if (!positional.isEmpty())
        options->host = positional.first();
    if (positional.size() == 2) {
        bool ok = false;
        const uint port = positional.at(1).toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return fail(u"\"" + positional.at(1) + u"\" is not a port (1 to 65535)");
        options->port = quint16(port);
    }
    if (!options->nick.isEmpty()) {
        const Validation::NickCheck check = Validation::checkNick(options->nick);
        if (!check.ok)
            return fail(u"--nick: " + check.reason);
        options->nick = check.nick;
    }
    if (options->noGui && options->host.isEmpty() && !options->list)
        return fail(QStringLiteral("--no-gui needs the server's address: qtchat --no-gui HOST "
                                   "[PORT] (qtchat --no-gui --list shows the servers on this "
                                   "network)"));
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("qtchat"));
    QCoreApplication::setApplicationName(QStringLiteral("qtchat"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QTCHAT_VERSION));

#ifdef Q_OS_WIN
    // A windowed program: started from a console, it uses that console, so
    // that --help, --version and --no-gui print and read there.
    if (AttachConsole(ATTACH_PARENT_PROCESS)) {
        std::freopen("CONOUT$", "w", stdout);
        std::freopen("CONOUT$", "w", stderr);
        std::freopen("CONIN$", "r", stdin);
    }
#endif
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    Options options;
    if (const std::optional<int> exitCode = parse(arguments, &options))
        return *exitCode;

    if (options.noGui) {
        QCoreApplication app(argc, argv);
        AppTranslations::install(ClientSettings::load().language);
        if (options.list) {
            ServerLister lister;
            QObject::connect(&lister, &ServerLister::finished, &app, &QCoreApplication::exit);
            lister.start(3);
            return app.exec();
        }
        QString nick = options.nick;
        if (nick.isEmpty()) // as the tutorial's client: whoever runs it
            nick = Validation::checkNick(qEnvironmentVariable("USER", QStringLiteral("guest")))
                           .nick;
        if (nick.isEmpty())
            nick = QStringLiteral("guest");
        TerminalClient terminal;
        QObject::connect(&terminal, &TerminalClient::finished, &app, &QCoreApplication::exit);
        terminal.client()->setOutboxDirectory(ClientSettings::outboxDirectory());
        terminal.client()->setKnownServersFile(ClientSettings::knownServersFile());
        terminal.setTrustNewCertificate(options.trustNewCertificate);
        terminal.setAllowUnencrypted(options.allowUnencrypted);
        terminal.start(options.host, options.port, nick, options.password);
        return app.exec();
    }

#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fputs("qtchat: no display to show the window on (DISPLAY is not set); use "
                   "'qtchat --no-gui HOST PORT' to chat in the terminal.\n",
                   stderr);
        return 2;
    }
#endif
    QApplication app(argc, argv);
    AppTranslations::install(ClientSettings::load().language);
    QGuiApplication::setApplicationDisplayName(QStringLiteral("qtchat"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.qtchat"));
    QApplication::setWindowIcon(
            QIcon::fromTheme(QStringLiteral("io.github.qtchat"),
                             QIcon(QStringLiteral(":/icons/io.github.qtchat.png"))));
    ChatWindow window;
    window.show();
    // "qtchat HOST PORT" connects at once as the remembered (or given) nickname.
    const QString nick = options.nick.isEmpty() ? ClientSettings::load().nick : options.nick;
    if (!options.host.isEmpty() && !nick.isEmpty()) {
        window.connectTo(options.host, options.port, nick, options.password);
    } else {
        QMetaObject::invokeMethod(
                &window,
                [&window, options] {
                    window.showConnectDialog(QString(), options.host, options.port);
                },
                Qt::QueuedConnection);
    }
    return app.exec();
}
