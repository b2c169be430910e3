#include "tests/bench/AnswersBench.h"

#include "common/storage/Database.h"
#include "tests/bench/BenchClassroom.h"

#include <QDir>

#include <cstdio>
#include <fstream>
#include <map>

namespace classroom::bench {

using namespace std::chrono_literals;

namespace {

std::vector<double> readLatencies(const std::string& agentDir, int files)
{
    std::vector<double> all;
    const QStringList names = QDir(QString::fromStdString(agentDir)).entryList({QStringLiteral("acks-*.txt")}, QDir::Files);
    if (names.size() < files)
        return {};
    for (const QString& name : names) {
        std::ifstream in(agentDir + "/" + name.toStdString());
        double ms = 0;
        while (in >> ms)
            all.push_back(ms);
    }
    return all;
}

} // namespace

int runAnswers(const Arguments& arguments)
{
    const int agents = arguments.number("agents", 50);
    const int perAgent = arguments.number("per-agent", 20);
    BenchClassroom classroom({.agents = agents, .processes = arguments.number("processes", 2), .answersPerAgent = perAgent});
    if (!classroom.start()) {
        std::fprintf(stderr, "bench: not every agent came online\n");
        return 1;
    }
    console::ConsoleController& console = classroom.console();
    auto imported = console.importModule(CLASSROOM_SAMPLE_MODULE_DIR);
    if (!imported || !console.sendModule(console.allSeatKeys(), imported.value().id)) {
        std::fprintf(stderr, "bench: cannot send the sample module: %s\n", imported ? "" : imported.error().c_str());
        return 1;
    }
    if (!runEventLoopUntil([&] {
            for (const console::Seat& seat : console.roster().seats())
                if (!seat.showsModule())
                    return false;
            return true;
        }, 120s)) {
        std::fprintf(stderr, "bench: the module did not reach every seat\n");
        return 1;
    }
    std::fprintf(stderr, "bench: %d agents show the module; starting the quiz\n", agents);
    double agentsCpuBefore = 0;
    for (pid_t pid : classroom.childPids())
        agentsCpuBefore += processCpuSeconds(pid);
    const double consoleCpuBefore = processCpuSeconds();
    const auto started = std::chrono::steady_clock::now();
    const std::uint64_t commitsBefore = console.answerCommits();
    auto quiz = console.startSelfPaced(console.allSeatKeys());
    if (!quiz) {
        std::fprintf(stderr, "bench: %s\n", quiz.error().c_str());
        return 1;
    }
    const int swarms = static_cast<int>(classroom.childPids().size());
    std::vector<double> latencies;
    auto lastLook = std::chrono::steady_clock::now();
    const bool done = runEventLoopUntil([&] {
        // Looking into the folder costs system calls: not on every event.
        if (std::chrono::steady_clock::now() - lastLook < 20ms)
            return false;
        lastLook = std::chrono::steady_clock::now();
        latencies = readLatencies(classroom.agentDirectory(), swarms);
        return !latencies.empty();
    }, 600s);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // CPU used during the quiz: which side was the limit.
    const double consoleCpu = processCpuSeconds() - consoleCpuBefore;
    double agentsCpu = -agentsCpuBefore;
    for (pid_t pid : classroom.childPids())
        agentsCpu += processCpuSeconds(pid);
    if (!done)
        std::fprintf(stderr, "bench: not every answer was acknowledged within 10 minutes\n");

    // What console.db holds, per seat.
    storage::Database& db = console.store().database();
    storage::Statement rows(db, "SELECT seat_key, count(*), count(DISTINCT answer_id) FROM answers WHERE quiz_id = ?1 "
                                "GROUP BY seat_key");
    rows.bind(1, static_cast<std::int64_t>(quiz.value()));
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> perSeat;
    while (rows.step())
        perSeat[rows.columnText(0)] = {rows.columnInt(1), rows.columnInt(2)};
    std::int64_t lost = 0;
    std::int64_t duplicated = 0;
    for (const std::string& key : console.allSeatKeys()) {
        const auto [stored, distinct] = perSeat.count(key) ? perSeat[key] : std::pair<std::int64_t, std::int64_t>{0, 0};
        lost += std::max<std::int64_t>(0, perAgent - distinct);
        duplicated += std::max<std::int64_t>(0, stored - perAgent) + (stored - distinct);
    }
    const std::int64_t total = static_cast<std::int64_t>(agents) * perAgent;
    std::printf("{\"bench\":\"answers\",\"agents\":%d,\"answers\":%lld,\"seconds\":%.3f,\"answers_per_s\":%.0f,"
                "\"ack_p50_ms\":%.1f,\"ack_p99_ms\":%.1f,\"ack_max_ms\":%.1f,\"lost\":%lld,\"duplicated\":%lld,"
                "\"commits\":%llu,\"console_cpu_s\":%.2f,\"agents_cpu_s\":%.2f,\"integrity\":\"%s\",\"console_db\":\"%s\",\"agent_state\":\"%s\",\"agent_processes\":%d,"
                "\"transport\":\"curve+tcp loopback\"}\n",
                agents, static_cast<long long>(total), seconds, static_cast<double>(total) / seconds,
                percentile(latencies, 0.5), percentile(latencies, 0.99), percentile(latencies, 1.0),
                static_cast<long long>(lost), static_cast<long long>(duplicated),
                static_cast<unsigned long long>(console.answerCommits() - commitsBefore), consoleCpu, agentsCpu,
                db.integrityCheck().c_str(),
                onTmpfs(db.file().string()) ? "tmpfs" : "disk", onTmpfs(classroom.agentDirectory()) ? "tmpfs" : "disk",
                swarms);
    std::fflush(stdout);
    return done && lost == 0 && duplicated == 0 ? 0 : 1;
}

} // namespace classroom::bench
