#include "teacher-console/ui/ModuleProblemsDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace classroom::console {

ModuleProblemsDialog::ModuleProblemsDialog(const QString& source, const QString& problems, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("ModuleProblemsDialog"));
    setWindowTitle(tr("Module not added"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("This module has problems and was not added:"), this);
    QFont introFont = intro->font();
    introFont.setBold(true);
    intro->setFont(introFont);
    layout->addWidget(intro);
    auto* from = new QLabel(tr("From %1").arg(QDir::toNativeSeparators(source)), this);
    from->setTextInteractionFlags(Qt::TextSelectableByMouse);
    from->setWordWrap(true);
    layout->addWidget(from);
    m_problems = new QPlainTextEdit(problems, this);
    m_problems->setObjectName(QStringLiteral("ModuleProblemsText"));
    m_problems->setReadOnly(true);
    m_problems->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    layout->addWidget(m_problems, 1);
    auto* advice = new QLabel(tr("Each line names the file, the line in it, and what is wrong. Fix these in the "
                                 "module's files (or ask its author to), then add the module again."),
                              this);
    advice->setWordWrap(true);
    layout->addWidget(advice);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(680, 380);
}

QString ModuleProblemsDialog::problems() const
{
    return m_problems->toPlainText();
}

}  // namespace classroom::console
