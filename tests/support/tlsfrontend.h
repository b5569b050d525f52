#pragma once

#include <QObject>
#include <QSslCertificate>

class QSslServer;

// A TLS endpoint on 127.0.0.1 in front of a plain TCP backend (such as the
// FakeOpenAiServer): it decrypts and forwards both ways. Its certificate is
// self-signed for api.confab.test, localhost and 127.0.0.1, valid from 2000
// to 2099. A client that does not trust it must fail the handshake; a test
// may trust it explicitly (certificate()) to go through.
class TlsFrontend : public QObject
{
    Q_OBJECT
public:
    explicit TlsFrontend(quint16 backendPort, QObject *parent = nullptr);
    ~TlsFrontend() override;

    bool listen();
    quint16 port() const;
    int handshakes() const { return m_handshakes; } // completed ones

    static QSslCertificate certificate();

private:
    void onNewConnection();

    QSslServer *m_server;
    quint16 m_backendPort;
    int m_handshakes = 0;
};
