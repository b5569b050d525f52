#pragma once

#include "core/result.h"
#include "tokenizer.h"

#include <QStringView>

#include <memory>
#include <mutex>

// The tokenizers of the encodings Confab knows, each loaded from the
// application's resources the first time it is asked for (decompressing and
// indexing o200k_base takes tens of milliseconds and a few MB, so nothing is
// loaded until a count is needed). Not a singleton: main makes one and passes
// it in. Safe to call from any thread; a load happens at most once.
class Tokenizers
{
public:
    Tokenizers() = default;
    Tokenizers(const Tokenizers &) = delete;
    Tokenizers &operator=(const Tokenizers &) = delete;

    Result<std::shared_ptr<const Tokenizer>> forEncoding(Tokenizer::Encoding encoding);
    Result<std::shared_ptr<const Tokenizer>> forModel(QStringView model)
    {
        return forEncoding(Tokenizer::encodingForModel(model));
    }
    // Already loaded (a call to forEncoding would not wait)?
    bool isLoaded(Tokenizer::Encoding encoding) const;

    // Reads the shipped data; each call builds a new tokenizer.
    static Result<std::shared_ptr<const Tokenizer>> load(Tokenizer::Encoding encoding);

private:
    static constexpr int kEncodings = 2;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Tokenizer> m_loaded[kEncodings];
    QString m_errors[kEncodings];
};
