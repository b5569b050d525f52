#include "models/conversationlistmodel.h"
#include "models/messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QMetaEnum>
#include <QPersistentModelIndex>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

namespace {

using Tester = QAbstractItemModelTester;
constexpr auto kQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

ChatMessage message(qint64 id, const QString &content, MessageState state = MessageState::Complete)
{
    ChatMessage m;
    m.id = id;
    m.conversationId = 1;
    m.role = id % 2 ? ChatMessage::Role::User : ChatMessage::Role::Assistant;
    m.content = content;
    m.state = state;
    m.createdAt = m.updatedAt = QDateTime::fromMSecsSinceEpoch(1000 * id, Qt::UTC);
    return m;
}

QList<ChatMessage> threeMessages()
{
    return {message(1, QStringLiteral("question")),
            message(2, QStringLiteral("answer"), MessageState::Streaming),
            message(3, QStringLiteral("follow-up"))};
}

Conversation conversation(qint64 id, qint64 updatedMs, const QString &title = {})
{
    Conversation c;
    c.id = id;
    c.title = title;
    c.model = QStringLiteral("model-%1").arg(id);
    c.createdAt = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
    c.updatedAt = QDateTime::fromMSecsSinceEpoch(updatedMs, Qt::UTC);
    return c;
}

// Conversations with ids 1..n and the given activity times, in that (unsorted) order.
QList<Conversation> conversations(const QList<qint64> &times)
{
    QList<Conversation> out;
    for (qsizetype i = 0; i < times.size(); ++i)
        out << conversation(i + 1, times.at(i), QStringLiteral("Chat %1").arg(i + 1));
    return out;
}

QList<qint64> idsOf(const QAbstractItemModel &model, int idRole)
{
    QList<qint64> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data(idRole).toLongLong();
    return out;
}

QList<int> sorted(QList<int> roles)
{
    std::sort(roles.begin(), roles.end());
    return roles;
}

// Role enum and roleNames() agree, and no role can collide with Qt's own.
template<typename Model> void checkRoles()
{
    Model model;
    Tester tester(&model, kQtTest);
    const QMetaEnum roles = QMetaEnum::fromType<typename Model::Roles>();
    QVERIFY(roles.isValid());
    QVERIFY(roles.keyCount() > 0);
    QCOMPARE(roles.value(0), Qt::UserRole + 1);

    const QHash<int, QByteArray> names = model.roleNames();
    QSet<QByteArray> seen;
    for (int i = 0; i < roles.keyCount(); ++i) {
        const int role = roles.value(i);
        QVERIFY2(role > Qt::UserRole, roles.key(i));
        QVERIFY2(names.contains(role), roles.key(i));
        QVERIFY2(!names.value(role).isEmpty(), roles.key(i));
        QVERIFY2(!seen.contains(names.value(role)), names.value(role).constData());
        seen.insert(names.value(role));
    }
    // Nothing in roleNames() that is not one of the enum's roles.
    QCOMPARE(names.size(), roles.keyCount());
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void messageRoles();
    void messageData_data();
    void messageData();
    void accessibleTextSaysTheLiveNoteAndNothingForACompleteReply();
    void setMessagesAndAppend();
    void appendContentNamesContentOnly();
    void appendReasoningNamesReasoningOnly();
    void updateNamesChangedRoles_data();
    void updateNamesChangedRoles();
    void unknownMessageIsIgnored();

    void conversationRoles();
    void setConversationsSorts();
    void upsertInserts_data();
    void upsertInserts();
    void upsertExisting_data();
    void upsertExisting();
    void removeConversation();
    void untitledIsNewChat();
};

void TestModels::messageRoles()
{
    checkRoles<MessageListModel>();
}

void TestModels::messageData_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("display") << int(Qt::DisplayRole) << QVariant(QStringLiteral("the answer"));
    QTest::newRow("id") << int(MessageListModel::IdRole) << QVariant(qint64(42));
    QTest::newRow("role") << int(MessageListModel::RoleRole)
                          << QVariant(QStringLiteral("assistant"));
    QTest::newRow("content") << int(MessageListModel::ContentRole)
                             << QVariant(QStringLiteral("the answer"));
    QTest::newRow("reasoning") << int(MessageListModel::ReasoningRole)
                               << QVariant(QStringLiteral("because"));
    QTest::newRow("state") << int(MessageListModel::StateRole)
                           << QVariant(int(MessageState::Truncated));
    QTest::newRow("error") << int(MessageListModel::ErrorRole) << QVariant(QStringLiteral("oops"));
    QTest::newRow("model") << int(MessageListModel::ModelRole) << QVariant(QStringLiteral("gpt"));
    QTest::newRow("created") << int(MessageListModel::CreatedAtRole)
                             << QVariant(QDateTime::fromMSecsSinceEpoch(5000, Qt::UTC));
    // A screen reader hears who wrote it and how it ended, as the chat shows.
    QTest::newRow("accessible text")
        << int(Qt::AccessibleTextRole)
        << QVariant(QStringLiteral("Assistant (Cut off at the length limit — oops): the answer"));
    QTest::newRow("prompt tokens") << int(MessageListModel::PromptTokensRole) << QVariant(11);
    QTest::newRow("completion tokens")
        << int(MessageListModel::CompletionTokensRole) << QVariant(-1);
}

void TestModels::messageData()
{
    QFETCH(int, role);
    QFETCH(QVariant, expected);

    MessageListModel model;
    Tester tester(&model, kQtTest);
    ChatMessage m = message(42, QStringLiteral("the answer"), MessageState::Truncated);
    m.role = ChatMessage::Role::Assistant;
    m.reasoning = QStringLiteral("because");
    m.error = QStringLiteral("oops");
    m.model = QStringLiteral("gpt");
    m.createdAt = QDateTime::fromMSecsSinceEpoch(5000, Qt::UTC);
    m.promptTokens = 11;
    m.completionTokens = -1;
    model.setMessages({message(1, QStringLiteral("before")), m});

    const QVariant value = model.index(1, 0).data(role);
    QCOMPARE(value, expected);
    QVERIFY(!model.index(2, 0).data(role).isValid());
}

void TestModels::accessibleTextSaysTheLiveNoteAndNothingForACompleteReply()
{
    MessageListModel model;
    ChatMessage user = message(1, QStringLiteral("hi"));
    user.role = ChatMessage::Role::User;
    ChatMessage reply = message(2, QStringLiteral("hello"), MessageState::Complete);
    reply.role = ChatMessage::Role::Assistant;
    model.setMessages({user, reply});
    QCOMPARE(model.index(0).data(Qt::AccessibleTextRole).toString(), QStringLiteral("You: hi"));
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Assistant: hello"));
    model.setTransientStatus(2, QStringLiteral("Retrying in 3 s"));
    QCOMPARE(model.index(1).data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("Assistant (Retrying in 3 s): hello"));
}

void TestModels::setMessagesAndAppend()
{
    MessageListModel model;
    Tester tester(&model, kQtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.setMessages(threeMessages());
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(idsOf(model, MessageListModel::IdRole), (QList<qint64>{1, 2, 3}));

    model.append(message(4, QStringLiteral("new")));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(0).value<QModelIndex>(), QModelIndex());
    QCOMPARE(inserted.at(0).at(1).toInt(), 3);
    QCOMPARE(inserted.at(0).at(2).toInt(), 3);
    model.append(message(5, QStringLiteral("newer")));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 4);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(idsOf(model, MessageListModel::IdRole), (QList<qint64>{1, 2, 3, 4, 5}));
    QCOMPARE(model.rowOf(5), 4);
    QVERIFY(model.find(4));
    QCOMPARE(model.find(4)->content, QStringLiteral("new"));

    // Replacing the list is a reset again, not a pile of inserts.
    model.setMessages({message(9, QStringLiteral("other conversation"))});
    QCOMPARE(reset.count(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(idsOf(model, MessageListModel::IdRole), (QList<qint64>{9}));
}

void TestModels::appendContentNamesContentOnly()
{
    MessageListModel model;
    Tester tester(&model, kQtTest);
    model.setMessages(threeMessages());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    // The middle row, so "exactly that row" cannot be confused with first or last.
    model.appendContent(2, QStringLiteral(" is 4"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, 0));
    QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, 0));
    const QList<int> roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(MessageListModel::ContentRole));
    QVERIFY(!roles.contains(MessageListModel::StateRole));
    QVERIFY(!roles.contains(MessageListModel::ReasoningRole));
    QCOMPARE(model.index(1, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("answer is 4"));
    QCOMPARE(model.index(1, 0).data(Qt::DisplayRole).toString(), QStringLiteral("answer is 4"));
    QCOMPARE(model.index(0, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("question"));
    QCOMPARE(model.index(2, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("follow-up"));

    model.appendContent(2, QStringLiteral("."));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(model.index(1, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("answer is 4."));

    // Nothing to add, nothing to repaint.
    model.appendContent(2, QString());
    QCOMPARE(changed.count(), 2);
}

void TestModels::appendReasoningNamesReasoningOnly()
{
    MessageListModel model;
    Tester tester(&model, kQtTest);
    model.setMessages(threeMessages());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.appendReasoning(2, QStringLiteral("Let me think"));
    model.appendReasoning(2, QStringLiteral("…"));
    QCOMPARE(changed.count(), 2);
    for (const QList<QVariant> &args : changed) {
        QCOMPARE(args.at(0).value<QModelIndex>(), model.index(1, 0));
        QCOMPARE(args.at(1).value<QModelIndex>(), model.index(1, 0));
        QCOMPARE(args.at(2).value<QList<int>>(), QList<int>{MessageListModel::ReasoningRole});
    }
    QCOMPARE(model.index(1, 0).data(MessageListModel::ReasoningRole).toString(),
             QStringLiteral("Let me think…"));
    QCOMPARE(model.index(1, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("answer"));

    model.appendReasoning(2, QString());
    QCOMPARE(changed.count(), 2);
}

void TestModels::updateNamesChangedRoles_data()
{
    QTest::addColumn<ChatMessage>("updated");
    QTest::addColumn<QList<int>>("expectedRoles");

    const ChatMessage base = threeMessages().at(1);
    ChatMessage m;

    m = base;
    m.state = MessageState::Complete;
    QTest::newRow("state") << m << QList<int>{MessageListModel::StateRole};
    m = base;
    m.error = QStringLiteral("The connection dropped.");
    QTest::newRow("error") << m << QList<int>{MessageListModel::ErrorRole};
    m = base;
    m.state = MessageState::Failed;
    m.error = QStringLiteral("The server answered 500.");
    QTest::newRow("state and error")
        << m << QList<int>{MessageListModel::StateRole, MessageListModel::ErrorRole};
    m = base;
    m.promptTokens = 10;
    m.completionTokens = 20;
    QTest::newRow("usage") << m
                           << QList<int>{MessageListModel::PromptTokensRole,
                                         MessageListModel::CompletionTokensRole};
    m = base;
    m.completionTokens = 0;
    QTest::newRow("completion usage only")
        << m << QList<int>{MessageListModel::CompletionTokensRole};
    m = base;
    m.model = QStringLiteral("served-model");
    QTest::newRow("model") << m << QList<int>{MessageListModel::ModelRole};
    m = base;
    m.reasoning = QStringLiteral("thought");
    QTest::newRow("reasoning") << m << QList<int>{MessageListModel::ReasoningRole};
    m = base;
    m.content = QStringLiteral("final answer");
    QTest::newRow("content") << m << QList<int>{Qt::DisplayRole, MessageListModel::ContentRole};
    m = base;
    m.content = QStringLiteral("final answer");
    m.state = MessageState::Complete;
    m.promptTokens = 1;
    QTest::newRow("content, state, usage")
        << m
        << QList<int>{Qt::DisplayRole, MessageListModel::ContentRole, MessageListModel::StateRole,
                      MessageListModel::PromptTokensRole};
    QTest::newRow("no change") << base << QList<int>{};
}

void TestModels::updateNamesChangedRoles()
{
    QFETCH(ChatMessage, updated);
    QFETCH(QList<int>, expectedRoles);

    MessageListModel model;
    Tester tester(&model, kQtTest);
    model.setMessages(threeMessages());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.update(updated);
    if (expectedRoles.isEmpty()) {
        QCOMPARE(changed.count(), 0);
    } else {
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QModelIndex>(), model.index(1, 0));
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>(), model.index(1, 0));
        QCOMPARE(sorted(changed.at(0).at(2).value<QList<int>>()), sorted(expectedRoles));
    }

    // The row holds the new message whatever was announced.
    const QModelIndex row = model.index(1, 0);
    QCOMPARE(row.data(MessageListModel::ContentRole).toString(), updated.content);
    QCOMPARE(row.data(MessageListModel::ReasoningRole).toString(), updated.reasoning);
    QCOMPARE(row.data(MessageListModel::StateRole).toInt(), int(updated.state));
    QCOMPARE(row.data(MessageListModel::ErrorRole).toString(), updated.error);
    QCOMPARE(row.data(MessageListModel::ModelRole).toString(), updated.model);
    QCOMPARE(row.data(MessageListModel::PromptTokensRole).toInt(), updated.promptTokens);
    QCOMPARE(row.data(MessageListModel::CompletionTokensRole).toInt(), updated.completionTokens);
    QCOMPARE(model.index(0, 0).data(MessageListModel::ContentRole).toString(),
             QStringLiteral("question"));
}

void TestModels::unknownMessageIsIgnored()
{
    MessageListModel model;
    Tester tester(&model, kQtTest);
    model.setMessages(threeMessages());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.appendContent(99, QStringLiteral("lost"));
    model.appendReasoning(99, QStringLiteral("lost"));
    ChatMessage stranger = message(99, QStringLiteral("stranger"), MessageState::Failed);
    stranger.error = QStringLiteral("e");
    model.update(stranger);

    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(99), -1);
    QVERIFY(!model.find(99));
    for (int row = 0; row < 3; ++row) {
        QCOMPARE(model.index(row, 0).data(MessageListModel::ContentRole).toString(),
                 threeMessages().at(row).content);
        QCOMPARE(model.index(row, 0).data(MessageListModel::ReasoningRole).toString(), QString());
    }
}

void TestModels::conversationRoles()
{
    checkRoles<ConversationListModel>();
}

void TestModels::setConversationsSorts()
{
    ConversationListModel model;
    Tester tester(&model, kQtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // Ids 1..6; 2 and 5 share a time, as do 3 and 6: the newer conversation goes first on a tie,
    // as ConversationStore::conversations() lists them.
    model.setConversations(conversations({200, 500, 100, 400, 500, 100}));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(idsOf(model, ConversationListModel::IdRole), (QList<qint64>{5, 2, 4, 1, 6, 3}));
    QCOMPARE(model.index(0, 0).data(ConversationListModel::UpdatedAtRole).toDateTime(),
             QDateTime::fromMSecsSinceEpoch(500, Qt::UTC));
    QCOMPARE(model.rowOf(1), 3);
    QVERIFY(model.find(4));
    QCOMPARE(model.find(4)->title, QStringLiteral("Chat 4"));
    QVERIFY(!model.find(7));

    model.setConversations({});
    QCOMPARE(reset.count(), 2);
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::upsertInserts_data()
{
    QTest::addColumn<qint64>("updatedMs");
    QTest::addColumn<int>("expectedRow");

    // Existing: id 1 at 300, id 2 at 200, id 3 at 100. The new one is id 10.
    QTest::newRow("newest") << qint64(400) << 0;
    QTest::newRow("between") << qint64(250) << 1;
    QTest::newRow("between lower") << qint64(150) << 2;
    QTest::newRow("oldest") << qint64(50) << 3;
    QTest::newRow("tie goes above the older id") << qint64(200) << 1;
}

void TestModels::upsertInserts()
{
    QFETCH(qint64, updatedMs);
    QFETCH(int, expectedRow);

    ConversationListModel model;
    Tester tester(&model, kQtTest);
    model.setConversations(conversations({300, 200, 100}));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.upsert(conversation(10, updatedMs, QStringLiteral("New one")));

    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), expectedRow);
    QCOMPARE(inserted.at(0).at(2).toInt(), expectedRow);
    QCOMPARE(moved.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(10), expectedRow);
    QCOMPARE(model.index(expectedRow, 0).data(ConversationListModel::TitleRole).toString(),
             QStringLiteral("New one"));

    // The others kept their relative order.
    QList<qint64> others = idsOf(model, ConversationListModel::IdRole);
    others.removeAll(10);
    QCOMPARE(others, (QList<qint64>{1, 2, 3}));
}

void TestModels::upsertExisting_data()
{
    QTest::addColumn<QList<qint64>>("times"); // of ids 1..n
    QTest::addColumn<qint64>("id");
    QTest::addColumn<qint64>("newMs");
    QTest::addColumn<QList<qint64>>("expectedOrder");

    const QList<qint64> four{400, 300, 200, 100};
    QTest::newRow("newer moves to the top")
        << four << qint64(3) << qint64(500) << QList<qint64>{3, 1, 2, 4};
    QTest::newRow("last moves to the top")
        << four << qint64(4) << qint64(500) << QList<qint64>{4, 1, 2, 3};
    QTest::newRow("second moves to the top")
        << four << qint64(2) << qint64(500) << QList<qint64>{2, 1, 3, 4};
    QTest::newRow("tie with the top, newer id")
        << four << qint64(3) << qint64(400) << QList<qint64>{3, 1, 2, 4};
    QTest::newRow("older moves down one")
        << four << qint64(1) << qint64(250) << QList<qint64>{2, 1, 3, 4};
    QTest::newRow("older moves to the bottom")
        << four << qint64(1) << qint64(50) << QList<qint64>{2, 3, 4, 1};
    QTest::newRow("rename, same time")
        << four << qint64(2) << qint64(300) << QList<qint64>{1, 2, 3, 4};
    QTest::newRow("rename the top, same time")
        << four << qint64(1) << qint64(400) << QList<qint64>{1, 2, 3, 4};
    QTest::newRow("newer but still in place")
        << four << qint64(3) << qint64(250) << QList<qint64>{1, 2, 3, 4};
    // Ids 1 and 2 share a time (2 sorts first); renaming either must not swap them.
    const QList<qint64> tied{300, 300, 100};
    QTest::newRow("rename first of a tie")
        << tied << qint64(2) << qint64(300) << QList<qint64>{2, 1, 3};
    QTest::newRow("rename second of a tie")
        << tied << qint64(1) << qint64(300) << QList<qint64>{2, 1, 3};
}

void TestModels::upsertExisting()
{
    QFETCH(QList<qint64>, times);
    QFETCH(qint64, id);
    QFETCH(qint64, newMs);
    QFETCH(QList<qint64>, expectedOrder);

    ConversationListModel model;
    Tester tester(&model, kQtTest);
    model.setConversations(conversations(times));
    const int from = model.rowOf(id);
    QVERIFY(from >= 0);
    const int to = int(expectedOrder.indexOf(id));
    const QPersistentModelIndex tracked(model.index(from, 0));

    // What each dataChanged was about, read while it is emitted (before or after the move,
    // either is correct).
    QList<qint64> changedIds;
    QList<QList<int>> changedRoles;
    connect(
        &model, &QAbstractItemModel::dataChanged, this,
        [&](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
            QCOMPARE(topLeft, bottomRight);
            changedIds << topLeft.data(ConversationListModel::IdRole).toLongLong();
            changedRoles << roles;
        });
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    Conversation updated = conversation(id, newMs, QStringLiteral("Renamed"));
    updated.model = QStringLiteral("other-model");
    model.upsert(updated);

    QCOMPARE(idsOf(model, ConversationListModel::IdRole), expectedOrder);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    const bool sameTime = newMs == times.at(id - 1);
    if (sameTime) // a rename: it stays where it is, whatever its neighbours' times
        QCOMPARE(from, to);
    if (from == to) {
        QCOMPARE(moved.count(), 0);
    } else {
        QCOMPARE(moved.count(), 1);
        const QList<QVariant> &args = moved.at(0);
        QCOMPARE(args.at(1).toInt(), from);
        QCOMPARE(args.at(2).toInt(), from);
        // Qt names the row the moved one goes before, counted before the move.
        QCOMPARE(args.at(4).toInt(), to > from ? to + 1 : to);
    }
    QCOMPARE(tracked.row(), to);

    QCOMPARE(changedIds, QList<qint64>{id});
    QVERIFY(changedRoles.at(0).contains(ConversationListModel::TitleRole));
    QVERIFY(changedRoles.at(0).contains(Qt::DisplayRole));
    QVERIFY(changedRoles.at(0).contains(ConversationListModel::ModelRole));
    if (!sameTime)
        QVERIFY(changedRoles.at(0).contains(ConversationListModel::UpdatedAtRole));

    const QModelIndex now = model.index(to, 0);
    QCOMPARE(now.data(ConversationListModel::TitleRole).toString(), QStringLiteral("Renamed"));
    QCOMPARE(now.data(Qt::DisplayRole).toString(), QStringLiteral("Renamed"));
    QCOMPARE(now.data(ConversationListModel::ModelRole).toString(), QStringLiteral("other-model"));
    QCOMPARE(now.data(ConversationListModel::UpdatedAtRole).toDateTime().toMSecsSinceEpoch(),
             newMs);
}

void TestModels::removeConversation()
{
    ConversationListModel model;
    Tester tester(&model, kQtTest);
    model.setConversations(conversations({300, 200, 100}));
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    model.remove(2);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 1);
    QCOMPARE(removed.at(0).at(2).toInt(), 1);
    QCOMPARE(idsOf(model, ConversationListModel::IdRole), (QList<qint64>{1, 3}));
    QVERIFY(!model.find(2));

    model.remove(2);
    model.remove(99);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 2);

    model.remove(1);
    model.remove(3);
    QCOMPARE(removed.count(), 3);
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::untitledIsNewChat()
{
    ConversationListModel model;
    Tester tester(&model, kQtTest);
    model.setConversations({conversation(1, 200), conversation(2, 100, QStringLiteral("Named"))});

    const QModelIndex untitled = model.index(0, 0);
    QCOMPARE(untitled.data(ConversationListModel::IdRole).toLongLong(), 1);
    QCOMPARE(untitled.data(Qt::DisplayRole).toString(), QStringLiteral("New chat"));
    QCOMPARE(untitled.data(ConversationListModel::TitleRole).toString(),
             QStringLiteral("New chat"));
    QCOMPARE(model.index(1, 0).data(Qt::DisplayRole).toString(), QStringLiteral("Named"));

    // Once it has a title, the title shows.
    model.upsert(conversation(1, 200, QStringLiteral("Chosen")));
    QCOMPARE(model.index(0, 0).data(Qt::DisplayRole).toString(), QStringLiteral("Chosen"));
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
