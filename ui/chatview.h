#pragma once

#include <QListView>

class MessageDelegate;

// The messages of one conversation. A QListView, so only visible messages are
// painted however long the conversation. It follows the bottom while a reply
// streams, unless the user has scrolled up to read.
class ChatView : public QListView
{
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    bool isFollowingBottom() const { return m_followBottom; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onRowsChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);

    MessageDelegate *m_delegate;
    bool m_followBottom = true;
    QMetaObject::Connection m_dataChanged;
};
