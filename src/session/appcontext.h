#pragma once

class ApiKeys;
class AppSettings;
class ChatClient;
class ConversationListModel;
class ModelCatalogue;
class ProxyController;
class SessionRegistry;
class SpendingLedger;
class Tokenizers;

// Everything a window works with, built once by main and passed to every
// window the same way: the windows never reach services through a session.
// All of them outlive every window.
struct AppContext
{
    SessionRegistry &sessions;
    ConversationListModel &conversations;
    AppSettings &settings;
    ApiKeys &keys;
    ChatClient &client;        // Settings' Test connection
    Tokenizers &tokenizers;    // the live token count
    ModelCatalogue &catalogue; // context limits and prices (Models and Prices)
    SpendingLedger &spending;  // budgets, asked before sending
    // Keeps the proxy password in the keychain for Settings; null where
    // there is no proxy to configure (tests that never open Settings' Network).
    ProxyController *proxy = nullptr;
};
