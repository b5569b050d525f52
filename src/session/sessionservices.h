#pragma once

class ApiKeys;
class AppSettings;
class ChatClient;
class ConversationStore;

// What a chat session needs from the application, passed in explicitly (no
// singletons). All of them outlive every session.
struct SessionServices
{
    ConversationStore &store;
    ChatClient &client;
    ApiKeys &keys;
    AppSettings &settings;
};
