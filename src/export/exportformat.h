#pragma once

// The file formats a conversation can be exported to. Markdown is for
// people to read; JSON keeps every stored field, for programs and backups.
enum class ExportFormat { Markdown, Json };
