#include "student-agent/core/ConsolePin.h"

#include "common/bus/CurveKeys.h"
#include "common/storage/AtomicFile.h"
#include "common/storage/SharedDirectory.h"

#include <fstream>
#include <sstream>
#include <system_error>

namespace classroom::agent {

std::filesystem::path consolePinFile(const std::filesystem::path& stateDirectory)
{
    return stateDirectory / "console.pin";
}

Result<std::optional<ConsolePin>> readConsolePin(const std::filesystem::path& file)
{
    using R = Result<std::optional<ConsolePin>>;
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::symlink_status(file, error)))
        return R::success(std::nullopt);
    // The pin decides which console this PC obeys: in the shared directory
    // only root (classroom-admin enroll) may have written it.
    if (auto trusted = storage::checkTrustedFile(file); !trusted)
        return R::failure("refusing the enrollment: " + trusted.error());
    std::ifstream in(file);
    if (!in)
        return R::failure("cannot read " + file.string() + " (check its permissions)");
    ConsolePin pin;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::istringstream fields(line);
        std::string name;
        std::string value;
        if (!(fields >> name) || name[0] == '#')
            continue;
        fields >> value;
        const std::string where = file.string() + ":" + std::to_string(number) + ": ";
        if (name == "endpoint" && value.rfind("tcp://", 0) == 0)
            pin.endpoint = value;
        else if (name == "key" && bus::isValidZ85Key(value))
            pin.publicKey = value;
        else
            return R::failure(where + "damaged line; enroll this computer again (classroom-admin enroll)");
    }
    if (pin.endpoint.empty() || pin.publicKey.empty())
        return R::failure(file.string() + " is incomplete; enroll this computer again (classroom-admin enroll)");
    return R::success(std::move(pin));
}

Result<void> writeConsolePin(const std::filesystem::path& file, const ConsolePin& pin)
{
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    const std::string text = "# The console this computer was enrolled with (classroom-admin enroll).\n"
                             "# The agent connects only to a console that proves it holds this key.\n"
                             "endpoint " + pin.endpoint + "\nkey " + pin.publicKey + "\n";
    return storage::writeFileAtomically(file, text, 0644);
}

}  // namespace classroom::agent
