#pragma once

#include "sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// An incremental parser for the text/event-stream format as the WHATWG HTML
// spec defines it ("Parsing an event stream"). Bytes arrive in arbitrary
// pieces from the network: a piece may end inside a UTF-8 character or
// between the CR and LF of one line ending, and the result must be the same
// as if the whole stream had arrived at once.
//
// One non-standard extension: old llama.cpp servers report failures as a line
// "error: {json}" instead of an event. A line whose field name is "error" is
// therefore dispatched at once as an event of type "error" whose data is the
// field value, the same shape as a standard "event: error" event, so the
// client handles both in one place.
class SseParser
{
public:
    // Feeds the next bytes of the stream; returns the events they completed.
    QList<SseEvent> feed(QByteArrayView bytes);

    // The stream ended. As the spec says, an event not terminated by a blank
    // line is discarded and not returned. Its data (after a last line without
    // a line ending has been processed) is handed back instead, so the caller
    // can recognise a final "data: [DONE]" that some llama.cpp builds send
    // without a blank line. Empty if nothing was pending. Afterwards the
    // parser is ready for a new stream (a reconnection); lastEventId() and
    // reconnectionTimeMs() persist.
    QString finish();

    // The last event id seen (persists across events), and the reconnection
    // time from the last valid "retry" field, -1 if none.
    QString lastEventId() const { return m_lastEventId; }
    int reconnectionTimeMs() const { return m_retryMs; }

private:
    struct Field
    {
        QByteArrayView name;
        QByteArrayView value;
    };
    static Field splitField(QByteArrayView line);

    void processLine(QByteArrayView line, QList<SseEvent> &out);
    QByteArrayView skipBom(QByteArrayView line);
    void appendData(QByteArrayView value);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_line;            // bytes of the current, unfinished line
    bool m_skipLeadingLf = false; // the previous piece ended in CR
    bool m_bomChecked = false;
    QString m_data;
    bool m_hasData = false;
    QString m_eventType;
    // The spec's "last event ID buffer": set by "id", applied to m_lastEventId on dispatch.
    QString m_idBuffer;
    QString m_lastEventId;
    int m_retryMs = -1;
};
