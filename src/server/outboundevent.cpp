#include "outboundevent.h"

const EncodedBytes &OutboundEvent::bytesFor(const Dialect &dialect) const
{
    const auto key = size_t(dialect.encodingKey());
    Q_ASSERT(key < m_forms.size());
    if (!m_made.test(key)) {
        m_forms[key] = dialect.encode(m_event);
        m_made.set(key);
    }
    return m_forms[key];
}
