#pragma once

// main() for the test suites of the server core: as QTEST_GUILESS_MAIN, but
// with QTCHAT_EVENT_DISPATCHER=epoll the server's own epoll dispatcher runs
// them (as it runs the headless server), so that one suite checks both.
#include <QCoreApplication>
#include <QTest>

#ifdef Q_OS_LINUX
#include "epolleventdispatcher.h"
#endif

#ifdef Q_OS_LINUX
#define QTCHAT_INSTALL_TEST_DISPATCHER()                                                           \
    if (qEnvironmentVariable("QTCHAT_EVENT_DISPATCHER") == u"epoll")                               \
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher)
#else
#define QTCHAT_INSTALL_TEST_DISPATCHER()
#endif

#define QTCHAT_SERVER_TEST_MAIN(TestObject)                                                        \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        QTCHAT_INSTALL_TEST_DISPATCHER();                                                          \
        QCoreApplication app(argc, argv);                                                          \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                   \
        TestObject tc;                                                                             \
        QTEST_SET_MAIN_SOURCE_PATH                                                                 \
        return QTest::qExec(&tc, argc, argv);                                                      \
    }
