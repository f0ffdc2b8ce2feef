#include "serverconfig.h"

#include "banlist.h"

QString ServerConfig::validate() const
{
    // RFC 6763 §4.1.1: an instance name is one DNS label, 63 bytes of UTF-8 at most.
    if (announceName.toUtf8().size() > 63)
        return QStringLiteral("announce-name is %1 bytes long in UTF-8 (at most 63)")
                .arg(announceName.toUtf8().size());
    if (irc && ircPort != 0 && ircPort == port)
        return QStringLiteral("irc-port (%1) must differ from the chat port").arg(ircPort);
    if (maxFrameBytes != 0 && maxFrameBytes < 1024)
        return QStringLiteral("max-frame must be 0 (no limit) or at least 1024 bytes");
    if (maxFrameBytes != 0 && maxTextBytes > maxFrameBytes)
        return QStringLiteral("max-text (%1) cannot be larger than max-frame (%2)")
                .arg(maxTextBytes)
                .arg(maxFrameBytes);
    if (maxFrameBytes != 0 && recvQueueBytes != 0 && recvQueueBytes < maxFrameBytes)
        return QStringLiteral("recvq (%1) must hold at least one frame of max-frame (%2) bytes")
                .arg(recvQueueBytes)
                .arg(maxFrameBytes);
    if (sendQueueBytes != 0 && sendQueueBytes < 4096)
        return QStringLiteral("sendq must be 0 (no limit) or at least 4096 bytes");
    if (rate < 0 || burst < 0 || maxClients < 0 || maxConnectionsPerIp < 0 || historySize < 0 ||
        replayCap < 0 || joinBacklog < 0 || handshakeTimeoutMs < 0 || pingIntervalMs < 0 ||
        pingTimeoutMs < 0 || maxTextBytes < 0 || recvQueueBytes < 0 || historyDays < 0 ||
        historyMax < 0)
        return QStringLiteral("limits cannot be negative");
    BanList banList;
    for (const QString &ban : bans) {
        const QString problem = banList.add(ban);
        if (!problem.isEmpty())
            return u"ban: " + problem;
    }
    return QString();
}
