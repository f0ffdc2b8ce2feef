#include "dialect.h"

QByteArray Dialect::filterInput(const QByteArray &data, QByteArray *reply)
{
    Q_UNUSED(reply);
    return data;
}
