#pragma once

#include <QString>

namespace classroom::agent {

// What locks this PC's screen. The core decides when; a front end decides how
// (full-screen windows on every screen, or a log line when headless).
class ScreenLocker {
public:
    virtual ~ScreenLocker() = default;
    // Covers every screen with `message` and takes the keyboard and mouse.
    // Called again with a new message while already locked.
    virtual void engage(const QString& message) = 0;
    virtual void release() = 0;
    virtual bool isEngaged() const = 0;
};

}  // namespace classroom::agent
