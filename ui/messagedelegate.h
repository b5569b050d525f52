#pragma once

#include "markdown/markdownrenderer.h"
#include "messagelayout.h"
#include "messagestyle.h"

#include <QCache>
#include <QHash>
#include <QPersistentModelIndex>
#include <QSet>
#include <QStyledItemDelegate>

#include <memory>

class QAbstractItemView;

// Paints one message: who wrote it and when, the model's reasoning folded
// under one line (unfolded on request), its body (Markdown for replies, the
// text as typed for the user's own messages), and how it ended if it did not
// end normally. Each message's MessageLayout is cached, and its height
// per width, so painting and the list's layout pass never re-parse Markdown.
//
// While a reply streams, its new text is not taken on every change: the view
// defers the row and flushes it at most once per frame, and until then the
// row keeps its last layout and height.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    // Where the parts of one message are, in viewport coordinates.
    struct Geometry
    {
        QRect bubble;
        QRect header;
        QRect reasoningToggle; // "▸ Reasoning", when the message has any
        QPointF reasoning;     // top-left of the unfolded reasoning's layout
        QPointF body;          // top-left of the MessageLayout
        QRect note;            // how it ended, if it did not end normally
    };
    // What the view wants shown on top of the content.
    struct Interaction
    {
        qint64 selectionMessage = 0;
        MessageLayout::Position selectionStart;
        MessageLayout::Position selectionEnd;
        qint64 hoverMessage = 0;
        int hoveredCopyButton = -1;
        qint64 copiedMessage = 0;
        int copiedBlock = -1;
    };

    explicit MessageDelegate(QAbstractItemView *view);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The row's layout, brought up to date (unless deferred) at the current width.
    MessageLayout *layout(const QModelIndex &index) const;
    Geometry geometry(const QRect &itemRect, const QModelIndex &index) const;

    // The row's text changed; keep showing the old layout until flush.
    void defer(const QModelIndex &index);
    // Takes the deferred rows, for advance().
    QList<QPersistentModelIndex> takeDeferred();
    // One frame of a streaming row: its layout takes the latest text (or as
    // much as the frame's budget allows). False if some is still held back.
    bool advance(const QModelIndex &index);
    // The row's layout takes its text frame by frame (a stream, or a finished
    // reply still catching up): it is brought up to date only by advance().
    bool isPaced(const QModelIndex &index) const;
    // Something other than the text changed (state, error): drop the height.
    void invalidate(const QModelIndex &index);
    void clearCache();
    // The font or palette changed.
    void updateStyle();

    // A reply's reasoning is folded under one line until the user unfolds it.
    bool isReasoningUnfolded(qint64 messageId) const { return m_unfolded.contains(messageId); }
    void setReasoningUnfolded(const QModelIndex &index, bool unfolded);

    void setInteraction(const Interaction &interaction) { m_interaction = interaction; }
    const Interaction &interaction() const { return m_interaction; }
    const MessageStyle &style() const { return m_style; }

private:
    struct Height
    {
        int width = 0;
        int height = 0;
    };
    int bodyWidth() const;
    // `update`: bring its text up to date unless it is deferred or paced;
    // without, only make sure it exists (advance() then feeds it).
    MessageLayout *layout(const QModelIndex &index, bool update) const;
    int heightFor(const QModelIndex &index, MessageLayout *layout) const;
    QString noteFor(const QModelIndex &index) const;
    // The unfolded reasoning's layout (plain text), or null when folded or none.
    // `update`: take the reasoning's current text (else it keeps what it has).
    MessageLayout *reasoningLayout(const QModelIndex &index, bool update = false) const;
    QString reasoningLabel(const QModelIndex &index) const;
    // Space from the header to the body: the reasoning line, and the reasoning if unfolded.
    int reasoningHeight(const QModelIndex &index) const;

    QAbstractItemView *m_view;
    MarkdownRenderer m_renderer;
    MessageStyle m_style;
    mutable QCache<qint64, MessageLayout> m_layouts;
    // A message too large for the cache's budget still needs a home.
    mutable std::unique_ptr<MessageLayout> m_oversized;
    mutable qint64 m_oversizedId = 0;
    mutable QHash<qint64, Height> m_heights;
    QHash<qint64, QPersistentModelIndex> m_deferred;
    QSet<qint64> m_unfolded;
    mutable QHash<qint64, std::shared_ptr<MessageLayout>> m_reasoning; // unfolded ones only
    Interaction m_interaction;
};
