#pragma once

class ApiKeys;
class AppSettings;
class ChatClient;
class ContextWindows;
class PriceTable;
class SpendingLedger;
class ConversationStore;
class Tokenizers;

// What a chat session needs from the application, passed in explicitly (no
// singletons). All of them outlive every session.
struct SessionServices
{
    ConversationStore &store;
    ChatClient &client;
    ApiKeys &keys;
    AppSettings &settings;
    // Optional: with both, a request that would not fit the model's context
    // leaves out its oldest turns (ChatSession::fitToContext).
    Tokenizers *tokenizers = nullptr;
    ContextWindows *contextWindows = nullptr;
    // Optional: what replies cost (shown under the composer). Both tables are
    // edited in ModelTablesDialog.
    PriceTable *prices = nullptr;
    // Optional: what each reply cost is recorded here, against the budgets.
    SpendingLedger *spending = nullptr;
};
