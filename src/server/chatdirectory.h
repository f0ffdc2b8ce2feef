#pragma once

#include <QtGlobal>

class Nicknames;
class RoomRegistry;

// What a dialect may look up at once, read only: who is on the server and
// its rooms (IRC answers WHO, WHOIS, NAMES, LIST and checks a request before
// it becomes one, so that a refusal can carry IRC's numeric and its target).
struct ChatDirectory
{
    const Nicknames *nicknames = nullptr;
    const RoomRegistry *rooms = nullptr;
    qint64 startedAtMs = 0; // when the server started, ms since the epoch
};
