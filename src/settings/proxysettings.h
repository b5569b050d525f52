#pragma once

#include <QString>

// How Confab reaches the network. The proxy password is not here: it lives
// in the system keychain (entry "proxy-password"), never in the settings file.
struct ProxySettings
{
    enum class Mode {
        System, // the desktop's proxy and https_proxy/all_proxy/no_proxy (the default)
        None,   // connect directly
        Manual, // the proxy below
    };
    enum class Type { Http, Socks5 };

    Mode mode = Mode::System;
    Type type = Type::Http;
    QString host;
    int port = 0;
    QString user; // empty: the proxy needs no credentials

    bool operator==(const ProxySettings &) const = default;
};
