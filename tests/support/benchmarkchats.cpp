#include "benchmarkchats.h"

#include "store/conversationstore.h"

#include <QStringList>

#include <algorithm>

namespace {
const QStringList &questions()
{
    static const QStringList pool = {
        QStringLiteral("How do I read a large CSV file in Python without loading it all into "
                       "memory?"),
        QStringLiteral("What is the difference between a mutex and a semaphore?"),
        QStringLiteral("Can you explain how SQLite's WAL mode works and when it is faster?"),
        QStringLiteral("Write a short email to my landlord asking when the heating will be "
                       "repaired."),
        QStringLiteral("Why does my Qt widget not repaint after I change its data?"),
        QStringLiteral("Summarise the main causes of the French Revolution in a few points."),
        QStringLiteral("What's a good way to structure a CMake project with a library and "
                       "tests?"),
        QStringLiteral("How many grams of flour are in a cup, roughly?"),
        QStringLiteral("Translate \"the meeting is moved to Thursday\" into German and French."),
        QStringLiteral("Is it safe to run `git rebase` on a branch others have pulled?"),
        QStringLiteral("Explain big-O notation to a high-school student."),
        QStringLiteral("What should I check before buying a used bicycle?"),
        QStringLiteral("How do I make a bash script stop at the first failing command?"),
        QStringLiteral("Give me three ideas for a vegetarian dinner with lentils."),
        QStringLiteral("What does `std::move` actually do?"),
    };
    return pool;
}

const QStringList &followUps()
{
    static const QStringList pool = {
        QStringLiteral("Please keep it short."),
        QStringLiteral("I'm on Debian 12 if that matters."),
        QStringLiteral("An example would help."),
        QStringLiteral("I tried the obvious thing and it did not work."),
        QStringLiteral("Why is that the recommended way?"),
        QStringLiteral("Thanks, that helped. One more thing about it:"),
        QStringLiteral("Could you compare the two options?"),
    };
    return pool;
}

const QStringList &sentences()
{
    static const QStringList pool = {
        QStringLiteral("The short answer is that it depends on how often the data changes and "
                       "who reads it."),
        QStringLiteral("In practice, the **simplest approach** is usually the right one to try "
                       "first, and you can measure before making it faster."),
        QStringLiteral("This works because the operating system keeps recently used pages in "
                       "memory, so the second read is much cheaper than the first."),
        QStringLiteral("Keep in mind that the default settings are chosen for safety, not for "
                       "speed."),
        QStringLiteral("A common mistake is to do the expensive part inside the loop when it "
                       "could be done once before it."),
        QStringLiteral("If you need the result to be exact, avoid floating point and count in "
                       "whole units instead."),
        QStringLiteral("The documentation calls this *eventual consistency*: every reader sees "
                       "the change, but not necessarily at the same moment."),
        QStringLiteral("You can check it yourself with `time` or a profiler, which is more "
                       "reliable than guessing."),
        QStringLiteral("Here is how I would go about it, step by step."),
        QStringLiteral("Both options are fine for small inputs; the difference only shows with "
                       "thousands of items."),
    };
    return pool;
}

const QStringList &listItems()
{
    static const QStringList pool = {
        QStringLiteral("check the return value of every call that can fail"),
        QStringLiteral("keep the **original** file until the new one is complete"),
        QStringLiteral("write a small test that reproduces the problem"),
        QStringLiteral("use `--dry-run` first to see what would change"),
        QStringLiteral("read the error message to the end; the cause is often in the last "
                       "line"),
        QStringLiteral("prefer one clear name over a comment explaining a vague one"),
        QStringLiteral("measure with realistic data, not an empty database"),
        QStringLiteral("back up before you migrate"),
    };
    return pool;
}

const QStringList &codeBlocks()
{
    static const QStringList pool = {
        QStringLiteral("```python\nimport csv\n\nwith open(\"data.csv\", newline=\"\") as f:\n"
                       "    for row in csv.DictReader(f):\n        process(row)\n```"),
        QStringLiteral("```cpp\nstd::ifstream in(path);\nstd::string line;\n"
                       "while (std::getline(in, line))\n    if (line.find(word) != "
                       "std::string::npos)\n        out.push_back(line);\n```"),
        QStringLiteral("```sh\nset -euo pipefail\ncmake -S . -B build -G Ninja\n"
                       "cmake --build build\n```"),
        QStringLiteral("```sql\nPRAGMA journal_mode = WAL;\nSELECT id, title FROM "
                       "conversations\nORDER BY updated_at DESC LIMIT 50;\n```"),
    };
    return pool;
}

const QString kTable = QStringLiteral("| Option | Speed | Memory |\n|---|---|---|\n"
                                      "| in memory | fast | high |\n| streamed | medium | low "
                                      "|\n| database | slower | low |");
} // namespace

BenchmarkChats::BenchmarkChats(ConversationStore &store, quint32 seed)
    : m_store(store)
    , m_random(seed)
{}

QString BenchmarkChats::pick(const QStringList &pool)
{
    return pool.at(int(m_random.bounded(quint32(pool.size()))));
}

QString BenchmarkChats::question()
{
    QString text = pick(questions());
    const quint32 more = m_random.bounded(3u);
    for (quint32 i = 0; i < more; ++i)
        text += QLatin1Char(' ') + pick(followUps());
    return text;
}

QString BenchmarkChats::reply()
{
    QString text = pick(sentences()) + QLatin1Char(' ') + pick(sentences());
    const quint32 shape = m_random.bounded(8u);
    if (shape < 3) { // a list
        text += QStringLiteral("\n\n");
        const quint32 items = 3 + m_random.bounded(3u);
        for (quint32 i = 0; i < items; ++i)
            text += QStringLiteral("- ") + pick(listItems()) + QLatin1Char('\n');
    } else if (shape < 6) { // a code block
        text += QStringLiteral("\n\n") + pick(codeBlocks()) + QLatin1Char('\n');
    } else if (shape == 6) { // a table
        text += QStringLiteral("\n\n") + kTable + QLatin1Char('\n');
    }
    text += QStringLiteral("\n") + pick(sentences());
    if (m_random.bounded(2u) == 0)
        text += QLatin1Char(' ') + pick(sentences());
    return text;
}

Result<qint64> BenchmarkChats::store(const QString &title, int messages, const QString &model)
{
    Result<Conversation> conversation = m_store.createConversation(title);
    if (!conversation)
        return Result<qint64>::failure(conversation.error());
    const qint64 id = conversation.value().id;
    int historyTokens = 20; // the system prompt
    for (int i = 0; i < messages; i += 2) {
        const QString asked = question();
        Result<ConversationStore::Exchange> exchange = m_store.addExchange(id, asked, model);
        if (!exchange)
            return Result<qint64>::failure(exchange.error());
        if (i + 1 == messages) {
            // An odd count ends with the question: the reply goes again.
            if (VoidResult gone = m_store.deleteMessagesAfter(id, exchange.value().user.id); !gone)
                return Result<qint64>::failure(gone.error());
            break;
        }
        ChatMessage answer = exchange.value().assistant;
        answer.content = reply();
        answer.state = MessageState::Complete;
        // About four characters a token, as OpenAI's tokenizers count English.
        historyTokens += int(asked.size() / 4) + 7;
        answer.promptTokens = std::min(historyTokens, 120000);
        answer.completionTokens = int(answer.content.size() / 4);
        answer.usageEstimated = false;
        historyTokens += answer.completionTokens + 3;
        if (VoidResult saved = m_store.saveMessage(answer); !saved)
            return Result<qint64>::failure(saved.error());
    }
    return id;
}
