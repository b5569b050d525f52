#include "exportfixture.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
qint64 ms(const char *isoUtc)
{
    return QDateTime::fromString(QString::fromLatin1(isoUtc), Qt::ISODateWithMs)
        .toMSecsSinceEpoch();
}

struct Row
{
    qint64 id;
    qint64 conversation;
    const char *role;
    QString content;
    QString reasoning;
    const char *state;
    const char *model;
    QString error;
    QVariant promptTokens;
    QVariant completionTokens;
    const char *created;
    const char *updated;
};

const QString kTableAndCode = QStringLiteral(R"md(| Language | Typing | 速度 |
|---|---|---|
| Python | dynamic | 🐢 slower |
| C++ | static | 🚀 fast |

```python
def greet(name: str) -> str:
    return f"你好, {name}!"
```

~~~cpp
// A raw string holding a Markdown fence:
const char *md = R"(
```
not the end of the tilde block
```
)";
~~~

总结：Python 更易写，C++ 更快。
)md");

const QString kCutInCode = QStringLiteral(R"md(## User · 2024-03-01T09:03:00Z

That line above is only text in my answer.

````markdown
```js
console.log("inner fence");
```
````

```python
for i in range(3):
    print("半分)md");
} // namespace

QString ExportFixture::create(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO conversations "
                             "(id, title, model, system_prompt, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    const struct
    {
        qint64 id;
        QString title;
        const char *model;
        QString systemPrompt;
        const char *created;
        const char *updated;
    } conversations[] = {
        {1, QStringLiteral("Trip plan: 東京 \"spring\" / notes"), "gpt-4o", QString(),
         "2024-03-01T09:00:00.000Z", "2024-03-01T09:05:30.250Z"},
        {2, QString(), "", QStringLiteral("You are terse.\nAnswer in one line."),
         "2024-03-02T10:00:00.000Z", "2024-03-02T10:01:00.000Z"},
        {3, QStringLiteral("../../etc/passwd\t<script>"), "local-llama", QString(),
         "2024-02-28T23:59:59.999Z", "2024-02-29T00:00:01.000Z"},
    };
    for (const auto &c : conversations) {
        q.addBindValue(c.id);
        q.addBindValue(c.title.isNull() ? QStringLiteral("") : c.title);
        q.addBindValue(QString::fromUtf8(c.model));
        q.addBindValue(c.systemPrompt.isNull() ? QStringLiteral("") : c.systemPrompt);
        q.addBindValue(ms(c.created));
        q.addBindValue(ms(c.updated));
        if (!q.exec())
            return q.lastError().text();
    }

    const QVariant none;
    const Row rows[] = {
        {1, 1, "user",
         QStringLiteral("Compare Python and C++ in a table, then show code.\n"
                        "请用中文总结一下。🙂"),
         QString(), "complete", "", QString(), none, none, "2024-03-01T09:00:00.000Z",
         "2024-03-01T09:00:00.000Z"},
        {2, 1, "assistant", kTableAndCode,
         QStringLiteral("The user wants a comparison table.\n\nThen code in both languages, "
                        "and a short Chinese summary."),
         "complete", "gpt-4o", QString(), 42, 180, "2024-03-01T09:00:02.000Z",
         "2024-03-01T09:00:09.500Z"},
        {3, 1, "user",
         QStringLiteral("Now put a heading inside your answer, and stop in the middle of code."),
         QString(), "complete", "", QString(), none, none, "2024-03-01T09:03:00.000Z",
         "2024-03-01T09:03:00.000Z"},
        {4, 1, "assistant", kCutInCode, QString(), "interrupted", "gpt-4o",
         QStringLiteral("The connection closed before the reply was complete. Everything "
                        "received is kept."),
         none, none, "2024-03-01T09:03:01.000Z", "2024-03-01T09:05:30.250Z"},
        {5, 2, "user", QStringLiteral("Hi"), QString(), "complete", "", QString(), none, none,
         "2024-03-02T10:00:00.000Z", "2024-03-02T10:00:00.000Z"},
        {6, 2, "assistant", QString(), QStringLiteral("Thinking about a greeting…"), "failed",
         "deepseek-reasoner",
         QStringLiteral("The API key was rejected (401). Open Settings to enter a valid key. "
                        "Details: Incorrect API key provided: ") +
             leakedKey() + u'.',
         none, none, "2024-03-02T10:00:01.000Z", "2024-03-02T10:00:01.000Z"},
        {7, 2, "user", QStringLiteral("Again"), QString(), "complete", "", QString(), none, none,
         "2024-03-02T10:00:30.000Z", "2024-03-02T10:00:30.000Z"},
        {8, 2, "assistant", QStringLiteral("Hel"), QString(), "stopped", "deepseek-reasoner",
         QString(), 12, 1, "2024-03-02T10:00:31.000Z", "2024-03-02T10:01:00.000Z"},
        {9, 3, "system", QStringLiteral("Be safe."), QString(), "complete", "", QString(), none,
         none, "2024-02-28T23:59:59.999Z", "2024-02-28T23:59:59.999Z"},
        {10, 3, "user", QStringLiteral("Write a long poem"), QString(), "complete", "", QString(),
         none, none, "2024-02-29T00:00:00.000Z", "2024-02-29T00:00:00.000Z"},
        {11, 3, "assistant", QStringLiteral("Roses are red,\nViolets are blue,"), QString(),
         "truncated", "local-llama", QString(), 9, 8, "2024-02-29T00:00:00.500Z",
         "2024-02-29T00:00:00.900Z"},
        {12, 3, "user", QStringLiteral("Something else"), QString(), "complete", "", QString(),
         none, none, "2024-02-29T00:00:00.950Z", "2024-02-29T00:00:00.950Z"},
        {13, 3, "assistant", QString(), QString(), "filtered", "local-llama", QString(), 5, 0,
         "2024-02-29T00:00:01.000Z", "2024-02-29T00:00:01.000Z"},
    };
    q.prepare(QStringLiteral(
        "INSERT INTO messages (id, conversation_id, role, content, reasoning, state, model, "
        "error, prompt_tokens, completion_tokens, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const auto text = [](const QString &s) {
        return s.isNull() ? QStringLiteral("") : s;
    };
    for (const Row &r : rows) {
        q.addBindValue(r.id);
        q.addBindValue(r.conversation);
        q.addBindValue(QString::fromLatin1(r.role));
        q.addBindValue(text(r.content));
        q.addBindValue(text(r.reasoning));
        q.addBindValue(QString::fromLatin1(r.state));
        q.addBindValue(QString::fromLatin1(r.model));
        q.addBindValue(text(r.error));
        q.addBindValue(r.promptTokens);
        q.addBindValue(r.completionTokens);
        q.addBindValue(ms(r.created));
        q.addBindValue(ms(r.updated));
        if (!q.exec())
            return q.lastError().text();
    }
    return {};
}
