#include "sseparser.h"

#include <QStringDecoder>

#include <limits>

namespace {

// QString::fromUtf8() silently drops a BOM at the start of its input, which would eat one at the
// start of a field value. Only the BOM at the start of the stream is not data, and skipBom()
// already removed that one. Stateless: every call decodes a complete line.
QString decodeUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                     QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(bytes);
}

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    const qsizetype size = bytes.size();
    if (size == 0)
        return out; // an empty piece must not forget a CR that ended the previous one

    qsizetype start = 0;
    if (m_skipLeadingLf) {
        m_skipLeadingLf = false;
        if (bytes.front() == '\n')
            start = 1; // the LF of a CRLF split across pieces ends no second line
    }

    // Only the new bytes are scanned; bytes kept in m_line were searched already, so feeding a
    // long stream in tiny pieces stays linear.
    const char *const data = bytes.data();
    qsizetype pos = start;
    while (pos < size) {
        const char c = data[pos];
        if (c != '\r' && c != '\n') {
            ++pos;
            continue;
        }
        const QByteArrayView tail = bytes.sliced(start, pos - start);
        if (m_line.isEmpty()) {
            processLine(tail, out); // the common case: the line lies wholly in this piece
        } else {
            m_line.append(tail);
            processLine(m_line, out);
            m_line.clear(); // releases the memory of a long line rather than keeping it
        }
        ++pos;
        if (c == '\r') {
            if (pos == size)
                m_skipLeadingLf = true;
            else if (data[pos] == '\n')
                ++pos;
        }
        start = pos;
    }
    m_line.append(bytes.sliced(start));
    return out;
}

QString SseParser::finish()
{
    // The spec drops an unterminated last line with the unfinished event. Only its data is
    // looked at, so that "data: [DONE]" at the very end is still recognised; its other fields
    // must not change state (a half-received "retry" or "id" is not trustworthy).
    if (!m_line.isEmpty()) {
        const Field field = splitField(skipBom(m_line));
        if (field.name == "data")
            appendData(field.value);
    }
    const QString pending = m_hasData ? m_data : QString();

    // A reconnection starts a new stream: it may begin with a BOM again, and nothing of the
    // unfinished event carries over. The id buffer restarts from the id last applied, as
    // browsers do, so a blank line in the new stream does not clear lastEventId().
    m_line.clear();
    m_skipLeadingLf = false;
    m_bomChecked = false;
    m_data.clear();
    m_hasData = false;
    m_eventType.clear();
    m_idBuffer = m_lastEventId;
    return pending;
}

SseParser::Field SseParser::splitField(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return {line, {}}; // a line without a colon is a field with an empty value
    QByteArrayView value = line.sliced(colon + 1);
    if (value.startsWith(' '))
        value = value.sliced(1); // only one space: any further ones belong to the value
    return {line.first(colon), value};
}

QByteArrayView SseParser::skipBom(QByteArrayView line)
{
    // The BOM can only be at the start of the first line, and a BOM is never a line ending, so
    // checking whole lines catches it even when it arrives split across pieces.
    if (m_bomChecked)
        return line;
    m_bomChecked = true;
    return line.startsWith("\xEF\xBB\xBF") ? line.sliced(3) : line;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    line = skipBom(line);
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // a comment, e.g. a keep-alive

    const Field field = splitField(line);
    if (field.name == "data") {
        appendData(field.value);
    } else if (field.name == "event") {
        m_eventType = decodeUtf8(field.value);
    } else if (field.name == "id") {
        if (!field.value.contains('\0'))
            m_idBuffer = decodeUtf8(field.value);
    } else if (field.name == "retry") {
        if (field.value.isEmpty())
            return;
        qint64 ms = 0;
        for (const char c : field.value) {
            if (c < '0' || c > '9')
                return; // the spec ignores the whole field unless it is all ASCII digits
            // Saturate instead of overflowing: an absurd value still means "wait long".
            ms = qMin<qint64>(ms * 10 + (c - '0'), std::numeric_limits<int>::max());
        }
        m_retryMs = int(ms);
    } else if (field.name == "error") {
        // Non-standard (old llama.cpp): no blank line follows, so it is reported at once and
        // leaves the event being built alone.
        out.append({QStringLiteral("error"), decodeUtf8(field.value), m_idBuffer});
    }
    // Other fields are ignored, as the spec says.
}

void SseParser::appendData(QByteArrayView value)
{
    // Joining with LF here rather than appending LF and stripping the last one on dispatch
    // gives the same result; m_hasData tells "data:" (an empty line of data) from no data.
    if (m_hasData)
        m_data.append(QLatin1Char('\n'));
    m_data.append(decodeUtf8(value));
    m_hasData = true;
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    // The spec applies the id buffer on every blank line, even one that dispatches nothing.
    m_lastEventId = m_idBuffer;
    if (m_hasData)
        out.append({m_eventType, m_data, m_idBuffer});
    m_data.clear();
    m_hasData = false;
    m_eventType.clear();
}
