#include "student-agent/ui/ModuleImage.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QUrl>

namespace classroom::agent {
namespace {

constexpr qint64 kMaxImageFileBytes = 20 * 1024 * 1024;
constexpr int kMaxImageSide = 8000;  // decoding 8000 x 8000 takes 256 MB

bool isModuleImageFormat(const QByteArray& format)
{
    // No other decoder ever sees bytes from a module.
    return format == "png" || format == "jpeg" || format == "jpg" || format == "gif";
}

}  // namespace

bool isInsideFolder(const QString& canonicalRoot, const QString& canonicalPath)
{
    const QString root = canonicalRoot.endsWith(QLatin1Char('/')) ? canonicalRoot : canonicalRoot + QLatin1Char('/');
    return !canonicalRoot.isEmpty() && canonicalPath.startsWith(root);
}

LoadedImage loadModuleImage(const QString& moduleRoot, const QString& baseFolder, const QString& source)
{
    const QUrl url(source);
    if (!url.isValid() || (!url.scheme().isEmpty() && url.scheme() != QLatin1String("file")) || !url.host().isEmpty())
        return {{}, "not a file of the module"};
    const QString path = url.path(QUrl::FullyDecoded);
    const QString canonical = path.isEmpty() ? QString() : QFileInfo(QDir(baseFolder), path).canonicalFilePath();
    if (canonical.isEmpty())
        return {{}, "missing"};
    if (!isInsideFolder(moduleRoot, canonical))
        return {{}, "outside the module folder"};
    QFile file(canonical);
    if (!QFileInfo(canonical).isFile() || !file.open(QIODevice::ReadOnly))
        return {{}, "not a readable file"};
    if (file.size() > kMaxImageFileBytes)
        return {{}, "larger than 20 MB"};
    QImageReader reader(&file);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);  // photos from a phone come out upright
    if (!isModuleImageFormat(reader.format()))
        return {{}, "not a PNG, JPEG or GIF picture"};
    const QSize size = reader.size();  // from the header, nothing decoded yet
    if (!size.isValid() || size.width() > kMaxImageSide || size.height() > kMaxImageSide)
        return {{}, "more than 8000 pixels wide or high"};
    QImage image = reader.read();
    if (image.isNull())
        return {{}, reader.errorString().toStdString()};
    return {std::move(image), {}};
}

}  // namespace classroom::agent
