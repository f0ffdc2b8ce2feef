#pragma once

#include <QHostAddress>

#include <functional>

class QAbstractSocket;

// Runs the event loop until condition() is true or timeoutMs passes; returns
// condition(). Wakes on every event, so it never sleeps longer than needed.
bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 5000);

// Connects and waits for the outcome; true when connected.
bool connectAndWait(QAbstractSocket *socket, quint16 port,
                    const QHostAddress &host = QHostAddress::LocalHost);
// Waits until the socket is closed (by either side).
bool waitForUnconnected(QAbstractSocket *socket, int timeoutMs = 5000);
