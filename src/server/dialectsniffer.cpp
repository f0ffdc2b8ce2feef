#include "dialectsniffer.h"

#include "ircdialect.h"
#include "jsondialect.h"
#include "plaintextdialect.h"
#include "serverconfig.h"

DialectSniffer::Verdict DialectSniffer::sniff(QByteArrayView firstBytes)
{
    if (firstBytes.isEmpty())
        return Verdict::NeedMore;
    switch (firstBytes.front()) {
    case '{':
        return Verdict::Json;
    case 0x16: // a TLS record of type handshake: a ClientHello
        return Verdict::Tls;
    default:
        return Verdict::PlainText;
    }
}

std::unique_ptr<Dialect> DialectSniffer::dialectFor(Verdict verdict, const ServerConfig &config)
{
    Q_UNUSED(config);
    switch (verdict) {
    case Verdict::Json:
        return std::make_unique<JsonDialect>(Protocol::MaxFrameBytes);
    case Verdict::PlainText:
        return std::make_unique<PlainTextDialect>();
    case Verdict::NeedMore:
    case Verdict::Tls:
        break;
    }
    return nullptr;
}

std::unique_ptr<Dialect> DialectSniffer::ircDialect(const ServerConfig &config,
                                                    const ChatDirectory &directory)
{
    return std::make_unique<IrcDialect>(config, directory);
}
