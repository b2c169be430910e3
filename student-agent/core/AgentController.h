#pragma once

#include "common/bus/AgentBus.h"
#include "student-agent/core/AgentSettings.h"
#include "student-agent/core/AgentStateStore.h"
#include "student-agent/core/HeadlessQuizView.h"
#include "student-agent/core/ModuleReceiver.h"
#include "student-agent/core/ModuleView.h"
#include "student-agent/core/QuizView.h"
#include "student-agent/core/ScreenLocker.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <zmq.hpp>

namespace classroom::agent {

// The agent's behaviour, without any window: it applies the state the console
// sends and reports what it applied.
//
// Invariants (fail secure):
// - At start-up the last applied state is re-applied before connecting: a PC
//   that was locked is locked again before anything else happens.
// - A lock is saved before the screen locks; an unlock is saved after the
//   screen unlocks. A crash between the two leaves the PC locked, never open.
// - Only a StateSnapshot from the authenticated console (pinned key) changes
//   the state; losing the console changes nothing.
// - A module is shown only once it is in the verified cache; the page follows
//   the trainer unless free browsing is on. Every page shown becomes a page
//   view in agent.db, deleted only when the console acknowledges it.
class AgentController : public QObject {
    Q_OBJECT
public:
    AgentController(zmq::context_t& context, AgentSettings settings, bus::CurveKeyPair keys,
                    std::unique_ptr<AgentStateStore> store, ScreenLocker& locker, ModuleView& view,
                    QObject* parent = nullptr);
    ~AgentController() override;

    // Re-applies the saved state, then connects to the console.
    void start();

    const protocol::SeatState& appliedState() const { return m_applied; }
    bool isConnected() const { return m_bus.isConnected(); }
    const std::string& publicKey() const { return m_keys.publicKey; }
    const bus::BusCounters& busCounters() const { return m_bus.counters(); }
    quint64 refusals() const { return m_bus.refusals(); }
    ModuleReceiver& moduleReceiver() { return m_receiver; }
    AgentStateStore& store() { return *m_store; }

    // The learner asks for another page; followed only in free browsing.
    void requestPage(int page);

    // Where quizzes are shown; a log-only view unless set (before start()).
    void setQuizView(QuizView& view);
    QuizView& quizView() { return *m_quizView; }
    // The learner answers question `number` of the quiz on screen. The answer
    // is written to agent.db, then sent; it stays there until the console
    // acknowledges it. Ignored when no open quiz asks that question.
    // Returns the answer id, 0 when ignored.
    std::uint64_t submitAnswer(std::uint32_t number, const quiz::Response& response);

Q_SIGNALS:
    void stateApplied(bool locked, const QString& message);
    void pageShown(const QString& moduleId, int page);
    void connectionChanged(bool connected);
    void refusedByConsole();
    // The console answered about an answer (status: protocol::AnswerStatus).
    void answerAcknowledged(quint64 answerId, int status);

private:
    void apply(const protocol::SeatState& state);
    void applyModule();
    void showPage(const ModulePages& module, std::uint32_t page);
    void closeView();
    void sendPageViews();
    void report();
    void sendHello();
    // Quizzes (AgentQuizzes.cpp).
    void applyQuiz();
    void showQuizScreen();
    void refreshQuizScreenSoon();
    void sendPendingAnswers();
    void handleAnswerAck(const protocol::AnswerAck& ack);
    const std::vector<module::gift::Question>& questionsOfShownModule();
    void writeStatus(const char* connection);

    AgentSettings m_settings;
    bus::CurveKeyPair m_keys;
    std::unique_ptr<AgentStateStore> m_store;
    ScreenLocker& m_locker;
    ModuleView& m_view;
    bus::AgentBus m_bus;
    ModuleReceiver m_receiver;
    QTimer m_heartbeat;
    QTimer m_viewResend;
    protocol::SeatState m_desired;  // the console's last word
    protocol::SeatState m_applied;  // what this PC shows
    std::optional<ModulePages> m_shown;
    // The page on screen since when, for its page view.
    std::chrono::steady_clock::time_point m_viewStarted{};
    std::uint64_t m_viewOpenedAtMs = 0;
    std::string m_status;

    HeadlessQuizView m_headlessQuizView;
    QuizView* m_quizView = &m_headlessQuizView;
    QTimer m_answerResend;
    std::chrono::milliseconds m_answerBackoff{0};
    std::chrono::steady_clock::time_point m_nextAnswerResend{};
    std::uint64_t m_quizShown = 0;  // the quiz on screen, 0 for none
    bool m_quizRefreshPending = false;
    std::optional<std::chrono::steady_clock::time_point> m_quizClosesAt;
    std::filesystem::path m_questionsFolder;  // whose questions m_questions holds
    std::vector<module::gift::Question> m_questions;
};

// "connection connected|disconnected|refused|connecting", "since ISO-TIME",
// "console ENDPOINT", "pid N": what the running agent last knew.
inline std::filesystem::path agentStatusFile(const std::filesystem::path& stateDirectory)
{
    return stateDirectory / "status";
}

}  // namespace classroom::agent
