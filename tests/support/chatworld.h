#pragma once

#include "api/chatclient.h"
#include "catalogue/modelcatalogue.h"
#include "costs/spendingledger.h"
#include "fakeopenaiserver.h"
#include "models/conversationlistmodel.h"
#include "secrets/apikeys.h"
#include "secrets/memorysecretstore.h"
#include "session/appcontext.h"
#include "session/sessionregistry.h"
#include "settings/appsettings.h"
#include "store/conversationstore.h"
#include "store/sqlitedatabase.h"
#include "tokenizer/tokenizers.h"

#include <QList>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

class ChatSession;

// A whole application's worth of real parts for the tests that need one: a
// SQLite file in a temporary folder, the HTTP client against the fake server
// on loopback, an ini file of settings, the conversation list and the session
// registry over them. Only the keychain is in memory (the real one has its
// own integration test). No widgets, so core tests can use it too.
//
// The parts are public because the tests reach into every one of them
// (scripting the server, breaking the database, changing a setting). They are
// declared so that each is destroyed before what it uses: the registry's
// sessions go before the store, client, keys and settings they hold.
class ChatWorld
{
public:
    // Every member has an initializer, so a test names only what it changes
    // ({.model = ...}) without -Wmissing-field-initializers.
    struct Options
    {
        // What ApiKeys takes as OPENAI_API_KEY; empty: the keychain's key.
        QString envKey{};
        // The default model in Settings; empty keeps AppSettings' own.
        QString model{};
        // Start the fake server and point the base URL at it. Off where no
        // request is made, so Settings keep their default address.
        bool listen = true;
    };

    ChatWorld() = default;
    ChatWorld(const ChatWorld &) = delete;
    ChatWorld &operator=(const ChatWorld &) = delete;

    // Builds every part. False, with errorString() saying which part and
    // why, if one could not be made. (Two overloads rather than a default
    // argument: Options' member initializers are not usable inside the class.)
    bool setUp();
    bool setUp(const Options &options);
    QString errorString() const { return m_error; }

    // A new registry over the same store, client, keys and settings, as
    // after quitting and starting again; the old one and its sessions go.
    void makeRegistry();

    // A new chat from the registry, with a QAbstractItemModelTester watching
    // its message model for the whole life of the session.
    ChatSession *newSession();
    // The conversation's messages as stored; empty if they cannot be read.
    QList<ChatMessage> stored(qint64 conversationId) const;
    // Stores a conversation of `exchanges` questions and complete answers
    // ("q0", "a0", "q1"...) for `model`; `fill` may change each answer
    // before it is saved. Its id, or 0 if it could not be stored.
    qint64 storeConversation(int exchanges, const QString &model,
                             const std::function<void(ChatMessage &answer, int i)> &fill = {});
    // The reply a killed process left mid-stream with `partial` text, after
    // start-up marked it interrupted, in a conversation of its own that asked
    // `question`; id 0 if it could not be stored.
    ChatMessage storeCutReply(const QString &question, const QString &partial,
                              const QString &model);
    // Queues on the fake server a whole reply streaming `deltas`, in one step.
    void enqueueReply(const QStringList &deltas,
                      const QString &finishReason = QStringLiteral("stop"));
    // One SSE event carrying `text` as choices[0].delta.content, for scripts
    // that pace, cut or stall a reply.
    static QByteArray delta(const QString &text);
    // The ini file behind `settings`, for tests that read what was written.
    QString settingsPath() const;
    // Replace one of the catalogue's tables, keeping the other.
    void setPrices(const QList<PriceTable::Entry> &prices);
    void setContextLimits(const QList<ContextLimits::Entry> &limits, int replyReserve);
    // What a window is built with, over this world's parts.
    AppContext context();

    QTemporaryDir dir;
    SqliteDatabase database;
    std::unique_ptr<ConversationStore> store;
    QNetworkAccessManager network;
    FakeOpenAiServer server;
    std::unique_ptr<ChatClient> client;
    MemorySecretStore secrets;
    std::unique_ptr<ApiKeys> keys;
    std::unique_ptr<QSettings> qsettings;
    std::unique_ptr<AppSettings> settings;
    Tokenizers tokenizers;
    std::unique_ptr<ModelCatalogue> catalogue; // on `qsettings`, as in the application
    std::unique_ptr<SpendingLedger> spending;
    ConversationListModel conversations;
    std::unique_ptr<SessionRegistry> registry;

private:
    bool fail(const QString &reason);

    Options m_options;
    QString m_error;
};
