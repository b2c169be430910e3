#include "common/text/WireText.h"

namespace classroom::text {

std::string toWireText(const QString& text, std::size_t maxBytes, Newlines newlines)
{
    QString cleaned;
    cleaned.reserve(text.size());
    const QString trimmed = text.trimmed();
    for (qsizetype i = 0; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (c == QLatin1Char('\n')) {
            if (newlines == Newlines::Keep)
                cleaned += c;
        } else if (c.isHighSurrogate() && i + 1 < trimmed.size() && trimmed.at(i + 1).isLowSurrogate()) {
            if (!QChar::isNonCharacter(QChar::surrogateToUcs4(c, trimmed.at(i + 1))))
                cleaned.append(c).append(trimmed.at(i + 1));
            ++i;
        } else if (!c.isSurrogate() && !c.isNonCharacter() && c.category() != QChar::Other_Control) {
            cleaned += c;
        }
    }
    std::string bytes = cleaned.toStdString();
    if (bytes.size() <= maxBytes)
        return bytes;
    std::size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xc0) == 0x80)
        --cut;
    return bytes.substr(0, cut);
}

}  // namespace classroom::text
