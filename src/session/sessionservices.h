#pragma once

class ApiKeys;
class AppSettings;
class ChatClient;
class ConversationStore;
class ModelCatalogue;
class SpendingLedger;
class Tokenizers;

// What a chat session needs from the application, passed in explicitly (no
// singletons, no optional parts: a session always counts, fits and prices
// its requests the same way). All of them outlive every session.
struct SessionServices
{
    ConversationStore &store;
    ChatClient &client;
    ApiKeys &keys;
    AppSettings &settings;
    Tokenizers &tokenizers;
    // Context limits (a request that would not fit leaves out its oldest
    // turns) and prices; announces edits.
    ModelCatalogue &catalogue;
    // What each request cost is recorded here, against the budgets.
    SpendingLedger &spending;
};
