#pragma once

#include <QImage>
#include <QString>

#include <string>

namespace classroom::agent {

// The one gate between a module's files and Qt's image decoders, for pages
// and question texts alike. A module comes from the console but is still
// treated as untrusted: only a PNG, JPEG or GIF file inside the module's
// folder (after resolving links), at most 20 MB and 8000 pixels a side
// (checked from the header, before anything is decoded).
struct LoadedImage {
    QImage image;         // null when refused
    std::string problem;  // why it was refused, for the log
};

// `source` is the target written in the Markdown, relative to `baseFolder`
// (the page's folder, or the module's own for a question). Both folders are
// canonical paths.
LoadedImage loadModuleImage(const QString& moduleRoot, const QString& baseFolder, const QString& source);

// True when `canonicalPath` lies inside the folder `canonicalRoot`.
bool isInsideFolder(const QString& canonicalRoot, const QString& canonicalPath);

}  // namespace classroom::agent
