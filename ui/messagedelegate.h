#pragma once

#include "markdown/markdownrenderer.h"

#include <QCache>
#include <QStyledItemDelegate>

class QTextDocument;
class QAbstractItemView;

// Paints one message: who wrote it and when, its Markdown rendered, and how it
// ended if it did not end normally. The laid-out document is cached per
// message and per width, so painting never re-parses Markdown; only a message
// whose text changed is rendered again.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MessageDelegate(QAbstractItemView *view);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The model changed these rows: their cached layouts are stale.
    void invalidate(const QModelIndex &index);
    void clearCache();

private:
    struct Layout;
    Layout *layoutFor(const QModelIndex &index, int width) const;
    int contentWidth() const;

    QAbstractItemView *m_view;
    MarkdownRenderer m_renderer;
    mutable QCache<qint64, Layout> m_cache;
};
