#include "socketpipe.h"

#include <QPointer>
#include <QTcpSocket>

void pipeSockets(QTcpSocket *a, QTcpSocket *b)
{
    // QAbstractSocket: a socket being destroyed still emits disconnected()
    // from ~QAbstractSocket, when it is no longer a QTcpSocket.
    const QPointer<QAbstractSocket> pa(a), pb(b);
    QObject::connect(a, &QTcpSocket::readyRead, b, [pa, pb] {
        if (pa && pb)
            pb->write(pa->readAll());
    });
    QObject::connect(b, &QTcpSocket::readyRead, a, [pa, pb] {
        if (pa && pb)
            pa->write(pb->readAll());
    });
    QObject::connect(a, &QTcpSocket::disconnected, b, [pb] {
        if (pb)
            pb->disconnectFromHost();
    });
    QObject::connect(b, &QTcpSocket::disconnected, a, [pa] {
        if (pa)
            pa->disconnectFromHost();
    });
    QObject::connect(b, &QTcpSocket::disconnected, b, &QObject::deleteLater);
}
