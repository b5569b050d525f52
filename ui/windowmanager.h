#pragma once

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include "session/appcontext.h"

class MainWindow;
class QSettings;

// Opens and keeps track of the main windows. Every window shares the same
// registry, so a conversation open in two windows is one model and a reply
// streams live in both. Remembers which windows were open (conversation and
// geometry) so they come back after a restart, and never lets a reply that is
// still streaming be cut off because its window was closed: the process stays
// until the reply is complete and stored. The windows are written down a
// moment after any of them opens, closes, moves or changes conversation, not
// only at quit, so they come back after a crash too.
class WindowManager : public QObject
{
    Q_OBJECT
public:
    // Every window is built with `app`; `state` keeps the open windows.
    WindowManager(const AppContext &app, QSettings &state, QObject *parent = nullptr);

    // A new window showing the conversation (0: a new chat), shown and raised.
    MainWindow *openWindow(qint64 conversationId = 0);
    // The windows of the last run, or one new window if there were none.
    QList<MainWindow *> restoreWindows();
    // Another start of confab handed its command line over.
    void handleArguments(const QStringList &arguments);
    QList<MainWindow *> windows() const;

    // Remembers the windows, closes them and quits once no reply is streaming.
    void quit();

    // How long after a change the windows are written down: changes in a
    // burst (a window dragged across the screen) are one write.
    static constexpr int kSaveDelayMs = 1000;

signals:
    // No window is open and no reply is streaming: the application may quit
    // now (main connects this to QCoreApplication::quit).
    void readyToQuit();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void saveWindows(const QList<MainWindow *> &windows);
    void scheduleSave();
    void saveOpenWindows();
    void quitWhenRepliesAreDone();

    AppContext m_app;
    SessionRegistry &m_sessions;
    QSettings &m_state;
    QList<QPointer<MainWindow>> m_windows;
    bool m_quitting = false;
    bool m_lossAccepted = false; // the user chose to quit over unsaved replies
    QTimer m_saveTimer;
};
