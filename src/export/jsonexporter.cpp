#include "jsonexporter.h"

#include "core/redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
QJsonValue time(const QDateTime &value)
{
    if (!value.isValid())
        return QJsonValue::Null;
    return value.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue tokens(int count)
{
    return count < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(count);
}
} // namespace

QByteArray JsonExporter::toJson(const Conversation &conversation,
                                const QList<ChatMessage> &messages) const
{
    QJsonArray messageArray;
    for (const ChatMessage &m : messages) {
        messageArray.append(QJsonObject{
            {QStringLiteral("id"), m.id},
            {QStringLiteral("conversationId"), m.conversationId},
            {QStringLiteral("role"), ChatMessage::roleToString(m.role)},
            {QStringLiteral("content"), m.content},
            {QStringLiteral("reasoning"), m.reasoning},
            {QStringLiteral("state"), messageStateToString(m.state)},
            {QStringLiteral("model"), m.model},
            {QStringLiteral("error"), Redaction::redact(m.error)},
            {QStringLiteral("promptTokens"), tokens(m.promptTokens)},
            {QStringLiteral("completionTokens"), tokens(m.completionTokens)},
            // The counts above are the tokenizer's: the server reported none.
            {QStringLiteral("usageEstimated"), m.usageEstimated},
            {QStringLiteral("createdAt"), time(m.createdAt)},
            {QStringLiteral("updatedAt"), time(m.updatedAt)},
        });
    }
    const QJsonObject root{
        {QStringLiteral("format"), formatName()},
        {QStringLiteral("formatVersion"), kFormatVersion},
        {QStringLiteral("conversation"),
         QJsonObject{
             {QStringLiteral("id"), conversation.id},
             {QStringLiteral("title"), conversation.title},
             {QStringLiteral("model"), conversation.model},
             {QStringLiteral("systemPrompt"), conversation.systemPrompt},
             {QStringLiteral("createdAt"), time(conversation.createdAt)},
             {QStringLiteral("updatedAt"), time(conversation.updatedAt)},
         }},
        {QStringLiteral("messages"), messageArray},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}
