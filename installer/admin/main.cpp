// classroom-admin: the IT staff's command (see `classroom-admin --help`).

#include "installer/admin/AdminCommand.h"

#include <QCoreApplication>

#include <spdlog/spdlog.h>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("classroom"));
    QCoreApplication::setApplicationName(QStringLiteral("classroom-admin"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CLASSROOM_VERSION));
    spdlog::set_level(spdlog::level::warn);
    return classroom::admin::run(QCoreApplication::arguments().mid(1), stdout, stderr);
}
