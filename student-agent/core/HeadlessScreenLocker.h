#pragma once

#include "student-agent/core/ScreenLocker.h"

namespace classroom::agent {

// The lock of a PC with no display (servers, tests, the scripted demo): it
// keeps the state and says in the log what a screen would show.
class HeadlessScreenLocker : public ScreenLocker {
public:
    void engage(const QString& message) override;
    void release() override;
    bool isEngaged() const override { return m_engaged; }
    const QString& message() const { return m_message; }

private:
    bool m_engaged = false;
    QString m_message;
};

}  // namespace classroom::agent
