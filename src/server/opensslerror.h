#pragma once

#include <QString>

// OpenSSL's last error in words, after what was being done ("cannot use the
// TLS certificate: error:0A00018F:SSL routines::ee key too small"), or what
// alone when OpenSSL has none; its error queue is emptied.
QString openSslError(const char *what);
