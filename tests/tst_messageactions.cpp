// What the chat window's actions do underneath, with real parts (a SQLite
// file, the HTTP client against the fake server): Regenerate, Edit and
// resend, long conversations read a page at a time, per-conversation model
// and system prompt, rename, and delete with Undo.
#include "chatworld.h"
#include "session/chatsession.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

class TestMessageActions : public QObject
{
    Q_OBJECT

private:
    struct World : ChatWorld
    {
        // The contents of the messages sent in request `i`, "role: text".
        QStringList sent(int i) const
        {
            QStringList out;
            const QJsonArray messages =
                server.requests().at(i).json().value(QStringLiteral("messages")).toArray();
            for (const QJsonValue &m : messages)
                out << m[QStringLiteral("role")].toString() + QStringLiteral(": ") +
                           m[QStringLiteral("content")].toString();
            return out;
        }
    };
    std::unique_ptr<World> m_world;

    // A conversation with two exchanges, both complete.
    ChatSession *twoExchanges()
    {
        World &w = *m_world;
        ChatSession *s = w.newSession();
        w.enqueueReply({QStringLiteral("first answer")});
        if (!s->send(QStringLiteral("first question")))
            return nullptr;
        if (!QTest::qWaitFor([s] { return !s->isStreaming(); }))
            return nullptr;
        w.enqueueReply({QStringLiteral("second answer")});
        if (!s->send(QStringLiteral("second question")))
            return nullptr;
        if (!QTest::qWaitFor([s] { return !s->isStreaming(); }))
            return nullptr;
        return s;
    }

    static QStringList contents(const QList<ChatMessage> &messages)
    {
        QStringList out;
        for (const ChatMessage &m : messages)
            out << m.content;
        return out;
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp({.model = QStringLiteral("fake-model")}),
                 qPrintable(m_world->errorString()));
    }
    void cleanup() { m_world.reset(); }

    void regenerateReplacesTheLastReply()
    {
        World &w = *m_world;
        ChatSession *s = twoExchanges();
        QVERIFY(s);
        w.enqueueReply({QStringLiteral("better "), QStringLiteral("answer")});
        QVERIFY(s->regenerate());
        QVERIFY(s->isStreaming());
        QTRY_VERIFY(!s->isStreaming());
        // The request asked the same question again, without the old answer.
        QCOMPARE(w.sent(2), (QStringList{QStringLiteral("user: first question"),
                                         QStringLiteral("assistant: first answer"),
                                         QStringLiteral("user: second question")}));
        const QStringList expected{QStringLiteral("first question"), QStringLiteral("first answer"),
                                   QStringLiteral("second question"),
                                   QStringLiteral("better answer")};
        QCOMPARE(contents(s->model()->messages()), expected);
        QCOMPARE(contents(w.stored(s->conversationId())), expected);
        QCOMPARE(w.stored(s->conversationId()).last().state, MessageState::Complete);
    }

    void editAndResendReplacesEverythingAfterTheMessage()
    {
        World &w = *m_world;
        ChatSession *s = twoExchanges();
        QVERIFY(s);
        const qint64 firstQuestion = s->model()->messages().at(0).id;
        w.enqueueReply({QStringLiteral("answer to the new question")});
        QVERIFY(s->editAndResend(firstQuestion, QStringLiteral("  a new question  ")));
        QTRY_VERIFY(!s->isStreaming());
        QCOMPARE(w.sent(2), QStringList{QStringLiteral("user: a new question")});
        const QStringList expected{QStringLiteral("a new question"),
                                   QStringLiteral("answer to the new question")};
        QCOMPARE(contents(s->model()->messages()), expected);
        QCOMPARE(contents(w.stored(s->conversationId())), expected);
        // The edited message keeps its place (and id).
        QCOMPARE(s->model()->messages().at(0).id, firstQuestion);
    }

    void editIsRefusedWhileStreamingAndForReplies()
    {
        World &w = *m_world;
        ChatSession *s = twoExchanges();
        QVERIFY(s);
        const qint64 reply = s->model()->messages().at(1).id;
        QVERIFY(!s->editAndResend(reply, QStringLiteral("not mine")));
        QVERIFY(!s->editAndResend(s->model()->messages().at(0).id, QStringLiteral("   ")));
        FakeResponse slow;
        slow.steps =
            FakeOpenAiServer::split(FakeOpenAiServer::chatStream({QStringLiteral("slow")}), 8, 200);
        w.server.enqueue(slow);
        QVERIFY(s->regenerate());
        QVERIFY(!s->editAndResend(s->model()->messages().at(0).id, QStringLiteral("x")));
        QVERIFY(!s->regenerate());
        s->stop();
        QCOMPARE(w.stored(s->conversationId()).size(), 4);
    }

    void aLongConversationOpensWithItsNewestPage()
    {
        World &w = *m_world;
        const int total = MessageListModel::kPageSize * 2 + 7;
        const qint64 id = w.storeConversation(total / 2, QStringLiteral("fake-model"));
        QVERIFY(id != 0);
        const int stored = total / 2 * 2;
        Result<ChatSession *> opened = w.registry->session(id);
        QVERIFY(opened);
        ChatSession *s = opened.value();
        MessageListModel *model = s->model();
        QCOMPARE(model->rowCount(), MessageListModel::kPageSize);
        QVERIFY(model->canFetchMore({}));
        QCOMPARE(model->messages().last().content, QStringLiteral("a%1").arg(total / 2 - 1));

        // A request still carries the whole conversation.
        w.enqueueReply({QStringLiteral("ok")});
        QVERIFY(s->send(QStringLiteral("and now?")));
        QTRY_VERIFY(!s->isStreaming());
        const QStringList sent = w.sent(0);
        QCOMPARE(sent.size(), stored + 1);
        QCOMPARE(sent.first(), QStringLiteral("user: q0"));

        // Older pages come on demand, at the top, in order. (The tester
        // fetches too, as views do.)
        QSignalSpy inserted(model, &QAbstractItemModel::rowsInserted);
        new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                     s);
        while (model->canFetchMore({}))
            model->fetchMore({});
        QVERIFY(inserted.size() >= 1);
        QCOMPARE(model->rowCount(), stored + 2);
        QCOMPARE(model->messages().first().content, QStringLiteral("q0"));
        for (int i = 1; i < model->rowCount(); ++i)
            QVERIFY(model->messages().at(i - 1).id < model->messages().at(i).id);
    }

    void perConversationModelAndSystemPromptAreUsedAndKept()
    {
        World &w = *m_world;
        ChatSession *s = w.registry->newChat();
        // Chosen before the first message: kept when the chat is created.
        QVERIFY(s->setOptions(QStringLiteral("special-model"), QStringLiteral("Be brief.")));
        w.enqueueReply({QStringLiteral("ok")});
        QVERIFY(s->send(QStringLiteral("hi")));
        QTRY_VERIFY(!s->isStreaming());
        const QJsonObject body = w.server.requests().at(0).json();
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("special-model"));
        QCOMPARE(w.sent(0).first(), QStringLiteral("system: Be brief."));
        Result<Conversation> c = w.store->conversation(s->conversationId());
        QVERIFY(c);
        QCOMPARE(c.value().model, QStringLiteral("special-model"));
        QCOMPARE(c.value().systemPrompt, QStringLiteral("Be brief."));
        // Back to the defaults.
        QVERIFY(s->setOptions(QString(), QString()));
        QCOMPARE(w.store->conversation(s->conversationId()).value().model, QString());
    }

    void renameStoresAndShowsTheTitleAndSurvivesTheNextMessage()
    {
        World &w = *m_world;
        ChatSession *s = twoExchanges();
        QVERIFY(s);
        const int row = w.conversations.rowOf(s->conversationId());
        QVERIFY(row >= 0);
        const QModelIndex index = w.conversations.index(row);
        QVERIFY(index.flags() & Qt::ItemIsEditable);
        QVERIFY(w.conversations.setData(index, QStringLiteral("  My   trip  ")));
        QCOMPARE(index.data(ConversationListModel::TitleRole).toString(),
                 QStringLiteral("My trip"));
        QCOMPARE(w.store->conversation(s->conversationId()).value().title,
                 QStringLiteral("My trip"));
        QVERIFY(!w.conversations.setData(index, QStringLiteral("   ")));
        // A later message does not bring the first message's title back.
        w.enqueueReply({QStringLiteral("ok")});
        QVERIFY(s->send(QStringLiteral("more")));
        QTRY_VERIFY(!s->isStreaming());
        QCOMPARE(w.conversations.index(w.conversations.rowOf(s->conversationId()))
                     .data(ConversationListModel::TitleRole)
                     .toString(),
                 QStringLiteral("My trip"));
    }

    void deleteWithUndo()
    {
        World &w = *m_world;
        ChatSession *s = twoExchanges();
        QVERIFY(s);
        const qint64 id = s->conversationId();
        QSignalSpy removed(w.registry.get(), &SessionRegistry::conversationRemoved);
        w.registry->removeWithUndo(id);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(w.conversations.rowOf(id), -1);
        QVERIFY(w.store->conversation(id)); // still stored while Undo is offered
        QVERIFY(w.registry->undoRemoval());
        QVERIFY(w.conversations.rowOf(id) >= 0);
        QCOMPARE(w.stored(id).size(), 4);

        // Committed when the window passes...
        w.registry->removeWithUndo(id);
        QVERIFY(w.registry->commitRemoval());
        QVERIFY(!w.store->conversation(id));
        QVERIFY(!w.registry->undoRemoval());
    }

    void aPendingDeleteIsCommittedAtExitOrByTheNextDelete()
    {
        World &w = *m_world;
        ChatSession *a = twoExchanges();
        QVERIFY(a);
        ChatSession *b = twoExchanges();
        QVERIFY(b);
        const qint64 first = a->conversationId();
        const qint64 second = b->conversationId();
        w.registry->removeWithUndo(first);
        w.registry->removeWithUndo(second); // commits the first
        QVERIFY(!w.store->conversation(first));
        QVERIFY(w.store->conversation(second));
        w.registry.reset(); // the application quits
        QVERIFY(!w.store->conversation(second));
    }
};

QTEST_GUILESS_MAIN(TestMessageActions)
#include "tst_messageactions.moc"
