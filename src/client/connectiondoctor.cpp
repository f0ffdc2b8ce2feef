#include "connectiondoctor.h"

#include "localnetwork.h"

using Kind = ChatClient::ErrorKind;

QString ConnectionDoctor::Diagnosis::text() const
{
    return tr("%1: %2 %3").arg(stepName(step), cause, advice).trimmed();
}

QString ConnectionDoctor::stepName(Step step)
{
    switch (step) {
    case Step::LookUp:
        return tr("Looking up the server's name");
    case Step::Route:
        return tr("Reaching the server's network");
    case Step::Connect:
        return tr("Connecting");
    case Step::Encrypt:
        return tr("Setting up encryption");
    case Step::Identity:
        return tr("Checking the server's identity");
    case Step::LogIn:
        return tr("Logging in");
    case Step::Admit:
        return tr("Joining the server");
    }
    return QString();
}

QString ConnectionDoctor::firewallHint(quint16 port)
{
#if defined(Q_OS_WIN)
    return tr("On the server's computer, allow qtchat-server when Windows asks, or in Windows "
              "Defender Firewall > Allow an app, or open TCP port %1 there.")
            .arg(port);
#elif defined(Q_OS_MACOS)
    return tr("On the server's computer, allow incoming connections for qtchat-server in System "
              "Settings > Network > Firewall (TCP port %1).")
            .arg(port);
#else
    return tr("On the server's computer, open TCP port %1 (on Ubuntu: sudo ufw allow %1/tcp).")
            .arg(port);
#endif
}

std::optional<ConnectionDoctor::Diagnosis> ConnectionDoctor::diagnose(const Problem &problem)
{
    const QString where = tr("%1 port %2").arg(problem.host).arg(problem.port);
    const QHostAddress address(problem.host);
    const bool elsewhere = !address.isNull() && !LocalNetwork::contains(address);
    Diagnosis d;
    switch (problem.kind) {
    case Kind::HostNotFound:
        d.step = Step::LookUp;
        d.cause = tr("No computer called %1 was found.").arg(problem.host);
        d.advice = problem.host.endsWith(QLatin1String(".local"), Qt::CaseInsensitive)
                           ? tr("Names ending in .local need multicast DNS on this computer: pick "
                                "the server from the list of servers found on the network, or "
                                "type its IP address.")
                           : tr("Check the spelling, or type the server's IP address (the "
                                "server's window shows it).");
        return d;
    case Kind::NetworkUnreachable:
        d.step = Step::Route;
        d.cause = tr("%1 is not on any network this computer is connected to.").arg(problem.host);
        d.advice = tr("Check the address for a typo. If it is right, the server is on another "
                      "network (another subnet, or behind a VPN): connect this computer to the "
                      "server's network.");
        return d;
    case Kind::ConnectionRefused:
        d.step = Step::Connect;
        d.cause = tr("%1 refused the connection: no server listens there.").arg(where);
        d.advice = problem.discovered
                           ? tr("The server announced itself a moment ago; it may have just "
                                "stopped, or a firewall on its computer refuses the port. %1")
                                     .arg(firewallHint(problem.port))
                           : tr("The server is not running, or it listens on another port: "
                                "check the port its window shows.");
        return d;
    case Kind::TimedOut:
        if (problem.tcpConnected) {
            d.step = Step::LogIn;
            d.cause = tr("%1 took the connection but did not welcome us in time.").arg(where);
            d.advice = tr("It may not be a qtchat server, or it is overloaded: check the address "
                          "and port, or try again in a moment.");
            return d;
        }
        d.step = Step::Connect;
        if (problem.discovered) {
            d.cause = tr("The server announced itself on this network, but nothing answered at "
                         "%1.")
                              .arg(where);
            d.advice = tr("A firewall on the server's computer most likely drops the "
                          "connection. %1")
                               .arg(firewallHint(problem.port));
            return d;
        }
        d.cause = tr("Nothing answered at %1.").arg(where);
        d.advice = elsewhere ? tr("%1 is not on any network this computer is on: check it for a "
                                  "typo, or connect to the server's network (another subnet, or a "
                                  "VPN).")
                                       .arg(problem.host)
                             : tr("A firewall on the server's computer may drop the connection, "
                                  "the Wi-Fi may keep devices apart (client isolation, common on "
                                  "guest networks), or the address is wrong. %1")
                                       .arg(firewallHint(problem.port));
        return d;
    case Kind::Tls:
        d.step = Step::Encrypt;
        d.cause = problem.detail;
        d.advice = tr("The server may be an old qtchat or another program on that port; check "
                      "the port, or ask the server's operator.");
        return d;
    case Kind::NotEncrypted:
        d.step = Step::Encrypt;
        d.cause = problem.detail;
        return d;
    case Kind::CertificateChanged:
        d.step = Step::Identity;
        d.cause = problem.detail;
        d.advice = tr("Ask the server's operator to read you its fingerprint before you trust "
                      "it.");
        return d;
    case Kind::AuthFailed:
        d.step = Step::LogIn;
        d.cause = problem.detail;
        d.advice = tr("Ask the server's operator for the password (it is case-sensitive).");
        return d;
    case Kind::NickTaken:
    case Kind::BadNick:
        d.step = Step::LogIn;
        d.cause = problem.detail;
        return d;
    case Kind::Banned:
        d.step = Step::Admit;
        d.cause = problem.detail;
        // A refusal for a while says how long (in seconds); a ban does not end by itself.
        d.advice = std::any_of(problem.detail.cbegin(), problem.detail.cend(),
                               [](QChar c) { return c.isDigit(); })
                           ? QString()
                           : tr("Only the server's operator can lift a ban.");
        return d;
    case Kind::ServerFull:
        d.step = Step::Admit;
        d.cause = problem.detail;
        d.advice = tr("Try again later, or ask the server's operator to let more people in.");
        return d;
    case Kind::VersionMismatch:
        d.step = Step::LogIn;
        d.cause = problem.detail;
        return d;
    default:
        return std::nullopt;
    }
}
