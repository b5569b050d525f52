#include "apierror.h"

#include "core/redaction.h"

#include <QJsonDocument>
#include <QJsonObject>

QString ApiError::userMessage() const
{
    QString text;
    switch (kind) {
    case Kind::None:
        return {};
    case Kind::Auth:
        text = tr("The API key was rejected (%1). Open Settings to enter a valid key.")
                   .arg(httpStatus);
        break;
    case Kind::NotFound:
        text = tr("The server does not know this model or address (404). Check the base URL and "
                  "the model in Settings.");
        break;
    case Kind::ContextTooLong:
        text = tr("The conversation is too long for this model. Start a new chat or choose a "
                  "model with a larger context.");
        break;
    case Kind::NoCredit:
        text = tr("The account has no credit left. Check your plan and billing with the "
                  "provider.");
        break;
    case Kind::RateLimited:
        text = tr("The server is limiting requests (429). Wait a moment and try again.");
        break;
    case Kind::BadRequest:
        text = tr("The server refused the request (%1).").arg(httpStatus);
        break;
    case Kind::Server:
        text = tr("The server had a problem (%1). Try again in a moment.").arg(httpStatus);
        break;
    case Kind::Network:
        text = tr("Could not reach the server. Check your connection and the base URL in "
                  "Settings.");
        break;
    case Kind::HostNotFound:
        text = tr("Could not find the server: its name does not resolve. Check the base URL in "
                  "Settings and your internet connection.");
        break;
    case Kind::Refused:
        text = tr("The server refused the connection: nothing answers at that address and "
                  "port. If it is a local server (Ollama, llama.cpp, LM Studio), start it; "
                  "otherwise check the base URL in Settings.");
        break;
    case Kind::ConnectTimeout:
        text = tr("Could not connect to the server in time. Check your connection, the base "
                  "URL and the proxy in Settings, or raise the connect timeout there.");
        break;
    case Kind::Proxy:
        text = tr("Could not connect through the proxy. Check the proxy in Settings "
                  "(Network), or choose \u201cNo proxy\u201d if you do not need one.");
        break;
    case Kind::ProxyAuth:
        text = tr("The proxy asks for a user name and password, or rejected them (407). Enter "
                  "them in Settings (Network).");
        break;
    case Kind::InsecureKey:
        text = tr("Your API key was not sent: the base URL uses plain http:// to a host that is "
                  "not this computer, so anyone on the way could read the key. Use https://, "
                  "or confirm in Settings that you accept the risk for this address.");
        break;
    case Kind::Tls:
        text = tr("The secure connection failed: the server's certificate could not be "
                  "verified, so nothing was sent. Check the base URL and the system clock; "
                  "behind a proxy that inspects traffic, its certificate must be installed on "
                  "this computer.");
        break;
    case Kind::Timeout:
        text = tr("The server sent nothing for longer than the idle timeout, so Confab stopped "
                  "waiting. Slow reasoning models may need a longer idle timeout in Settings.");
        break;
    case Kind::Malformed:
        text = tr("The server sent a response Confab does not understand. Check the base URL "
                  "in Settings: it should point at an OpenAI-compatible API.");
        break;
    case Kind::Interrupted:
        text = tr("The connection closed before the reply was complete. Everything received "
                  "is kept.");
        break;
    case Kind::StreamError:
        text = tr("The server reported an error during the reply.");
        break;
    }
    // The details are the server's words, and a server may echo the key back
    // ("Incorrect API key provided: sk-..."): whatever shows them (the chat,
    // Settings' Test connection) gets them with anything key-shaped removed.
    if (!detail.isEmpty())
        text += QLatin1Char(' ') + tr("Details: %1").arg(Redaction::redact(detail));
    return text;
}

namespace {
struct ServerMessage
{
    QString message;
    QString type;
    QString code;
    bool isJson = false;
};

// OpenAI: {"error": {"message", "type", "code"}}; some servers send the
// error object at top level or as a bare string.
ServerMessage parseServerMessage(const QByteArray &body)
{
    ServerMessage out;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QByteArray trimmed = body.trimmed();
        if (trimmed.startsWith('<'))
            out.message = ApiError::tr("the server sent a web page instead of an API response");
        else
            out.message = QString::fromUtf8(trimmed.left(300));
        return out;
    }
    out.isJson = true;
    QJsonObject object = doc.object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isString()) {
        out.message = error.toString();
        return out;
    }
    if (error.isObject())
        object = error.toObject();
    out.message = object.value(QLatin1String("message")).toString();
    out.type = object.value(QLatin1String("type")).toString();
    const QJsonValue code = object.value(QLatin1String("code"));
    out.code = code.isDouble() ? QString::number(code.toInt()) : code.toString();
    return out;
}

bool mentionsContextLength(const ServerMessage &m)
{
    return m.code == QLatin1String("context_length_exceeded") ||
           m.message.contains(QLatin1String("context length"), Qt::CaseInsensitive) ||
           m.message.contains(QLatin1String("context size"), Qt::CaseInsensitive) ||
           m.message.contains(QLatin1String("maximum context"), Qt::CaseInsensitive);
}
} // namespace

ApiError ApiError::fromHttp(int status, const QByteArray &body)
{
    const ServerMessage m = parseServerMessage(body);
    ApiError e;
    e.httpStatus = status;
    e.detail = m.message;
    const bool noQuota = m.code == QLatin1String("insufficient_quota") ||
                         m.type == QLatin1String("insufficient_quota");
    if (status == 401 || status == 403)
        e.kind = Kind::Auth;
    else if (status == 404)
        e.kind = Kind::NotFound;
    else if (status == 402 || (status == 429 && noQuota))
        e.kind = Kind::NoCredit;
    else if (status == 429)
        e.kind = Kind::RateLimited;
    else if (status == 407)
        e.kind = Kind::ProxyAuth; // a forwarding proxy answered for the server
    // 408 is the server timing the request out, not our idle timer: it
    // gets the server's words, not advice about the idle timeout.
    else if (status == 408 || status >= 500)
        e.kind = Kind::Server;
    else if (status >= 400 && mentionsContextLength(m))
        e.kind = Kind::ContextTooLong;
    else if (status >= 400)
        e.kind = Kind::BadRequest;
    else
        e.kind = Kind::Malformed;
    return e;
}

ApiError ApiError::fromNetwork(QNetworkReply::NetworkError code, const QString &text)
{
    ApiError e;
    e.detail = text;
    switch (code) {
    case QNetworkReply::HostNotFoundError:
        e.kind = Kind::HostNotFound;
        break;
    case QNetworkReply::ConnectionRefusedError:
        e.kind = Kind::Refused;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        e.kind = Kind::Tls;
        break;
    case QNetworkReply::TimeoutError:
        e.kind = Kind::ConnectTimeout;
        break;
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
        e.kind = Kind::Proxy;
        break;
    case QNetworkReply::ProxyAuthenticationRequiredError:
        e.kind = Kind::ProxyAuth;
        break;
    default:
        e.kind = Kind::Network;
        break;
    }
    return e;
}

ApiError ApiError::fromStreamPayload(const QByteArray &json)
{
    const ServerMessage m = parseServerMessage(json);
    ApiError e;
    e.kind = mentionsContextLength(m) ? Kind::ContextTooLong : Kind::StreamError;
    e.detail = m.message;
    return e;
}
