#pragma once

#include "core/result.h"

#include <QRandomGenerator>
#include <QString>

class ConversationStore;

// Conversations that read like real ones, for the benchmarks that need a
// full database (bench_startup, bench_openconversation): start-up and
// opening a chat lay out, tokenize and price what is stored, so the text
// must have the length and the shape of real chats (prose with Markdown:
// lists, code blocks, now and then a table), not "q1"/"a1". Each reply
// carries usage as a server reports it, so its cost is read, not estimated.
// The same seed gives the same text, run after run.
class BenchmarkChats
{
public:
    explicit BenchmarkChats(ConversationStore &store, quint32 seed = 14);

    // A question of one to three sentences (60 to 300 characters).
    QString question();
    // A reply of a few hundred characters (250 to 1,000): a paragraph or two,
    // often a list or a code block, sometimes a table.
    QString reply();

    // Stores a conversation titled `title` of `messages` messages, questions
    // and complete replies by `model` alternating, each reply with reported
    // usage. Its id, or why it could not be stored.
    Result<qint64> store(const QString &title, int messages, const QString &model);

private:
    QString pick(const QStringList &pool);

    ConversationStore &m_store;
    QRandomGenerator m_random;
};
