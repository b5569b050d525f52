#include "messageactions.h"

#include "messagedelegate.h"
#include "models/messagelistmodel.h"
#include "store/messagestate.h"

#include <QAbstractItemView>

namespace {
qint64 idOf(const QModelIndex &index)
{
    return index.data(MessageListModel::IdRole).toLongLong();
}
} // namespace

MessageActions::MessageActions(QAbstractItemView *view, MessageDelegate *delegate,
                               MessageActionBar *bar)
    : QObject(view)
    , m_view(view)
    , m_delegate(delegate)
    , m_bar(bar)
{}

void MessageActions::setSessionState(std::function<bool()> isStreaming,
                                     std::function<bool(qint64)> canContinue)
{
    m_isStreaming = std::move(isStreaming);
    m_canContinue = std::move(canContinue);
}

MessageActionBar::Actions MessageActions::actionsFor(const QModelIndex &index) const
{
    MessageActionBar::Actions a;
    if (!index.isValid())
        return a;
    const QString role = index.data(MessageListModel::RoleRole).toString();
    const bool last = index.row() == m_view->model()->rowCount() - 1;
    const bool hasText = !index.data(MessageListModel::ContentRole).toString().isEmpty();
    // The session's word, not a row's state: a stopped or failed reply can
    // leave a row that looks unfinished while nothing is in flight.
    const bool streaming = !m_isStreaming || m_isStreaming();
    a.copy = hasText;
    a.edit = role == QLatin1String("user") && !streaming;
    const bool reply = role == QLatin1String("assistant");
    a.regenerate = reply && last && !streaming;
    a.continueGeneration = reply && !streaming && m_canContinue && m_canContinue(idOf(index));
    return a;
}

void MessageActions::showBarOn(const QModelIndex &target, bool chosen)
{
    const MessageActionBar::Actions actions = actionsFor(target);
    const QRect item = target.isValid() ? m_view->visualRect(target) : QRect();
    if (!actions.any() || !item.intersects(m_view->viewport()->rect())) {
        m_bar->hide();
        return;
    }
    m_bar->setMessage(idOf(target), actions);
    const MessageDelegate::Geometry g = m_delegate->geometry(item, target);
    // The last reply's bar, shown unasked, would sit over its text once the
    // header is scrolled away; the row above the composer has its actions.
    if (!chosen && g.header.top() < 0) {
        m_bar->hide();
        return;
    }
    const int x = qMax(g.bubble.left(), g.header.right() + 6 - m_bar->width());
    // A message the user points at keeps its bar in sight while the top of it
    // is scrolled away.
    int y = g.header.center().y() - m_bar->height() / 2;
    y = qMin(qMax(y, 2), g.bubble.bottom() - m_bar->height());
    m_bar->move(x, y);
    m_bar->show();
    m_bar->raise();
}
