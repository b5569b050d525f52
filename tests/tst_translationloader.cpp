// TranslationLoader against real .qm files. Confab's own translation is
// compiled into the app, not into this test, so a stand-in takes its place:
// one of Qt's own qtbase_<lang>.qm files copied under the name
// confab_<lang>.qm. What is checked is the loader's choice of files and what
// ends up installed, read back through QCoreApplication::translate.
#include "i18n/translationloader.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
// A string from Qt's own catalogue; its translation shows which qtbase
// translator, if any, is installed.
QString qtString()
{
    return QCoreApplication::translate("QCommandLineParser", "Displays version information.");
}
} // namespace

class TestTranslationLoader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_appDir.isValid());
        const QString qtDir = TranslationLoader::defaultQtDirectory();
        for (const QString &lang : {QStringLiteral("zh_CN"), QStringLiteral("fr")}) {
            const QString qm = QStringLiteral("%1/qtbase_%2.qm").arg(qtDir, lang);
            if (!QFile::exists(qm))
                QSKIP("Qt's translations are not installed (Debian: qt6-translations-l10n)");
            QVERIFY(QFile::copy(qm, m_appDir.filePath(QStringLiteral("confab_%1.qm").arg(lang))));
        }
        QCOMPARE(qtString(), QStringLiteral("Displays version information."));
    }

    void installsAppAndQtTranslationsForTheLocale()
    {
        TranslationLoader loader(m_appDir.path());
        QCOMPARE(loader.install(QLocale(QLocale::Chinese, QLocale::China)),
                 QStringLiteral("zh_CN"));
        QVERIFY(loader.qtTranslationInstalled());
        QCOMPARE(qtString(), QStringLiteral("显示版本信息。"));
    }

    void removesTheTranslationsWhenDestroyed()
    {
        {
            TranslationLoader loader(m_appDir.path());
            QVERIFY(!loader.install(QLocale(QLocale::Chinese, QLocale::China)).isEmpty());
            QVERIFY(qtString() != QStringLiteral("Displays version information."));
        }
        QCOMPARE(qtString(), QStringLiteral("Displays version information."));
    }

    void fallsBackFromRegionToLanguage()
    {
        // Only confab_fr.qm exists: French as spoken in Canada still finds it.
        TranslationLoader loader(m_appDir.path());
        QVERIFY(loader.install(QLocale(QLocale::French, QLocale::Canada)).startsWith(u"fr"));
        QVERIFY(loader.qtTranslationInstalled());
        QVERIFY(qtString() != QStringLiteral("Displays version information."));
    }

    void staysEnglishWithoutAnAppTranslation()
    {
        // Qt has German, Confab (here) does not: nothing German may appear,
        // or the standard buttons would be German beside English labels.
        QVERIFY(QFile::exists(TranslationLoader::defaultQtDirectory() +
                              QStringLiteral("/qtbase_de.qm")));
        TranslationLoader loader(m_appDir.path());
        QCOMPARE(loader.install(QLocale(QLocale::German, QLocale::Germany)), QString());
        QVERIFY(!loader.qtTranslationInstalled());
        QCOMPARE(qtString(), QStringLiteral("Displays version information."));
    }

    void reportsAMissingQtTranslation()
    {
        QTemporaryDir emptyQtDir;
        QVERIFY(emptyQtDir.isValid());
        TranslationLoader loader(m_appDir.path(), emptyQtDir.path());
        QCOMPARE(loader.install(QLocale(QLocale::Chinese, QLocale::China)),
                 QStringLiteral("zh_CN"));
        QVERIFY(!loader.qtTranslationInstalled());
    }

private:
    QTemporaryDir m_appDir;
};

QTEST_GUILESS_MAIN(TestTranslationLoader)
#include "tst_translationloader.moc"
