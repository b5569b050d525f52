// Export of stored conversations to Markdown and JSON, from a real SQLite
// file: golden files compared byte for byte, lossless JSON, safe and unique
// file names, and never overwriting a file that is not an earlier export.
//
// CONFAB_UPDATE_GOLDEN=1 rewrites tests/data/export/ from the current output
// (then read the diff before committing it).
#include "export/conversationexporter.h"
#include "export/exportfilename.h"
#include "export/jsonexporter.h"
#include "export/markdownexporter.h"
#include "exportfixture.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

bool writeAll(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name);
}

// Where two byte strings first differ, with some context; empty when equal.
QString difference(const QByteArray &actual, const QByteArray &expected)
{
    if (actual == expected)
        return {};
    qsizetype i = 0;
    while (i < actual.size() && i < expected.size() && actual.at(i) == expected.at(i))
        ++i;
    const qsizetype from = qMax<qsizetype>(0, i - 40);
    return QStringLiteral(
               "sizes %1 vs %2, first difference at byte %3:\nactual:   %4\nexpected: %5")
        .arg(actual.size())
        .arg(expected.size())
        .arg(i)
        .arg(QString::fromUtf8(actual.mid(from, 80)), QString::fromUtf8(expected.mid(from, 80)));
}

QString goldenFolder(ExportFormat format)
{
    const QString root = QFINDTESTDATA("data/export");
    return root + (format == ExportFormat::Markdown ? QStringLiteral("/markdown")
                                                    : QStringLiteral("/json"));
}
} // namespace

class TestConversationExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    SqliteDatabase m_database;
    std::unique_ptr<ConversationStore> m_store;

    QString freshFolder(const QString &name) const
    {
        const QString path = m_dir.filePath(name);
        QDir(path).removeRecursively();
        return path;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_database.open(m_dir.filePath(QStringLiteral("confab.sqlite3"))));
        const QString created = ExportFixture::create(m_database.connection());
        QVERIFY2(created.isEmpty(), qPrintable(created));
        m_store = std::make_unique<ConversationStore>(m_database);
    }

    void matchesGoldenFiles_data()
    {
        QTest::addColumn<ExportFormat>("format");
        QTest::newRow("markdown") << ExportFormat::Markdown;
        QTest::newRow("json") << ExportFormat::Json;
    }
    void matchesGoldenFiles()
    {
        QFETCH(ExportFormat, format);
        const QString out = freshFolder(QStringLiteral("golden"));
        const Result<QStringList> written =
            ConversationExporter(*m_store).exportToFolder(out, format);
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error()));
        QCOMPARE(written.value().size(), 3);

        const QString golden = goldenFolder(format);
        if (qEnvironmentVariableIntValue("CONFAB_UPDATE_GOLDEN")) {
            QVERIFY(QDir().mkpath(golden));
            for (const QString &name : filesIn(out))
                QVERIFY(writeAll(golden + u'/' + name, readAll(out + u'/' + name)));
        }
        // The names themselves are part of the contract (slug, id, extension).
        QCOMPARE(filesIn(out), filesIn(golden));
        for (const QString &name : filesIn(golden)) {
            const QString diff =
                difference(readAll(out + u'/' + name), readAll(golden + u'/' + name));
            QVERIFY2(diff.isEmpty(), qPrintable(name + QStringLiteral(": ") + diff));
        }
    }

    void singleFileMatchesTheGoldenFile()
    {
        const QString path = m_dir.filePath(QStringLiteral("chosen by the user.md"));
        QVERIFY(ConversationExporter(*m_store).exportToFile(1, path, ExportFormat::Markdown));
        const QString golden = goldenFolder(ExportFormat::Markdown) +
                               QStringLiteral("/trip-plan-東京-spring-notes-1.md");
        QCOMPARE(readAll(path), readAll(golden));
        // Replacing the file the user chose (the dialog asked) is the point here.
        QVERIFY(writeAll(path, "old"));
        QVERIFY(ConversationExporter(*m_store).exportToFile(1, path, ExportFormat::Markdown));
        QCOMPARE(readAll(path), readAll(golden));
    }

    void markdownKeepsContentExactly()
    {
        const Result<QList<ChatMessage>> messages = m_store->messages(1);
        QVERIFY(messages.ok());
        const Result<QByteArray> markdown =
            ConversationExporter(*m_store).render(1, ExportFormat::Markdown);
        QVERIFY(markdown.ok());
        const QString text = QString::fromUtf8(markdown.value());
        for (const ChatMessage &m : messages.value())
            QVERIFY2(text.contains(m.content), qPrintable(m.content));
        // The reply cut off inside a Python block gets that block closed, so the
        // rest of the document is not swallowed into it.
        QVERIFY(text.endsWith(QStringLiteral("    print(\"半分\n```\n\n> **Interrupted:**"
                                             " the connection closed before the reply was "
                                             "complete.\n>\n> **Error:** The connection closed "
                                             "before the reply was complete. Everything "
                                             "received is kept.\n")));
    }

    void jsonIsLossless()
    {
        const QString out = freshFolder(QStringLiteral("lossless"));
        // Every BMP character SQLite keeps (no NUL, surrogates or U+FFFE/U+FFFF)
        // and some beyond it, in every text field.
        QString everything;
        for (char16_t c = 1; c < 0xD800; ++c)
            everything.append(QChar(c));
        for (char16_t c = 0xE000; c < 0xFFFE; ++c)
            everything.append(QChar(c));
        everything += QStringLiteral("🙂𠀀");
        Result<Conversation> c = m_store->createConversation(everything, everything);
        QVERIFY(c.ok());
        Result<ConversationStore::Exchange> exchange =
            m_store->addExchange(c.value().id, everything, everything);
        QVERIFY(exchange.ok());
        ChatMessage reply = exchange.value().assistant;
        reply.content = everything;
        reply.reasoning = everything;
        reply.state = MessageState::Truncated;
        reply.promptTokens = 7;
        reply.completionTokens = 0;
        reply.usageEstimated = true;
        QVERIFY(m_store->saveMessage(reply));

        const QList<qint64> ids{1, 2, 3, c.value().id};
        const Result<QStringList> written =
            ConversationExporter(*m_store).exportToFolder(out, ExportFormat::Json, ids);
        QVERIFY(written.ok());
        QCOMPARE(written.value().size(), ids.size());
        for (int i = 0; i < ids.size(); ++i) {
            QJsonParseError error;
            const QJsonObject root =
                QJsonDocument::fromJson(readAll(written.value().at(i)), &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(root.value(QLatin1String("format")).toString(), JsonExporter::formatName());
            QCOMPARE(root.value(QLatin1String("formatVersion")).toInt(),
                     JsonExporter::kFormatVersion);

            const Conversation expected = m_store->conversation(ids.at(i)).value();
            const QJsonObject conv = root.value(QLatin1String("conversation")).toObject();
            QCOMPARE(conv.size(), 6);
            QCOMPARE(conv.value(QLatin1String("id")).toInteger(), expected.id);
            QCOMPARE(conv.value(QLatin1String("title")).toString(), expected.title);
            QCOMPARE(conv.value(QLatin1String("model")).toString(), expected.model);
            QCOMPARE(conv.value(QLatin1String("systemPrompt")).toString(), expected.systemPrompt);
            QCOMPARE(QDateTime::fromString(conv.value(QLatin1String("createdAt")).toString(),
                                           Qt::ISODateWithMs),
                     expected.createdAt);
            QCOMPARE(QDateTime::fromString(conv.value(QLatin1String("updatedAt")).toString(),
                                           Qt::ISODateWithMs),
                     expected.updatedAt);

            const QList<ChatMessage> messages = m_store->messages(ids.at(i)).value();
            const QJsonArray array = root.value(QLatin1String("messages")).toArray();
            QCOMPARE(array.size(), messages.size());
            for (int j = 0; j < messages.size(); ++j) {
                const ChatMessage &m = messages.at(j);
                const QJsonObject o = array.at(j).toObject();
                QCOMPARE(o.size(), 13);
                QCOMPARE(o.value(QLatin1String("id")).toInteger(), m.id);
                QCOMPARE(o.value(QLatin1String("conversationId")).toInteger(), m.conversationId);
                QCOMPARE(ChatMessage::roleFromString(o.value(QLatin1String("role")).toString()),
                         m.role);
                QCOMPARE(o.value(QLatin1String("content")).toString(), m.content);
                QCOMPARE(o.value(QLatin1String("reasoning")).toString(), m.reasoning);
                QCOMPARE(messageStateFromString(o.value(QLatin1String("state")).toString()),
                         m.state);
                QCOMPARE(o.value(QLatin1String("model")).toString(), m.model);
                if (!m.error.contains(ExportFixture::leakedKey()))
                    QCOMPARE(o.value(QLatin1String("error")).toString(), m.error);
                QCOMPARE(o.value(QLatin1String("promptTokens")).toInt(-1), m.promptTokens);
                QCOMPARE(o.value(QLatin1String("completionTokens")).toInt(-1), m.completionTokens);
                QCOMPARE(o.value(QLatin1String("usageEstimated")).toBool(!m.usageEstimated),
                         m.usageEstimated);
                QCOMPARE(QDateTime::fromString(o.value(QLatin1String("createdAt")).toString(),
                                               Qt::ISODateWithMs),
                         m.createdAt);
                QCOMPARE(QDateTime::fromString(o.value(QLatin1String("updatedAt")).toString(),
                                               Qt::ISODateWithMs),
                         m.updatedAt);
            }
        }
        QVERIFY(m_store->deleteConversation(c.value().id));
    }

    void noExportContainsTheKeyAServerEchoed()
    {
        // The fixture stores an error quoting a key, as a server may echo it.
        QVERIFY(m_store->messages(2).value().at(1).error.contains(ExportFixture::leakedKey()));
        for (ExportFormat format : {ExportFormat::Markdown, ExportFormat::Json}) {
            const QString out = freshFolder(QStringLiteral("redacted"));
            const Result<QStringList> written =
                ConversationExporter(*m_store).exportToFolder(out, format);
            QVERIFY(written.ok());
            for (const QString &path : written.value()) {
                const QByteArray data = readAll(path);
                QVERIFY2(!data.contains(ExportFixture::leakedKey().toUtf8()), qPrintable(path));
                QVERIFY2(!data.contains("sk-proj-"), qPrintable(path));
            }
        }
    }

    void exportingAgainUpdatesTheSameFiles()
    {
        const QString out = freshFolder(QStringLiteral("again"));
        ConversationExporter exporter(*m_store);
        for (ExportFormat format : {ExportFormat::Markdown, ExportFormat::Json}) {
            const Result<QStringList> first = exporter.exportToFolder(out, format);
            QVERIFY(first.ok());
            // An older export of the same conversation, as a previous version left it.
            const QString older = first.value().constFirst();
            const QByteArray fresh = readAll(older);
            QByteArray stale = fresh;
            if (format == ExportFormat::Markdown)
                stale += "an older reply\n";
            else
                stale.replace("\"formatVersion\": 1", "\"formatVersion\": 0");
            QVERIFY(stale != fresh);
            QVERIFY(writeAll(older, stale));
            const Result<QStringList> second = exporter.exportToFolder(out, format);
            QVERIFY(second.ok());
            QCOMPARE(second.value(), first.value());
            QCOMPARE(readAll(older), fresh);
        }
        QCOMPARE(filesIn(out).size(), 6);
    }

    void neverOverwritesAnUnrelatedFile_data()
    {
        QTest::addColumn<ExportFormat>("format");
        QTest::addColumn<QByteArray>("existing");
        QTest::newRow("a note") << ExportFormat::Markdown << QByteArray("my own notes\n");
        QTest::newRow("front matter of another conversation")
            << ExportFormat::Markdown
            << QByteArray("---\ntitle: \"x\"\nid: 3\ngenerator: Confab\n---\n");
        QTest::newRow("front matter without our marker")
            << ExportFormat::Markdown << QByteArray("---\nid: 1\n---\n");
        QTest::newRow("json of another conversation")
            << ExportFormat::Json
            << QByteArray(R"({"format": "confab.conversation", "conversation": {"id": 3}})");
        QTest::newRow("other json") << ExportFormat::Json << QByteArray(R"({"id": 1})");
    }
    void neverOverwritesAnUnrelatedFile()
    {
        QFETCH(ExportFormat, format);
        QFETCH(QByteArray, existing);
        const QString out = freshFolder(QStringLiteral("unrelated"));
        QVERIFY(QDir().mkpath(out));
        const QString taken =
            out + u'/' + ExportFileName::forConversation(m_store->conversation(1).value(), format);
        QVERIFY(writeAll(taken, existing));
        const Result<QStringList> written =
            ConversationExporter(*m_store).exportToFolder(out, format, {1});
        QVERIFY(written.ok());
        QCOMPARE(readAll(taken), existing);
        const QString expected =
            out + u'/' +
            ExportFileName::forConversation(m_store->conversation(1).value(), format, 2);
        QCOMPARE(written.value(), QStringList{expected});
        QCOMPARE(readAll(expected), ConversationExporter(*m_store).render(1, format).value());
    }

    void aSymlinkIsNotFollowed()
    {
        const QString out = freshFolder(QStringLiteral("symlink"));
        QVERIFY(QDir().mkpath(out));
        const QString victim = m_dir.filePath(QStringLiteral("victim.txt"));
        QVERIFY(writeAll(victim, "precious"));
        const QString name = ExportFileName::forConversation(m_store->conversation(1).value(),
                                                             ExportFormat::Markdown);
        QVERIFY(QFile::link(victim, out + u'/' + name));
        const Result<QStringList> written =
            ConversationExporter(*m_store).exportToFolder(out, ExportFormat::Markdown, {1});
        QVERIFY(written.ok());
        QCOMPARE(readAll(victim), QByteArray("precious"));
        QVERIFY(written.value().constFirst().endsWith(QStringLiteral("-1-2.md")));
    }

    void folderErrorsAreReported()
    {
        const QString file = m_dir.filePath(QStringLiteral("a-file"));
        QVERIFY(writeAll(file, "x"));
        ConversationExporter exporter(*m_store);
        const Result<QStringList> intoFile = exporter.exportToFolder(file, ExportFormat::Markdown);
        QVERIFY(!intoFile.ok());
        QVERIFY2(intoFile.error().contains(QStringLiteral("not a folder")),
                 qPrintable(intoFile.error()));
        // Under a regular file no folder can be created, even by root.
        const Result<QStringList> under =
            exporter.exportToFolder(file + QStringLiteral("/sub"), ExportFormat::Markdown);
        QVERIFY(!under.ok());
        QVERIFY2(under.error().contains(QStringLiteral("could not be created")),
                 qPrintable(under.error()));
        const Result<QStringList> unknown = exporter.exportToFolder(
            freshFolder(QStringLiteral("unknown")), ExportFormat::Markdown, {424242});
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().contains(QStringLiteral("424242")), qPrintable(unknown.error()));
        QVERIFY(!exporter.exportToFile(1, file + QStringLiteral("/x.md"), ExportFormat::Markdown));
    }

    void slugs_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("slug");
        QTest::newRow("plain") << QStringLiteral("Hello World") << QStringLiteral("hello-world");
        QTest::newRow("cjk kept") << QStringLiteral("东京 旅行计划")
                                  << QStringLiteral("东京-旅行计划");
        QTest::newRow("separators")
            << QStringLiteral("a/b\\c:d*e?f\"g<h>i|j") << QStringLiteral("a-b-c-d-e-f-g-h-i-j");
        QTest::newRow("traversal")
            << QStringLiteral("../../etc/passwd") << QStringLiteral("etc-passwd");
        QTest::newRow("controls") << QStringLiteral("a\nb\tc\u0000d\u007fe\u202ef")
                                  << QStringLiteral("a-b-c-d-e-f");
        QTest::newRow("emoji only") << QStringLiteral("🙂🚀") << QStringLiteral("conversation");
        QTest::newRow("empty") << QString() << QStringLiteral("conversation");
        QTest::newRow("dots") << QStringLiteral("...") << QStringLiteral("conversation");
        QTest::newRow("reserved") << QStringLiteral("CON") << QStringLiteral("con_");
        QTest::newRow("reserved lpt") << QStringLiteral("lpt1") << QStringLiteral("lpt1_");
        QTest::newRow("not reserved") << QStringLiteral("console") << QStringLiteral("console");
        // Checked by fuzz_exportfilename: superscript digits are kept (Number_Other), and
        // Windows reserves COM¹-COM³ and LPT¹-LPT³ too.
        QTest::newRow("reserved superscript")
            << QStringLiteral("COM\u00b9") << QStringLiteral("com\u00b9_");
        QTest::newRow("reserved lpt superscript")
            << QStringLiteral("Lpt\u00b3") << QStringLiteral("lpt\u00b3_");
        QTest::newRow("accents nfc")
            << QStringLiteral("Cafe\u0301 crème") << QStringLiteral("caf\u00e9-crème");
        QTest::newRow("devanagari marks")
            << QStringLiteral("नमस्ते दुनिया") << QStringLiteral("नमस्ते-दुनिया");
        QTest::newRow("beyond bmp") << QStringLiteral("𠀀𠀁") << QStringLiteral("𠀀𠀁");
    }
    void slugs()
    {
        QFETCH(QString, title);
        QFETCH(QString, slug);
        QCOMPARE(ExportFileName::slug(title), slug);
    }

    void longSlugsAreCutOnCharacterBoundaries_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::newRow("ascii") << QStringLiteral("a");
        QTest::newRow("cjk, 3 bytes") << QStringLiteral("漢");
        QTest::newRow("beyond bmp, 4 bytes") << QStringLiteral("𠀀");
        QTest::newRow("letter and accent") << QStringLiteral("e\u0301\u0301");
    }
    void longSlugsAreCutOnCharacterBoundaries()
    {
        QFETCH(QString, unit);
        const QString slug = ExportFileName::slug(unit.repeated(500));
        QVERIFY(slug.toUtf8().size() <= ExportFileName::kMaxSlugBytes);
        QVERIFY(slug.toUtf8().size() > ExportFileName::kMaxSlugBytes - 8);
        // Whole units only: what is left is the unit repeated (after NFC).
        const QString normalized = unit.normalized(QString::NormalizationForm_C);
        QCOMPARE(slug, normalized.repeated(slug.size() / normalized.size()));
        Conversation c;
        c.id = 1234567;
        c.title = unit.repeated(500);
        QVERIFY(ExportFileName::forConversation(c, ExportFormat::Json, 99).toUtf8().size() < 255);
    }

    void yamlQuoting_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("yaml");
        QTest::newRow("plain") << QStringLiteral("Hello") << QStringLiteral("\"Hello\"");
        QTest::newRow("quotes and backslash")
            << QStringLiteral("say \"hi\" \\o/") << QStringLiteral(R"("say \"hi\" \\o/")");
        QTest::newRow("yaml syntax")
            << QStringLiteral("a: b # c\n---\n- d") << QStringLiteral(R"("a: b # c\n---\n- d")");
        QTest::newRow("controls") << QStringLiteral("\t\r\u0001\u007f\u0085\u2028\u2029\ufeff")
                                  << QStringLiteral(R"("\t\r\x01\x7F\N\L\P\uFEFF")");
        QTest::newRow("cjk and emoji")
            << QStringLiteral("東京 🙂") << QStringLiteral("\"東京 🙂\"");
    }
    void yamlQuoting()
    {
        QFETCH(QString, text);
        QFETCH(QString, yaml);
        QCOMPARE(MarkdownExporter::yamlQuoted(text), yaml);
    }

    void unclosedFences_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("fence");
        QTest::newRow("none") << QStringLiteral("text\n") << QString();
        QTest::newRow("closed") << QStringLiteral("```\ncode\n```\n") << QString();
        QTest::newRow("open") << QStringLiteral("```python\ncode") << QStringLiteral("```");
        QTest::newRow("open tilde") << QStringLiteral("~~~~\n```\n```\n") << QStringLiteral("~~~~");
        QTest::newRow("longer close needed")
            << QStringLiteral("````\n```\n") << QStringLiteral("````");
        QTest::newRow("longer close ok") << QStringLiteral("```\n`````\n") << QString();
        QTest::newRow("indented open") << QStringLiteral("  ```\nx\n") << QStringLiteral("  ```");
        QTest::newRow("four spaces is code") << QStringLiteral("    ```\nx\n") << QString();
        QTest::newRow("backtick in info") << QStringLiteral("``` a`b\nx\n") << QString();
        QTest::newRow("close with text is not a close")
            << QStringLiteral("```\n``` not\n") << QStringLiteral("```");
        QTest::newRow("crlf") << QStringLiteral("```\r\nx\r\n```\r\n") << QString();
    }
    void unclosedFences()
    {
        QFETCH(QString, content);
        QFETCH(QString, fence);
        QCOMPARE(MarkdownExporter::unclosedFence(content), fence);
    }
};

QTEST_GUILESS_MAIN(TestConversationExport)
#include "tst_conversationexport.moc"
