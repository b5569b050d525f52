#pragma once

#include "bpevocabulary.h"
#include "bytepairencoder.h"
#include "pretokenizer.h"
#include "unicodeclasses.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>
#include <optional>
#include <vector>

// tiktoken's encode_ordinary for one encoding: text that looks like a special
// token ("<|endoftext|>") is plain text here, as in anything a user types.
// Immutable once built, so one instance may be used from any thread.
class Tokenizer
{
public:
    enum class Encoding { O200kBase, Cl100kBase };

    // tiktoken's names: "o200k_base", "cl100k_base".
    static QString encodingName(Encoding encoding);
    // OpenAI's mapping, by prefix: gpt-4o, gpt-4.1, gpt-4.5, o1, o3, o4,
    // gpt-5 and later use o200k_base; gpt-4 and gpt-3.5 use cl100k_base. A
    // provider prefix ("openai/gpt-4o") is ignored. Unknown models, which
    // today are mostly newer ones, get o200k_base.
    static Encoding encodingForModel(QStringView model);
    // The same, but nothing for a model that is not one of OpenAI's (whose
    // count with an OpenAI encoding is only an estimate).
    static std::optional<Encoding> knownEncodingForModel(QStringView model);

    Tokenizer(Encoding encoding, BpeVocabulary vocabulary,
              std::shared_ptr<const UnicodeClasses> classes);
    Tokenizer(const Tokenizer &) = delete;
    Tokenizer &operator=(const Tokenizer &) = delete;

    Encoding encoding() const { return m_encoding; }
    int vocabularySize() const { return m_vocabulary.size(); }

    std::vector<int> encode(QStringView text) const;
    std::vector<int> encodeUtf8(QByteArrayView utf8) const;
    qsizetype count(QStringView text) const;
    qsizetype countUtf8(QByteArrayView utf8) const;
    // The bytes of the tokens (UTF-8 when they are a whole encoding);
    // ranks outside the vocabulary are skipped.
    QByteArray decode(const std::vector<int> &ranks) const;

    const BpeVocabulary &vocabulary() const { return m_vocabulary; }
    const PreTokenizer &preTokenizer() const { return m_preTokenizer; }
    const BytePairEncoder &bytePairEncoder() const { return m_encoder; }

private:
    // Calls onPiece(piece, size) for each pre-tokenized piece, in order.
    template<typename Emit> void forEachPiece(QByteArrayView utf8, Emit &&onPiece) const;

    Encoding m_encoding;
    BpeVocabulary m_vocabulary;
    std::shared_ptr<const UnicodeClasses> m_classes;
    PreTokenizer m_preTokenizer;
    BytePairEncoder m_encoder;
};
