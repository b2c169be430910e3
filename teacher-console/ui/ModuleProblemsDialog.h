#pragma once

#include <QDialog>

class QPlainTextEdit;

namespace classroom::console {

// Why a module was not added, in the library's words: one problem per line,
// "file:line: reason", in a box the trainer can scroll, select and copy (to
// send to the module's author). Object name "ModuleProblemsDialog".
class ModuleProblemsDialog : public QDialog {
    Q_OBJECT
public:
    ModuleProblemsDialog(const QString& source, const QString& problems, QWidget* parent = nullptr);

    QString problems() const;

private:
    QPlainTextEdit* m_problems;
};

}  // namespace classroom::console
