#include "outboundevent.h"

const EncodedBytes &OutboundEvent::bytesFor(const Dialect &dialect) const
{
    return bytesFor(dialect, dialect.encodingKeyFor(m_room));
}

const EncodedBytes &OutboundEvent::bytesFor(const Dialect &dialect, int key) const
{
    const auto index = size_t(key);
    Q_ASSERT(index < m_forms.size());
    if (!m_made.test(index)) {
        m_forms[index] = dialect.encode(m_event);
        m_made.set(index);
    }
    return m_forms[index];
}
