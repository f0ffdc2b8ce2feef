#pragma once

#include <QtGlobal>

// The operating system's per-process limits that a busy server runs into.
class ProcessLimits
{
public:
    // Raises the soft limit on open files to the hard limit (every connection
    // is one). Returns the limit now in force, or -1 where there is none to raise.
    static qint64 raiseOpenFileLimit();
};
