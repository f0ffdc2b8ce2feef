#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// One of the project's programs running as a child process of a test: what
// it printed (standard output and error together), what to type on its
// standard input, and waits that run the event loop. Killed when destroyed.
class ChildProcess
{
public:
    ChildProcess() = default;
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    // The test's environment with no display of any kind (and Qt's message
    // pattern unset, so that output is as the program writes it).
    static QProcessEnvironment headlessEnvironment();

    void start(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment);
    // Types a line on the program's standard input.
    void type(const QString &line);
    void closeInput() { m_process.closeWriteChannel(); }
    void kill() { m_process.kill(); }

    // Everything printed so far.
    QString output();
    bool waitForOutput(const QString &text, int timeoutMs = 10000);
    bool waitForExit(int timeoutMs = 10000);
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    qint64 processId() const { return m_process.processId(); }

private:
    QProcess m_process;
    QString m_output;
};
