#include "outputbatch.h"

#include "clientsession.h"

#include <algorithm>

OutputBatch::OutputBatch(QObject *parent)
    : QObject(parent)
{}

void OutputBatch::add(ClientSession *session)
{
    m_waiting.push_back(session);
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QMetaObject::invokeMethod(this, &OutputBatch::flush, Qt::QueuedConnection);
    }
}

void OutputBatch::remove(ClientSession *session)
{
    m_waiting.erase(std::remove(m_waiting.begin(), m_waiting.end(), session), m_waiting.end());
}

void OutputBatch::flush()
{
    m_flushScheduled = false;
    // Flushing never queues more output, but it may close a connection that
    // then leaves the batch: work on a copy.
    std::vector<ClientSession *> waiting;
    waiting.swap(m_waiting);
    for (ClientSession *session : waiting)
        session->sendBatchedOutput();
}
