#pragma once

// Token counts as the server reported them (stream_options.include_usage).
struct TokenUsage
{
    int promptTokens = -1;
    int completionTokens = -1;
    int totalTokens = -1;

    bool isValid() const { return promptTokens >= 0 && completionTokens >= 0; }
};
