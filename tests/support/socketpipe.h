#pragma once

class QTcpSocket;

// Copies everything between two sockets until either side closes; then the
// other side is closed too, and `b` deletes itself. The test proxy and the TLS
// front end both relay a client to the fake server this way.
void pipeSockets(QTcpSocket *a, QTcpSocket *b);
