#pragma once

#include <QHostAddress>
#include <QString>

// Who reads the history. Whispers are shown to their two parties only,
// recognised by nickname and by the address they were connected from; the
// default reader (a plain-text client's replay) sees room messages only.
struct HistoryReader
{
    QString nickKey; // Validation::nickKey() of the reader's nickname
    QHostAddress address;
};
