#pragma once

#include <QStringList>

#include <cstdio>

namespace classroom::admin {

// classroom-admin: what IT staff do from a shell, on the console PC (keys,
// seats, enrollment codes) and on a classroom PC (enroll it, see its status).
// `arguments` excludes the program name. Needs a running QCoreApplication
// (enroll waits for the console in its event loop). Returns the exit code:
// 0 done, 1 could not do it (files, network, refused), 2 wrong usage.
int run(const QStringList& arguments, std::FILE* out, std::FILE* err);

}  // namespace classroom::admin
