#pragma once

#include <QLocale>
#include <QString>
#include <QTranslator>

// Installs the translations for the user's language: Confab's own (compiled
// into the binary under :/i18n by qt_add_translations) and Qt's (qtbase_*.qm
// from the system, so standard buttons, file dialogs and the --help text are
// translated too). Qt's translation is only installed for the language Confab
// itself is translated into, so the interface is never half in one language
// and half in another. The translators stay installed as long as this object
// lives.
class TranslationLoader
{
public:
    explicit TranslationLoader(QString appDirectory = QStringLiteral(":/i18n"),
                               QString qtDirectory = defaultQtDirectory());
    TranslationLoader(const TranslationLoader &) = delete;
    TranslationLoader &operator=(const TranslationLoader &) = delete;

    // Returns the language installed ("zh_CN"), or an empty string when Confab
    // has no translation for any of the locale's UI languages: then the
    // interface stays in English, which is not an error.
    QString install(const QLocale &locale);

    // False when Confab's translation is installed but Qt's for the same
    // language is missing (Debian package qt6-translations-l10n).
    bool qtTranslationInstalled() const { return m_qtInstalled; }

    static QString defaultQtDirectory();

private:
    QString m_appDirectory;
    QString m_qtDirectory;
    QTranslator m_app;
    QTranslator m_qt;
    bool m_qtInstalled = false;
};
