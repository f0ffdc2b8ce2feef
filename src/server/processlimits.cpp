#include "processlimits.h"

#include <cstdlib>
#include <limits>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

qint64 ProcessLimits::raiseOpenFileLimit()
{
#ifdef Q_OS_UNIX
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
#ifdef Q_OS_MACOS
        // macOS refuses more than OPEN_MAX for the soft limit.
        if (raised.rlim_cur > 10240)
            raised.rlim_cur = 10240;
#endif
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? std::numeric_limits<qint64>::max()
                                           : qint64(limit.rlim_cur);
#else
    return -1;
#endif
}

qint64 ProcessLimits::releaseFreeMemory()
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    // Released memory still counts as free: trimming again is only worth it
    // when more was freed since.
    constexpr size_t WorthReleasing = 8 * 1024 * 1024;
    static size_t freeAfterTrim = 0;
    const size_t free = mallinfo2().fordblks;
    if (free < freeAfterTrim)
        freeAfterTrim = free;
    if (free >= freeAfterTrim + WorthReleasing) {
        malloc_trim(0);
        freeAfterTrim = mallinfo2().fordblks;
    }
    return qint64(free);
#else
    return 0;
#endif
}
