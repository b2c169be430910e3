#pragma once

#include "common/Result.h"
#include "common/module/Gift.h"

#include <filesystem>
#include <vector>

namespace classroom::quiz {

// The questions of an unpacked, checked module folder: the GIFT file its
// module.txt names under `questions:`, parsed. A module without a questions
// file has none (an empty list, not an error). The file was checked on
// import, so a parse error here means the folder changed since: it is
// reported as a failure naming the file and line, not skipped silently.
// Question numbers used on the wire are indexes into this list.
Result<std::vector<module::gift::Question>> loadModuleQuestions(const std::filesystem::path& moduleFolder);

// The same for a GIFT text already read (the console keeps each module's
// GIFT file next to its bundle). `source` names it in messages.
Result<std::vector<module::gift::Question>> parseQuestions(const std::string& giftText, const std::string& source);

}  // namespace classroom::quiz
