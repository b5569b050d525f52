// Exports never contain the API key, request headers or anything from the
// keychain. Real parts throughout: a SQLite file, a chat session talking to
// the fake server with the key (from the keychain or from OPENAI_API_KEY),
// a server that echoes the key back in its error, then every export format.
#include "api/chatclient.h"
#include "catalogue/modelcatalogue.h"
#include "costs/spendingledger.h"
#include "export/conversationexporter.h"
#include "fakeopenaiserver.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/chatsession.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"
#include "tokenizer/tokenizers.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

class TestExportSecrets : public QObject
{
    Q_OBJECT

private slots:
    void exportsHoldNoSecret_data()
    {
        QTest::addColumn<bool>("fromEnvironment");
        QTest::newRow("key in the keychain") << false;
        QTest::newRow("key in OPENAI_API_KEY") << true;
    }
    void exportsHoldNoSecret()
    {
        QFETCH(bool, fromEnvironment);
        const QString key = QStringLiteral("sk-live-9f8e7d6c5b4a3210ZYXWVU");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SqliteDatabase database;
        QVERIFY(database.open(dir.filePath(QStringLiteral("confab.sqlite3"))));
        ConversationStore store(database);
        FakeOpenAiServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager network;
        ChatClient client(&network);
        MemorySecretStore secrets;
        ApiKeys keys(secrets, fromEnvironment ? key : QString());
        if (!fromEnvironment) {
            bool saved = false;
            keys.save(key, this, [&saved](const VoidResult &s) { saved = s.ok(); });
            QTRY_VERIFY(saved);
        }
        QSettings qsettings(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
        AppSettings settings(&qsettings, QString());
        settings.setBaseUrl(server.baseUrl());
        settings.setModel(QStringLiteral("fake-model"));
        ConversationListModel conversations;
        Tokenizers tokenizers;
        ModelCatalogue catalogue;
        SpendingLedger spending;
        SessionRegistry registry({store, client, keys, settings, tokenizers, catalogue, spending},
                                 conversations);

        // A server that echoes the key in its error, then one that answers.
        server.enqueue(FakeOpenAiServer::error(401, QStringLiteral("Incorrect API key provided: ") +
                                                        key + QStringLiteral(".")));
        server.enqueue(
            FakeOpenAiServer::sse(FakeOpenAiServer::chatStream({QStringLiteral("Hello")})));
        ChatSession *session = registry.newChat();
        QVERIFY(session->send(QStringLiteral("first")));
        QTRY_VERIFY(!session->isStreaming());
        QVERIFY(session->send(QStringLiteral("second")));
        QTRY_VERIFY(!session->isStreaming());

        // The key was really in play: both requests carried it.
        QCOMPARE(server.requests().size(), 2);
        for (const RecordedRequest &request : server.requests())
            QCOMPARE(request.headers.value("authorization"), "Bearer " + key.toUtf8());

        const ConversationExporter exporter(store);
        QStringList files;
        for (ExportFormat format : {ExportFormat::Markdown, ExportFormat::Json}) {
            const Result<QStringList> written =
                exporter.exportToFolder(dir.filePath(QStringLiteral("out")), format);
            QVERIFY(written.ok());
            files << written.value();
        }
        const QString single = dir.filePath(QStringLiteral("single.md"));
        QVERIFY(exporter.exportToFile(session->conversationId(), single, ExportFormat::Markdown));
        files << single;
        QCOMPARE(files.size(), 3);

        for (const QString &path : files) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray data = file.readAll();
            QVERIFY2(data.contains("Hello"), qPrintable(path)); // the export is not empty
            QVERIFY2(!data.contains(key.toUtf8()), qPrintable(path));
            // Nor a recognisable piece of it, nor any header.
            QVERIFY2(!data.contains(key.right(12).toUtf8()), qPrintable(path));
            QVERIFY2(!data.toLower().contains("bearer"), qPrintable(path));
            QVERIFY2(!data.toLower().contains("authorization"), qPrintable(path));
        }
    }
};

QTEST_GUILESS_MAIN(TestExportSecrets)
#include "tst_exportsecrets.moc"
