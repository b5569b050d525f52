#include "messagecontextmenu.h"

#include "chatview.h"
#include "messagedelegate.h"
#include "models/messagelistmodel.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>

// The menu's words are translated in ChatView's context, where they were
// written first: hence QCoreApplication::translate("ChatView", ...), not tr().

MessageContextMenu::MessageContextMenu(ChatView *view, const QModelIndex &index,
                                       const MessageInteraction::BodyHit &hit, bool hasSelection,
                                       MessageActionBar::Actions actions)
    : QMenu(view)
{
    if (hasSelection) {
        QAction *copy = addAction(QIcon::fromTheme(QStringLiteral("edit-copy")),
                                  QCoreApplication::translate("ChatView", "&Copy"), view,
                                  &ChatView::copySelection);
        copy->setShortcut(QKeySequence::Copy);
    }
    addAction(QCoreApplication::translate("ChatView", "Copy &Message"), view,
              [view, index] { view->copyMessage(index); });
    if (hit.inBody && !hit.hit.anchor.isEmpty()) {
        const QString href = hit.hit.anchor;
        addAction(QCoreApplication::translate("ChatView", "&Open Link"), view,
                  [href] { MessageInteraction::openLink(href); });
        addAction(QCoreApplication::translate("ChatView", "Copy &Link Address"), view,
                  [href] { QGuiApplication::clipboard()->setText(href); });
    }
    addCopyCode(view, index, hit.point);
    QAction *selectAll = addAction(QCoreApplication::translate("ChatView", "Select &All"), view,
                                   [view, index] { view->selectAllInMessage(index); });
    selectAll->setShortcut(QKeySequence::SelectAll);
    if (!index.data(MessageListModel::ReasoningRole).toString().isEmpty()) {
        const bool unfolded = view->messageDelegate()->isReasoningUnfolded(
            index.data(MessageListModel::IdRole).toLongLong());
        addAction(unfolded ? tr("Hide Rea&soning") : tr("Show Rea&soning"), view,
                  [view, index] { view->toggleReasoning(index); });
    }
    const qint64 id = index.data(MessageListModel::IdRole).toLongLong();
    if (actions.edit || actions.regenerate || actions.continueGeneration)
        addSeparator();
    if (actions.edit)
        addAction(QCoreApplication::translate("ChatView", "&Edit and Resend"), this,
                  [this, id] { emit editRequested(id); });
    if (actions.regenerate)
        addAction(QCoreApplication::translate("ChatView", "&Regenerate"), this,
                  [this, id] { emit regenerateRequested(id); });
    if (actions.continueGeneration)
        addAction(QCoreApplication::translate("ChatView", "C&ontinue Generation"), this,
                  [this, id] { emit continueRequested(id); });
}

void MessageContextMenu::addCopyCode(ChatView *view, const QModelIndex &index, const QPointF &point)
{
    // Every code block of the message can be copied from here, so the Copy
    // buttons have a keyboard equivalent.
    const MessageLayout *layout = view->messageDelegate()->layout(index);
    const int under = layout->codeBlockAt(point);
    int codeBlocks = 0;
    for (int b = 0; b < layout->blockCount(); ++b)
        codeBlocks += layout->isCode(b) ? 1 : 0;
    if (codeBlocks == 0)
        return;
    if (under >= 0) {
        addAction(QCoreApplication::translate("ChatView", "Copy Code"), view,
                  [view, index, under] { view->copyCode(index, under); });
        return;
    }
    QMenu *codes = addMenu(QCoreApplication::translate("ChatView", "Copy Code"));
    int n = 0;
    for (int b = 0; b < layout->blockCount(); ++b) {
        if (!layout->isCode(b))
            continue;
        const QString lang = layout->language(b);
        const QString label =
            lang.isEmpty()
                ? QCoreApplication::translate("ChatView", "Block %1").arg(++n)
                : QCoreApplication::translate("ChatView", "Block %1 (%2)").arg(++n).arg(lang);
        codes->addAction(label, view, [view, index, b] { view->copyCode(index, b); });
    }
}
