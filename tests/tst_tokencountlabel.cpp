// The live token count under the composer, with a real session: it follows
// typing, the history, the model's encoding, and loads the vocabulary off the
// GUI thread.
#include "chatworld.h"
#include "context/contextlimits.h"
#include "session/chatsession.h"
#include "tokencountlabel.h"
#include "tokenizer/requesttokencounter.h"
#include "tokenizer/tokenizers.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

namespace {

ChatMessage message(ChatMessage::Role role, const QString &content, qint64 id)
{
    ChatMessage m;
    m.id = id;
    m.role = role;
    m.content = content;
    return m;
}

} // namespace

class TestTokenCountLabel : public QObject
{
    Q_OBJECT

private:
    struct World : ChatWorld
    {
        bool setUp()
        {
            // No request is sent here: no server, and the default base URL.
            if (!ChatWorld::setUp({.model = QStringLiteral("gpt-4o"), .listen = false}))
                return false;
            // OpenAI's limits; "small-model" takes 1,200 tokens.
            setContextLimits(ContextLimits::defaults() +
                                 QList<ContextLimits::Entry>{{QStringLiteral("small-model"), 1200}},
                             200);
            return true;
        }
    };
    std::unique_ptr<World> m_world;

    qsizetype expectedRequest(Tokenizer::Encoding encoding, ChatSession *session,
                              const QString &draft)
    {
        RequestTokenCounter counter;
        counter.setTokenizer(m_world->tokenizers.forEncoding(encoding).value());
        return counter.count(session->pendingHistory(), draft).request;
    }

private slots:
    void init()
    {
        m_world = std::make_unique<World>();
        QVERIFY2(m_world->setUp(), qPrintable(m_world->errorString()));
    }
    void cleanup() { m_world.reset(); }

    void emptyWithoutASession()
    {
        TokenCountLabel label(m_world->tokenizers, *m_world->catalogue);
        QPlainTextEdit editor;
        label.setDraftEditor(&editor);
        editor.setPlainText(QStringLiteral("hello"));
        QTest::qWait(2 * TokenCountLabel::kDraftDelayMs + 50);
        QCOMPARE(label.draftTokens(), -1);
        QVERIFY(label.text().isEmpty());
    }

    void followsTypingAndHistory()
    {
        World &w = *m_world;
        w.settings->setSystemPrompt(QStringLiteral("Answer in one line."));
        ChatSession *session = w.registry->newChat();
        session->model()->append(message(ChatMessage::Role::User, QStringLiteral("Hi there"), 1));
        session->model()->append(
            message(ChatMessage::Role::Assistant, QStringLiteral("Hello! How can I help?"), 2));

        TokenCountLabel label(w.tokenizers, *w.catalogue);
        QPlainTextEdit editor;
        label.setDraftEditor(&editor);
        label.setSession(session);
        QVERIFY(!w.tokenizers.isLoaded(Tokenizer::Encoding::O200kBase));
        // The first count waits for the vocabulary, loaded on another thread.
        QTRY_VERIFY(label.requestTokens() >= 0);
        QVERIFY(w.tokenizers.isLoaded(Tokenizer::Encoding::O200kBase));
        const auto o200k = Tokenizer::Encoding::O200kBase;
        QCOMPARE(label.requestTokens(), expectedRequest(o200k, session, QString()));
        QCOMPARE(label.draftTokens(), 0);

        const QString draft = QStringLiteral("Tell me a joke about tokenizers, please.");
        QTest::keyClicks(&editor, draft);
        const Tokenizer &t = *w.tokenizers.forEncoding(o200k).value();
        QTRY_COMPARE(label.draftTokens(), t.count(draft));
        QCOMPARE(label.requestTokens(), expectedRequest(o200k, session, draft));
        QVERIFY2(label.text().contains(QString::number(t.count(draft))), qPrintable(label.text()));
        QVERIFY(!label.text().contains(QLatin1Char('~')));

        // A reply streaming in changes the history.
        const qsizetype before = label.requestTokens();
        session->model()->append(
            message(ChatMessage::Role::User, QStringLiteral("An earlier question"), 3));
        session->model()->appendContent(3, QStringLiteral(" that grew longer and longer"));
        QTRY_VERIFY(label.requestTokens() > before);
        QCOMPARE(label.requestTokens(), expectedRequest(o200k, session, draft));
    }

    void usesTheModelsEncoding()
    {
        World &w = *m_world;
        w.settings->setModel(QStringLiteral("gpt-4"));
        ChatSession *session = w.registry->newChat();
        TokenCountLabel label(w.tokenizers, *w.catalogue);
        QPlainTextEdit editor;
        editor.setPlainText(
            QStringLiteral("注意：このテキストは 🤖 tokenizers 的 test です"));
        label.setDraftEditor(&editor);
        label.setSession(session);
        QTRY_VERIFY(label.draftTokens() >= 0);
        const auto cl100k = Tokenizer::Encoding::Cl100kBase;
        QCOMPARE(label.draftTokens(),
                 w.tokenizers.forEncoding(cl100k).value()->count(editor.toPlainText()));
        QVERIFY(label.toolTip().contains(QLatin1String("cl100k_base")));

        // Another maker's model: an estimate, and marked as one.
        w.settings->setModel(QStringLiteral("llama3.1:8b"));
        QSignalSpy counted(&label, &TokenCountLabel::counted);
        label.refresh();
        QTRY_VERIFY(!counted.isEmpty() && label.text().contains(QLatin1Char('~')));
    }

    // Over the model's context, the label says how many earlier messages a
    // send would leave out, as ChatSession will.
    void saysWhatASendLeavesOut()
    {
        World &w = *m_world;
        w.settings->setModel(QStringLiteral("small-model"));
        ChatSession *session = w.registry->newChat();
        const QString longText = QStringLiteral("tokens ").repeated(300);
        for (int i = 0; i < 6; ++i) {
            session->model()->append(message(
                i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User, longText, i + 1));
        }
        TokenCountLabel label(w.tokenizers, *w.catalogue);
        QPlainTextEdit editor;
        label.setDraftEditor(&editor);
        label.setSession(session);
        QTRY_VERIFY(label.requestTokens() > 1000);
        QVERIFY(label.omittedMessages() >= 3);
        QVERIFY2(label.text().contains(QString::number(label.omittedMessages())),
                 qPrintable(label.text()));
        w.settings->setModel(QStringLiteral("gpt-4o"));
        label.refresh();
        QTRY_COMPARE(label.omittedMessages(), 0);
    }

    // Typing in a long conversation: the history is not tokenized again.
    void staysQuickWithALongHistory()
    {
        World &w = *m_world;
        ChatSession *session = w.registry->newChat();
        const QString paragraph = QStringLiteral(
            "The quick brown fox jumps over the lazy dog, and then writes some code: "
            "for (int i = 0; i < n; ++i) { sum += v[i]; } // 求和\n");
        QString longText;
        for (int i = 0; i < 20; ++i)
            longText += paragraph;
        for (int i = 0; i < 200; ++i) {
            session->model()->append(message(
                i % 2 ? ChatMessage::Role::Assistant : ChatMessage::Role::User, longText, i + 1));
        }
        TokenCountLabel label(w.tokenizers, *w.catalogue);
        QPlainTextEdit editor;
        label.setDraftEditor(&editor);
        label.setSession(session);
        QTRY_VERIFY(label.requestTokens() > 0);

        QSignalSpy counted(&label, &TokenCountLabel::counted);
        QElapsedTimer timer;
        timer.start();
        editor.insertPlainText(QStringLiteral("x"));
        QVERIFY(counted.wait());
        // Figures, not a pass mark: the delay is the debounce, the rest is counting.
        qInfo("history of %lld characters: counted %lld ms after a key (debounce %d ms)",
              qlonglong(200 * longText.size()), timer.elapsed(), TokenCountLabel::kDraftDelayMs);
        QCOMPARE(label.requestTokens(),
                 expectedRequest(Tokenizer::Encoding::O200kBase, session, QStringLiteral("x")));
    }
};

QTEST_MAIN(TestTokenCountLabel)
#include "tst_tokencountlabel.moc"
