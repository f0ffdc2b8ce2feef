#include "processlimits.h"

#include <limits>

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
