#include "opensslerror.h"

#include <openssl/err.h>

QString openSslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    QString text = QLatin1String(what);
    if (code != 0) {
        char reason[256] = {};
        ERR_error_string_n(code, reason, sizeof reason);
        text += u": " + QLatin1String(reason);
    }
    return text;
}
