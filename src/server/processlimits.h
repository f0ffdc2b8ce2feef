#pragma once

#include <QtGlobal>

// The operating system's per-process limits that a busy server runs into.
class ProcessLimits
{
public:
    // Raises the soft limit on open files to the hard limit (every connection
    // is one). Returns the limit now in force, or -1 where there is none to raise.
    static qint64 raiseOpenFileLimit();
    // Hands memory that was freed (after a busy moment: a join storm, a
    // flood of output) back to the system when much of it is held unused;
    // the C library keeps it otherwise. Returns the bytes it found free.
    static qint64 releaseFreeMemory();
};
