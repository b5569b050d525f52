#include "translationloader.h"

#include <QCoreApplication>
#include <QLibraryInfo>

#include <utility>

TranslationLoader::TranslationLoader(QString appDirectory, QString qtDirectory)
    : m_appDirectory(std::move(appDirectory))
    , m_qtDirectory(std::move(qtDirectory))
{}

QString TranslationLoader::defaultQtDirectory()
{
    return QLibraryInfo::path(QLibraryInfo::TranslationsPath);
}

QString TranslationLoader::install(const QLocale &locale)
{
    // QTranslator::load walks the locale's UI languages (zh-Hans-CN, zh-CN,
    // zh, ...) and takes the first file that exists.
    if (!m_app.load(locale, QStringLiteral("confab"), QStringLiteral("_"), m_appDirectory))
        return {};
    QCoreApplication::installTranslator(&m_app);

    const QString language = m_app.language();
    m_qtInstalled = m_qt.load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                              m_qtDirectory) &&
                    QCoreApplication::installTranslator(&m_qt);
    return language;
}
