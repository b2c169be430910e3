#pragma once

#include <QObject>
#include <QSocketNotifier>

#include <memory>

namespace classroom::app {

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit(), through a
// self-pipe, so sockets close, databases checkpoint and logs flush when a
// service manager or a terminal stops the program.
class QuitOnSignal : public QObject {
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject* parent = nullptr);
    ~QuitOnSignal() override;

private:
    std::unique_ptr<QSocketNotifier> m_notifier;
};

}  // namespace classroom::app
