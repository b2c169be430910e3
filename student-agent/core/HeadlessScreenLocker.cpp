#include "student-agent/core/HeadlessScreenLocker.h"

namespace classroom::agent {

void HeadlessScreenLocker::engage(const QString& message)
{
    m_engaged = true;
    m_message = message;
}

void HeadlessScreenLocker::release()
{
    m_engaged = false;
    m_message.clear();
}

}  // namespace classroom::agent
