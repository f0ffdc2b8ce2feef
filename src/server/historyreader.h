#pragma once

#include <QHostAddress>
#include <QSet>
#include <QString>

#include <optional>

// Who reads the history: room messages of the rooms it is in, and whispers
// shown to their two parties only, recognised by nickname and by the address
// they were connected from (a reader without a nickname sees no whisper).
struct HistoryReader
{
    QString nickKey; // Validation::nickKey() of the reader's nickname
    QHostAddress address;
    // Validation::roomKey() of the rooms whose messages it sees (none: all).
    std::optional<QSet<QString>> rooms;
};
