#include "unsavedquitprompt.h"

#include "session/sessionregistry.h"
#include "store/conversationstore.h"

#include <QMessageBox>
#include <QPushButton>

bool UnsavedQuitPrompt::allowsQuitting(SessionRegistry &sessions, QWidget *parent)
{
    while (sessions.unsavedReplies() > 0) {
        const int n = sessions.unsavedReplies();
        QMessageBox box(QMessageBox::Warning, tr("Replies not saved"),
                        tr("%n repl(ies) could not be saved to disk and would be lost if Confab "
                           "quits now.",
                           nullptr, n),
                        QMessageBox::NoButton, parent);
        box.setInformativeText(sessions.store().lastProblem().what() + QLatin1Char(' ') +
                               tr("Free some space or make the disk writable, then choose Try "
                                  "Again."));
        QPushButton *retry = box.addButton(tr("Try Again"), QMessageBox::AcceptRole);
        QPushButton *quit = box.addButton(tr("Quit Anyway"), QMessageBox::DestructiveRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(retry);
        box.exec();
        if (box.clickedButton() == quit)
            return true;
        if (box.clickedButton() != retry)
            return false;
        sessions.saveUnsavedNow();
    }
    return true;
}
