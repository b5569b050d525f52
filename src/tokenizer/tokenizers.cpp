#include "tokenizers.h"

#include <QCoreApplication>
#include <QFile>

namespace {

Result<QByteArray> readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return Result<QByteArray>::failure(
            QCoreApplication::translate("Tokenizers", "The tokenizer data %1 is missing: %2")
                .arg(path, file.errorString()));
    }
    return file.readAll();
}

} // namespace

Result<std::shared_ptr<const Tokenizer>> Tokenizers::load(Tokenizer::Encoding encoding)
{
    using Loaded = Result<std::shared_ptr<const Tokenizer>>;
    // The data is in confab_core's resources (src/CMakeLists.txt).
    Result<QByteArray> classData =
        readResource(QStringLiteral(":/confab/tokenizer/unicode-classes.bin"));
    if (!classData)
        return Loaded::failure(classData.error());
    Result<UnicodeClasses> classes = UnicodeClasses::fromData(classData.value());
    if (!classes)
        return Loaded::failure(classes.error());

    const QString name = Tokenizer::encodingName(encoding);
    Result<QByteArray> vocabularyData =
        readResource(QStringLiteral(":/confab/tokenizer/%1.bpe").arg(name));
    if (!vocabularyData)
        return Loaded::failure(vocabularyData.error());
    Result<BpeVocabulary> vocabulary = BpeVocabulary::fromData(vocabularyData.value());
    if (!vocabulary)
        return Loaded::failure(vocabulary.error());

    return std::shared_ptr<const Tokenizer>(std::make_shared<Tokenizer>(
        encoding, std::move(vocabulary).value(),
        std::make_shared<const UnicodeClasses>(std::move(classes).value())));
}

Result<std::shared_ptr<const Tokenizer>> Tokenizers::forEncoding(Tokenizer::Encoding encoding)
{
    using Loaded = Result<std::shared_ptr<const Tokenizer>>;
    const int index = int(encoding);
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_loaded[index])
        return m_loaded[index];
    if (!m_errors[index].isEmpty())
        return Loaded::failure(m_errors[index]); // the shipped data will not get better
    Loaded loaded = load(encoding);
    if (!loaded) {
        m_errors[index] = loaded.error();
        return loaded;
    }
    m_loaded[index] = loaded.value();
    return loaded;
}

bool Tokenizers::isLoaded(Tokenizer::Encoding encoding) const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_loaded[int(encoding)] != nullptr;
}
